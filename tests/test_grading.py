"""Real nbgrader runs on every lesson: the reference gets full marks, the untouched
student notebook gets zero, and each plausible wrong answer loses exactly the
points of its own exercise.

One test class per lesson (generated at the bottom), so that pytest-xdist's
--dist loadscope grades different lessons on different workers."""
import html
import re
import subprocess
import sys

import pytest

from autograder import sandbox, submissions
from autograder.grading import GradingRun
from autograder.pipeline import lessons

# Grade in the sandbox where there is one; test_sandbox.py says so when there is not.
SANDBOX = [] if sandbox.available() is None else ["--no-sandbox"]


class GradingChecks:
    lesson: str

    @pytest.fixture(scope="class")
    def graded(self, tmp_path_factory):
        """Grade a small class for this lesson with nbgrader; return (run, students)."""
        lesson = self.lesson
        work = tmp_path_factory.mktemp(lesson)
        reference = submissions.reference_answers(lesson)
        students = {"reference": reference, "untouched": {}}
        for cell, wrongs in submissions.wrong_answers(lesson).items():
            for name, code in wrongs.items():
                students[f"wrong--{cell}--{name}"] = {**reference, cell: code.strip("\n")}
        for cell, rights in submissions.right_answers(lesson).items():
            for name, code in rights.items():
                students[f"right--{cell}--{name}"] = {**reference, cell: code.strip("\n")}
        for student, answers in students.items():
            submissions.write(submissions.submission(lesson, answers), work / "submitted", student, lesson)
        # Five kernels per lesson (they mostly wait on sleeps and I/O): pytest-xdist grades two lessons at once.
        done = subprocess.run([sys.executable, "-m", "autograder.grading", str(work / "submitted"), "--out",
                               str(work / "graded"), "--workers", "5", *SANDBOX], capture_output=True, text=True,
                              timeout=1500)
        assert done.returncode == 0, f"the grading pipeline failed:\n{done.stdout}\n{done.stderr[-5000:]}"
        return GradingRun(work / "graded"), students

    def test_reference_gets_full_marks(self, graded):
        run, _ = graded
        expected = submissions.points(self.lesson)
        assert run.cell_scores("reference", self.lesson) == expected, run.cell_errors("reference", self.lesson)
        assert run.totals()[("reference", self.lesson)] == sum(expected.values())

    def test_each_right_answer_written_otherwise_gets_full_marks(self, graded):
        run, students = graded
        expected = submissions.points(self.lesson)
        for student in (s for s in students if s.startswith("right--")):
            scores = run.cell_scores(student, self.lesson)
            lost = {test: run.cell_errors(student, self.lesson).get(test) for test in scores
                    if scores[test] != expected[test]}
            assert not lost, f"{student}: a correct answer lost points (with the error): {lost}"

    def test_untouched_notebook_gets_zero(self, graded):
        run, _ = graded
        scores = run.cell_scores("untouched", self.lesson)
        assert set(scores) == set(submissions.points(self.lesson))
        assert all(score == 0 for score in scores.values()), scores
        assert run.totals()[("untouched", self.lesson)] == 0

    def test_each_wrong_answer_loses_exactly_its_exercise(self, graded):
        run, students = graded
        full = submissions.points(self.lesson)
        tests_of = submissions.exercises(self.lesson)
        for student in students:
            if not student.startswith("wrong--"):
                continue
            _, cell, _ = student.split("--")
            expected = {test: (0.0 if test in tests_of[cell] else pts) for test, pts in full.items()}
            scores = run.cell_scores(student, self.lesson)
            errors = run.cell_errors(student, self.lesson) if scores != expected else {}
            unexpected = {test: errors.get(test) for test in scores if scores[test] != expected[test]}
            assert scores == expected, (
                f"{student}: expected to lose the points of {tests_of[cell]} and nothing else; "
                f"these tests scored otherwise (with their error): {unexpected}")

    def test_feedback_never_shows_a_hidden_test(self, graded):
        run, students = graded
        hidden = submissions.hidden_test_lines(self.lesson)
        assert hidden, f"{self.lesson} has no hidden tests"
        for student, answers in students.items():
            [html] = run.feedback_html(student, self.lesson)
            text = feedback_text(html)
            own = "\n".join(answers.values())  # a line the student wrote is theirs to see, not a leak
            leaked = sorted(line for line in hidden if line in text and line not in own)
            assert not leaked, f"{student}'s feedback shows hidden-test lines: {leaked[:3]}"

    def test_a_wrong_answers_feedback_shows_why_it_failed(self, graded):
        run, students = graded
        tests_of = submissions.exercises(self.lesson)
        for student in students:
            if not student.startswith("wrong--"):
                continue
            _, cell, _ = student.split("--")
            [html] = run.feedback_html(student, self.lesson)
            text = feedback_text(html)
            errors = run.cell_errors(student, self.lesson)
            for test in tests_of[cell]:
                message = errors.get(test, "").splitlines()[0][:80] if errors.get(test) else ""
                assert message and message in text, f"{student}: the feedback lacks the failure of {test}: {message!r}"

    def test_feedback_and_grades_csv_are_written(self, graded):
        run, students = graded
        totals = run.totals()
        for student in students:
            assert (student, self.lesson) in totals, f"grades.csv has no row for {student}"
            [html] = run.feedback_html(student, self.lesson)
            total = sum(submissions.points(self.lesson).values())
            score = totals[(student, self.lesson)]
            assert f"Score: {score:.1f} / {total:.1f}" in html.read_text(), f"{html} does not show the score {score}"


def feedback_text(html_file) -> str:
    """The feedback as a reader sees it: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text()))


for _lesson in lessons():
    _name = "TestLesson" + "".join(part.capitalize() for part in _lesson.split("-"))
    globals()[_name] = type(_name, (GradingChecks,), {"lesson": _lesson})
