"""The instructor guide's "Beyond one machine" recipe, run for real: one PostgreSQL gradebook (the embedded server),
`--prepare-only` once, two shard commands at the same time, one of them killed mid-run and started again, then one
`nbgrader export`: exactly the grades one run gives."""
import csv
import os
import signal
import subprocess
import sys
import time

from autograder import sandbox, submissions
from autograder.grading import GradingRun
from support import gradebook_database

LESSON = "00-tornado-in-jupyter"
SANDBOX = [] if sandbox.available() is None else ["--no-sandbox"]


def command(submitted, *args):
    return [sys.executable, "-m", "autograder.grading", str(submitted), *map(str, args), *SANDBOX]


def test_two_shards_on_one_postgresql_gradebook_give_the_grades_of_one_run(tmp_path):
    reference = submissions.reference_answers(LESSON)
    first_exercise = next(iter(submissions.exercises(LESSON)))
    answers = {"ada": reference, "bob": {}, "cyd": {**reference, first_exercise: "class GreetingHandler:\n    pass\n"},
               "dan": reference}
    for student, given in answers.items():
        submissions.write(submissions.submission(LESSON, given), tmp_path / "s", student, LESSON)
    gradebook = gradebook_database()

    prepared = subprocess.run(command(tmp_path / "s", "--db-url", gradebook, "--prepare-only", "--out",
                                      tmp_path / "prepare"), capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stderr[-3000:]

    def shard(index):
        return subprocess.Popen(command(tmp_path / "s", "--db-url", gradebook, "--shard", f"{index}/2", "--workers", 1,
                                        "--out", tmp_path / f"shard-{index}"),
                                start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first, second = shard(0), shard(1)  # ada and cyd; bob and dan
    try:
        progress = tmp_path / "shard-1" / "progress.jsonl"
        deadline = time.monotonic() + 300
        while not (progress.exists() and progress.read_text().strip()):
            assert second.poll() is None, second.communicate()
            assert time.monotonic() < deadline, "shard 1 graded nothing within 300 s"
            time.sleep(0.1)
        os.killpg(second.pid, signal.SIGKILL)  # as a batch system kills a job: the whole process group, at once
        second.wait(timeout=30)
        out, err = first.communicate(timeout=300)
        assert first.returncode == 0, out[-2000:] + err[-3000:]
    finally:
        for job in (first, second):
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
    assert len(progress.read_text().splitlines()) == 1, "shard 1 was killed with one notebook graded, one to go"

    again = subprocess.run(command(tmp_path / "s", "--db-url", gradebook, "--shard", "1/2", "--out",
                                   tmp_path / "shard-1"), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-3000:]
    assert "2 notebooks from 2 students; 1 already graded, 1 to grade" in again.stdout, again.stdout

    exported = tmp_path / "grades.csv"
    driver = gradebook.replace("postgresql://", "postgresql+psycopg2://")  # as the guide's export line spells it
    done = subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--CourseDirectory.db_url={driver}",
                           f"--CsvExportPlugin.to={exported}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(open(exported))
              if row["assignment"] == LESSON}
    assert scores == {"ada": 6.0, "bob": 0.0, "cyd": 4.0, "dan": 6.0}, scores

    one_run = subprocess.run(command(tmp_path / "s", "--out", tmp_path / "one-run", "--workers", 4),
                             capture_output=True, text=True, timeout=300)
    assert one_run.returncode == 0, one_run.stderr[-3000:]
    assert {student: total for (student, _), total in GradingRun(tmp_path / "one-run").totals().items()} == scores


def test_a_grader_waits_while_another_records_the_lessons_in_the_shared_gradebook(tmp_path):
    """Two shards started at once both record the lessons (nbgrader deletes and re-inserts a lesson's rows while it
    has no submissions): the second waits for the first's lock instead of inserting the same rows."""
    import psycopg2

    from autograder.grading import PREPARE_LOCK

    submissions.write(submissions.submission(LESSON, {}), tmp_path / "s", "ada", LESSON)
    gradebook = gradebook_database()
    other = psycopg2.connect(gradebook)  # another grader, recording the lessons now
    other.autocommit = True
    try:
        with other.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", (PREPARE_LOCK,))
        grader = subprocess.Popen(command(tmp_path / "s", "--db-url", gradebook, "--prepare-only", "--out",
                                          tmp_path / "prepare"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        try:
            deadline = time.monotonic() + 120
            while True:  # what the server observes: a session waiting for the lock
                with other.cursor() as cur:
                    cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                    if cur.fetchone()[0] == 1:
                        break
                assert grader.poll() is None, ("the grader finished while another held the lock: "
                                               + grader.communicate()[1][-3000:])
                assert time.monotonic() < deadline, "the grader never asked for the lock within 120 s"
                time.sleep(0.05)
            with other.cursor() as cur:
                cur.execute("SELECT to_regclass('assignment')")  # nbgrader creates its tables at its first write
                assert cur.fetchone()[0] is None, "the grader wrote to the gradebook without the lock"
                cur.execute("SELECT pg_advisory_unlock(%s)", (PREPARE_LOCK,))
            out, err = grader.communicate(timeout=120)
            assert grader.returncode == 0, err[-3000:]
        finally:
            if grader.poll() is None:
                grader.kill()
                grader.wait(timeout=30)
        with other.cursor() as cur:
            cur.execute("SELECT name FROM assignment")
            assert cur.fetchall() == [(LESSON,)]
    finally:
        other.close()
