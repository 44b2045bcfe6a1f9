"""What a grading run is told (``Settings``) and what one submission's grading reports (``Outcome``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import sandbox

DEFAULT_WORKERS = 3 * (os.cpu_count() or 1)  # kernels mostly wait on sleeps and I/O: see `make bench`


@dataclass
class Settings:
    workers: int = DEFAULT_WORKERS
    cell_timeout: int = 60          # seconds for one cell
    notebook_timeout: int = 300     # seconds for one whole notebook
    interrupt_grace: float = 5.0    # seconds a cell over its limit gets to stop after the interrupt, before a new kernel
    max_output_chars: int = 200_000  # per notebook; more is dropped, not kept in memory
    use_sandbox: bool = True
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    shard: tuple[int, int] = (0, 1)  # (index, count): grade only students whose sorted position % count == index
    db_url: str | None = None        # a shared gradebook (PostgreSQL) for several graders; default DIR/gradebook.db
    prepare_only: bool = False       # only record the lessons in the gradebook
    feedback_shows_hidden_tests: bool = False  # the instructor's switch: print hidden tests' source in feedback
    scheduler: str | None = None      # a Dask scheduler's address: units go to its workers (autograder/cluster.py)
    due_dates_from: str | None = None  # the gradebook where `nbgrader db assignment add --duedate` put due dates


@dataclass
class Outcome:
    student: str
    lesson: str
    problem: str | None  # None when the notebook ran to its end
    seconds: float
    tampering: str | None = None  # why the grader suspects the submission faked its results; None if it does not
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds per stage: sanitize, kernel start,
    #                                                         execute, record, feedback
    worker: str = ""  # host:pid of the process that graded it
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage of the worker; "kernel": the kernel's
