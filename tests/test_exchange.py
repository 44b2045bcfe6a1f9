"""nbgrader's exchange, end to end, with nbgrader's own commands and the course's grader in the middle:
release, fetch as two students, submit (one late, and twice), collect, `make grade`'s command, release feedback,
fetch feedback as a student. The instructor guide's "Intake: nbgrader's exchange" lists the same commands."""
import csv
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from autograder import sandbox, submissions
from autograder.pipeline import NOTEBOOKS

LESSON = "00-tornado-in-jupyter"
SANDBOX = [] if sandbox.available() is None else ["--no-sandbox"]
ROOT = Path(__file__).resolve().parent.parent


def nbgrader(*args, cwd):
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def test_release_fetch_submit_collect_grade_and_return_feedback_through_the_exchange(tmp_path):
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    (course / "notebooks").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(NOTEBOOKS / LESSON), str(course / "notebooks")], check=True)
    exchange.mkdir()
    gradebook = f"sqlite:///{course / 'gradebook.db'}"
    on_the_exchange = [f"--course=async-tornado", f"--Exchange.root={exchange}"]
    as_instructor = [*on_the_exchange, f"--CourseDirectory.root={course}", f"--CourseDirectory.db_url={gradebook}"]

    nbgrader("release_assignment", LESSON, *as_instructor, cwd=course)
    homes = {student: tmp_path / student for student in ("ada", "bob")}
    def as_student(student):  # each student's own cache of what they submitted, as their own home would hold
        return [*on_the_exchange, f"--Exchange.cache={homes[student] / '.nbgrader_cache'}", f"--student={student}"]

    for student, home in homes.items():
        home.mkdir()
        nbgrader("fetch_assignment", LESSON, *as_student(student), cwd=home)
        assert (home / LESSON / f"{LESSON}.ipynb").exists(), f"{student} did not get the lesson"

    def work(student, answers):
        path = homes[student] / LESSON / f"{LESSON}.ipynb"
        path.write_text(json.dumps(submissions.submission(LESSON, answers)))

    def submit(student):
        out = nbgrader("submit", LESSON, *as_student(student), cwd=homes[student])
        return datetime.strptime(out.split("Submitted as: async-tornado " + LESSON + " ")[1].split(" UTC")[0],
                                 "%Y-%m-%d %H:%M:%S.%f")

    reference = submissions.reference_answers(LESSON)
    work("ada", reference)
    ada_at = submit("ada")
    due = datetime.now(timezone.utc).replace(tzinfo=None)  # after ada's submission, before both of bob's
    bob_first = submit("bob")                              # bob hands in the untouched lesson...
    work("bob", reference)
    bob_second = submit("bob")                             # ...then his finished work: the later one counts
    assert ada_at < due < bob_first < bob_second
    nbgrader("db", "assignment", "add", LESSON, f"--duedate={due.isoformat(' ')} UTC", *as_instructor, cwd=course)
    nbgrader("collect", LESSON, *as_instructor, cwd=course)
    collected = course / "autograder" / "submitted"
    assert (collected / "bob" / LESSON / "timestamp.txt").read_text().startswith(str(bob_second))

    graded = tmp_path / "graded"
    done = subprocess.run([sys.executable, "-m", "autograder.grading", str(collected), "--out", str(graded),
                           "--due-dates-from", gradebook, *SANDBOX], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{LESSON}: due {due}" in done.stdout, done.stdout
    assert "not taken" not in done.stdout, "nbgrader's timestamp.txt and submission_secret.txt are taken, not skipped"
    rows = {row["student_id"]: row for row in csv.DictReader(open(graded / "grades.csv"))}
    assert {s: float(r["score"]) for s, r in rows.items()} == {"ada": 6.0, "bob": 6.0}
    assert rows["bob"]["timestamp"].startswith(str(bob_second)), "the grade is the later submission's, at its time"

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gb:  # nbgrader's own view of lateness
        assert gb.find_submission(LESSON, "ada").total_seconds_late == 0
        late = gb.find_submission(LESSON, "bob")
        assert late.total_seconds_late == pytest.approx((bob_second - due).total_seconds(), abs=0.01)
        # nbgrader's LateSubmissionPlugin decides the penalty; its default ("none") takes nothing off
        assert late.notebooks[0].late_submission_penalty is None and late.score == 6.0

    nbgrader("release_feedback", LESSON, *on_the_exchange, f"--CourseDirectory.root={graded}",
             "--CourseDirectory.feedback_directory=feedback", cwd=graded)
    for student in ("ada", "bob"):
        nbgrader("fetch_feedback", LESSON, *as_student(student), cwd=homes[student])
        [html] = (homes[student] / LESSON / "feedback").glob("*/*.html")
        assert f"{LESSON}.ipynb" in html.read_text() or LESSON in html.read_text()
        assert "6.0" in html.read_text(), f"{student}'s feedback does not show the score"
    # bob's feedback is for the submission that was graded, the later one; the first has none
    assert [p.name for p in (homes["bob"] / LESSON / "feedback").iterdir()] == [f"{bob_second} UTC"]
    assert [p.name for p in (homes["ada"] / LESSON / "feedback").iterdir()] == [f"{ada_at} UTC"]
