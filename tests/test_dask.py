"""Grading on a real Dask cluster (``distributed.LocalCluster`` with worker processes, on loopback): the units run in
the cluster's workers, each in its sandbox, the coordinator alone writes the gradebook, and the grades are those of a
local run; a cluster the units would not be safe on is refused with the reason."""
import json
import subprocess
import sys

import pytest
from distributed import Client, LocalCluster

from autograder import sandbox, submissions
from autograder.grading import GradingRun
from autograder.unit import worker_name

LESSON = "00-tornado-in-jupyter"
SANDBOX = [] if sandbox.available() is None else ["--no-sandbox"]


def cluster(threads: int) -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=threads, processes=True, host="127.0.0.1",
                        dashboard_address=None, worker_dashboard_address=None)


def grade_on(address, submitted, out):
    return subprocess.run([sys.executable, "-m", "autograder.grading", str(submitted), "--out", str(out),
                           "--scheduler", address, *SANDBOX], capture_output=True, text=True, timeout=600)


@pytest.fixture
def submitted(tmp_path):
    reference = submissions.reference_answers(LESSON)
    first_exercise = next(iter(submissions.exercises(LESSON)))
    answers = {"ada": reference, "bob": {}, "cyd": {**reference, first_exercise: "class GreetingHandler:\n    pass\n"}}
    for student, given in answers.items():
        submissions.write(submissions.submission(LESSON, given), tmp_path / "s", student, LESSON)
    return tmp_path / "s"


def test_units_run_on_the_clusters_workers_and_give_a_local_runs_grades(tmp_path, submitted):
    with cluster(threads=1) as local, Client(local) as client:
        workers = set(client.run(worker_name).values())
        done = grade_on(local.scheduler_address, submitted, tmp_path / "graded")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"grading on the Dask cluster at {local.scheduler_address}" in done.stdout
    rows = [json.loads(line) for line in (tmp_path / "graded" / "progress.jsonl").read_text().splitlines()]
    assert len(rows) == 3 and {row["worker"] for row in rows} <= workers, (rows, workers)
    totals = GradingRun(tmp_path / "graded").totals()
    assert totals == {("ada", LESSON): 6.0, ("bob", LESSON): 0.0, ("cyd", LESSON): 4.0}

    local_run = subprocess.run([sys.executable, "-m", "autograder.grading", str(submitted), "--out",
                                str(tmp_path / "local"), *SANDBOX], capture_output=True, text=True, timeout=600)
    assert local_run.returncode == 0, local_run.stderr[-3000:]
    assert GradingRun(tmp_path / "local").totals() == totals


def test_a_cluster_whose_workers_run_several_threads_is_refused(tmp_path, submitted):
    with cluster(threads=2) as local:
        done = grade_on(local.scheduler_address, submitted, tmp_path / "graded")
    assert done.returncode != 0
    assert "cannot grade on this cluster" in done.stderr and "--nthreads 1" in done.stderr, done.stderr[-2000:]
    assert not (tmp_path / "graded" / "progress.jsonl").exists(), "nothing is graded on a refused cluster"
