"""Real nbgrader runs on every lesson: the reference gets full marks, the untouched
student notebook gets zero, and each plausible wrong answer loses exactly the
points of its own exercise."""
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import submissions
from autograder.pipeline import GradingRun, lessons

WRONG_DIR = Path(__file__).parent / "wrong_answers"


def wrong_answers(lesson: str) -> dict[str, dict[str, str]]:
    path = WRONG_DIR / f"{lesson}.py"
    return runpy.run_path(str(path))["WRONG_ANSWERS"] if path.exists() else {}


@pytest.fixture(scope="module", params=lessons())
def graded(request, tmp_path_factory):
    """Grade a small class for one lesson with nbgrader; return (lesson, run, students)."""
    lesson = request.param
    work = tmp_path_factory.mktemp(lesson)
    reference = submissions.reference_answers(lesson)
    students = {"reference": reference, "untouched": {}}
    for cell, wrongs in wrong_answers(lesson).items():
        for name, code in wrongs.items():
            students[f"wrong--{cell}--{name}"] = {**reference, cell: code.strip("\n")}
    for student, answers in students.items():
        submissions.write(submissions.submission(lesson, answers), work / "submitted", student, lesson)
    done = subprocess.run([sys.executable, "-m", "autograder.pipeline", "grade", str(work / "submitted"),
                           "--out", str(work / "graded")], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"the grading pipeline failed:\n{done.stdout}\n{done.stderr[-5000:]}"
    return lesson, GradingRun(work / "graded"), students


def test_every_exercise_has_two_wrong_answers(graded):
    lesson, _, _ = graded
    wrongs = wrong_answers(lesson)
    for cell in submissions.exercises(lesson):
        assert len(wrongs.get(cell, {})) >= 2, f"{lesson}: exercise {cell!r} needs at least two wrong answers"


def test_reference_gets_full_marks(graded):
    lesson, run, _ = graded
    expected = submissions.points(lesson)
    assert run.cell_scores("reference", lesson) == expected
    assert run.totals()[("reference", lesson)] == sum(expected.values())


def test_untouched_notebook_gets_zero(graded):
    lesson, run, _ = graded
    scores = run.cell_scores("untouched", lesson)
    assert set(scores) == set(submissions.points(lesson))
    assert all(score == 0 for score in scores.values()), scores
    assert run.totals()[("untouched", lesson)] == 0


def test_each_wrong_answer_loses_exactly_its_exercise(graded):
    lesson, run, students = graded
    full = submissions.points(lesson)
    tests_of = submissions.exercises(lesson)
    for student in students:
        if not student.startswith("wrong--"):
            continue
        _, cell, _ = student.split("--")
        expected = {test: (0.0 if test in tests_of[cell] else pts) for test, pts in full.items()}
        assert run.cell_scores(student, lesson) == expected, (
            f"{student}: expected to lose the points of {tests_of[cell]} and nothing else")


def test_feedback_and_grades_csv_are_written(graded):
    lesson, run, students = graded
    totals = run.totals()
    for student in students:
        assert (student, lesson) in totals, f"grades.csv has no row for {student}"
        [html] = run.feedback_html(student, lesson)
        assert "Test cell" in html.read_text() or "points" in html.read_text().lower()
