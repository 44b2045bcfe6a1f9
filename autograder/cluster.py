"""Grading on a Dask cluster: the units of work go to the cluster's workers, the coordinator stays the only writer
of the class gradebook.

    python -m autograder.grading submitted --out /shared/out --scheduler tcp://scheduler.example.org:8786

Each unit (one student's notebook for one lesson, ``unit.grade_unit``) runs on a worker exactly as in a local worker
process: sanitize, execute in a bubblewrap sandbox of that machine, verify, record into the worker's private copy of
the template gradebook, feedback; it returns the scores, and the coordinator writes them. What the workers need:

- the course folder, its ``.venv`` and ``bwrap`` at the same paths as the coordinator (one image for all);
- ``--out`` on a filesystem every worker sees (the submissions, the template gradebook and the feedback live there);
- one thread per worker process (``dask worker ADDRESS --nworkers 8 --nthreads 1``): nbgrader's state is per process,
  so two units never share one. The coordinator refuses a cluster whose workers have more threads.

Interrupted (Ctrl-C), the coordinator cancels the units not started; a unit already running finishes on its worker
(a thread cannot be killed), and the same command, run again, grades what is left.
"""
from __future__ import annotations

import concurrent.futures


def _describe_worker(use_sandbox: bool) -> dict:
    """Run on each worker when the coordinator connects: where it is, and why it cannot grade (None if it can)."""
    from . import sandbox
    from .unit import worker_name

    return {"where": worker_name(), "problem": sandbox.available() if use_sandbox else None}


class DaskUnits(concurrent.futures.Executor):
    """A ``concurrent.futures`` executor over a Dask cluster's workers, checked before any unit is sent."""

    def __init__(self, address: str, use_sandbox: bool):
        try:
            from distributed import Client
        except ImportError:
            raise SystemExit("--scheduler needs Dask's distributed: pip install -e '.[dask]'") from None
        self.client = Client(address, timeout=30, set_as_default=False)
        workers = self.client.scheduler_info()["workers"]
        problems = []
        if not workers:
            problems.append(f"the scheduler at {address} has no workers")
        threads = {info.get("name", key): info["nthreads"] for key, info in workers.items() if info["nthreads"] != 1}
        if threads:
            problems.append(f"workers with more than one thread {threads}: start them with --nthreads 1")
        for key, info in self.client.run(_describe_worker, use_sandbox).items():
            if info["problem"]:
                problems.append(f"worker {key} ({info['where']}) cannot sandbox the students' code: {info['problem']}")
        if problems:
            self.client.close()
            raise SystemExit("cannot grade on this cluster: " + "; ".join(problems))
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn, *args, **kwargs):
        return self.executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.executor.shutdown(wait=wait and not cancel_futures)  # not waiting: the units not started are cancelled
        self.client.close()
