"""The class grader's command: a zip or a submitted/ tree in, grades and feedback out;
an interrupted run finishes the rest; shards split a class between jobs."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest

from autograder import sandbox, submissions
from autograder.bench import phase_summary
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
    rows = [json.loads(line) for line in (out / "progress.jsonl").read_text().splitlines()]
    assert all(set(r["phases"]) == {"sanitize", "kernel start", "execute", "record", "feedback"} for r in rows), rows
    assert all(r["cpu"]["kernel"] > 0 and set(r["cpu"]) >= set(r["phases"]) - {"kernel start"} for r in rows), rows
    # the stages are parts of the total (each stage is rounded to the millisecond)
    assert all(0 < sum(r["phases"].values()) <= r["seconds"] + 0.01 for r in rows), rows
    assert phase_summary(out / "progress.jsonl").startswith("per notebook, in a worker: sanitize ")

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


def test_a_file_nbgrader_cannot_read_costs_only_its_own_grade(tmp_path, answers):
    submissions.write(submissions.submission(LESSON, answers["ada"]), tmp_path / "s", "ada", LESSON)
    broken = tmp_path / "s" / "eve" / LESSON / f"{LESSON}.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"cells": [ this is not JSON')
    out = tmp_path / "graded"
    done = grade(tmp_path / "s", "--out", out)
    assert GradingRun(out).totals() == {("ada", LESSON): 6.0, ("eve", LESSON): 0.0}
    assert f"eve / {LESSON}: not graded: {LESSON}.ipynb is not a notebook: it is not valid JSON" in done.stdout, done.stdout


def test_ctrl_c_stops_every_kernel_and_a_rerun_finishes_the_rest(tmp_path):
    reference = submissions.reference_answers(LESSON)
    first_exercise = next(iter(submissions.exercises(LESSON)))
    students = {"a-quick": reference, "b-slow": {**reference, first_exercise: "import time\ntime.sleep(300)"},
                "c-untouched": {}}
    for student, given in students.items():
        submissions.write(submissions.submission(LESSON, given), tmp_path / "s", student, LESSON)
    out = tmp_path / "graded"
    command = [sys.executable, "-m", "autograder.grading", str(tmp_path / "s"), "--out", str(out), "--workers", "1",
               "--cell-timeout", "300", *SANDBOX]
    # Its own session, as a terminal's foreground job would be: SIGINT goes to the grader only. Its own TMPDIR:
    # the kernels' folders (and so their command lines) are in it, whatever session they make. (Short: Unix
    # socket paths are made in it.)
    own_tmp = tempfile.mkdtemp(prefix="ctrl-c-", dir="/tmp")
    grader = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=dict(os.environ, TMPDIR=own_tmp))
    try:
        progress = out / "progress.jsonl"
        deadline = time.monotonic() + 300
        while not (progress.exists() and progress.read_text().strip()) and grader.poll() is None:
            assert time.monotonic() < deadline, "nothing was graded within 300 s"
            time.sleep(0.2)
        grader.send_signal(signal.SIGINT)  # one worker: b-slow has just started its 300 s sleep
        try:
            stdout, stderr = grader.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError("60 s after Ctrl-C the grader was still running: it must kill the notebooks "
                                 "being graded, not wait for them") from None
    finally:
        if grader.poll() is None:
            os.killpg(grader.pid, signal.SIGKILL)
    assert grader.returncode == 130, f"exit code {grader.returncode}:\n{stdout}\n{stderr}"
    assert "run the same command again" in stderr
    processes = subprocess.run(["ps", "-eo", "sid=,stat=,args="], capture_output=True, text=True).stdout.splitlines()
    alive = [line for line in processes if not line.split()[1].startswith("Z")
             and (line.split()[0] == str(grader.pid) or own_tmp in line)]
    assert not alive, f"processes of the grader outlived it: {alive}"
    shutil.rmtree(own_tmp, ignore_errors=True)
    assert GradingRun(out).totals() == {("a-quick", LESSON): 6.0}, "grades.csv should hold what was graded"

    again = grade(tmp_path / "s", "--out", out, "--cell-timeout", "5")
    assert "1 already graded, 2 to grade" in again.stdout
    assert GradingRun(out).totals() == {("a-quick", LESSON): 6.0, ("b-slow", LESSON): 4.0, ("c-untouched", LESSON): 0.0}
