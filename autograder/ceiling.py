"""The coordinator's own ceiling: how many finished units per second it records, grading itself left out.

    python -m autograder.ceiling [--students 50] [--db-url postgresql+psycopg2://...]   # default: SQLite

Simulates units that all finish at once: every (student, lesson) of a class returns the scores a real run returns
(one per graded cell of the lesson, a comment per cell, as ``record.read_grades`` reads them), and the coordinator
writes them as in a run, one after another (``ClassGrader.finish``: the class gradebook, then progress.jsonl).
Prints units recorded per second and what that means for 5,000 students x 12 lessons. Nothing is asserted about
speed: ``tests/test_ceiling.py`` checks only that every simulated unit is recorded as a real one would be.
"""
from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from .grading import ClassGrader, sqlalchemy_url
from .pipeline import lessons
from .settings import Outcome, Settings

PROJECTED_UNITS = 5_000 * 12


def lesson_cells(db_url: str, names: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """For each lesson: its graded cells and its commented cells, as the gradebook knows them."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        gb.update_or_create_student("cells-of-the-lesson")
        cells = {}
        for lesson in names:
            [notebook] = gb.update_or_create_submission(lesson, "cells-of-the-lesson").notebooks
            cells[lesson] = ([g.name for g in notebook.grades], [c.name for c in notebook.comments])
        return cells


def simulate(out: Path, students: int, names: list[str], db_url: str | None = None) -> tuple[int, float]:
    """Record ``students`` x ``names`` finished units in the class gradebook; returns (units, seconds)."""
    from nbgrader.api import Gradebook

    grader = ClassGrader(out, Settings(db_url=db_url), log=lambda line: None)
    out.mkdir(parents=True, exist_ok=True)
    grader.prepare(names, Path(tempfile.mkdtemp()) / "template.db")
    cells = lesson_cells(grader.db_url, names)
    units = [(f"student{i:05d}", lesson) for i in range(students) for lesson in names]
    started = time.perf_counter()
    with Gradebook(grader.db_url) as gb:  # as in ClassGrader.run: one connection, the only writer
        for student, lesson in units:
            graded, commented = cells[lesson]
            grades = {"timestamp": None, "notebooks": {lesson: {
                "late_submission_penalty": None,
                "grades": {cell: 1.0 for cell in graded},
                "comments": {cell: "No response." for cell in commented}}}}
            grader.finish(Outcome(student, lesson, None, 1.0, phases={"execute": 1.0}), grades, gb)
    return len(units), time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.ceiling", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--db-url", help="a PostgreSQL gradebook (an empty database); default SQLite in a temp dir")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", module="nbgrader")  # harmless SQLAlchemy SAWarnings, as in grading.main
    out = Path(tempfile.mkdtemp(prefix="ceiling-"))
    count, seconds = simulate(out, args.students, lessons(), sqlalchemy_url(args.db_url))
    rate = count / seconds
    kind = "PostgreSQL" if args.db_url else "SQLite"
    print(f"{kind}: {count} units recorded in {seconds:.1f} s: {rate:.0f} units per second; "
          f"{PROJECTED_UNITS:,} units (5,000 students x 12 lessons) would take the coordinator "
          f"{PROJECTED_UNITS / rate / 60:.1f} min of recording")


if __name__ == "__main__":
    main()
