"""The class grader's command: a zip or a submitted/ tree in, grades and feedback out;
an interrupted run finishes the rest; shards split a class between jobs."""
import subprocess
import sys
import zipfile

import pytest

from autograder import sandbox, submissions
from autograder.grading import GradingRun

LESSON = "00-tornado-in-jupyter"
SANDBOX = [] if sandbox.available() is None else ["--no-sandbox"]


def grade(*args, check=True):
    done = subprocess.run([sys.executable, "-m", "autograder.grading", *map(str, args), *SANDBOX],
                          capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def answers():
    return {"ada": submissions.reference_answers(LESSON), "bob": {}, "cyd": submissions.reference_answers(LESSON)}


def test_a_zip_of_submissions_is_graded_and_a_rerun_grades_only_the_rest(tmp_path, answers):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for student in ("ada", "bob"):
            path = submissions.write(submissions.submission(LESSON, answers[student]), tmp_path / "s", student, LESSON)
            z.write(path, f"submitted/{student}/{LESSON}/{path.name}")
    out = tmp_path / "graded"
    first = grade(archive, "--out", out)
    assert "2 notebooks from 2 students; 0 already graded, 2 to grade" in first.stdout
    assert GradingRun(out).totals() == {("ada", LESSON): 6.0, ("bob", LESSON): 0.0}
    assert "graded 2 notebooks of 2 students" in first.stdout

    # A later run with one more student (as after an interruption) grades only that one.
    submissions.write(submissions.submission(LESSON, answers["cyd"]), tmp_path / "s", "cyd", LESSON)
    second = grade(tmp_path / "s", "--out", out)
    assert "3 notebooks from 3 students; 2 already graded, 1 to grade" in second.stdout
    assert GradingRun(out).totals()[("cyd", LESSON)] == 6.0
    assert len(GradingRun(out).feedback_html("cyd", LESSON)) == 1


def test_shards_split_the_class_by_student(tmp_path, answers):
    for student, given in answers.items():
        submissions.write(submissions.submission(LESSON, given), tmp_path / "s", student, LESSON)
    done = grade(tmp_path / "s", "--out", tmp_path / "shard1", "--shard", "1/2")
    assert "1 notebooks from 1 students" in done.stdout
    assert set(GradingRun(tmp_path / "shard1").totals()) == {("bob", LESSON)}


def test_clear_errors_for_bad_input(tmp_path):
    missing = grade(tmp_path / "nowhere", check=False)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_shard = grade(tmp_path, "--shard", "3/2", check=False)
    assert bad_shard.returncode == 2 and "--shard takes I/N" in bad_shard.stderr
