"""Benchmark: the class grader against plain, serial `nbgrader autograde`, on one synthetic class.

    python -m autograder.bench [--students 30] [--workers N] [--lessons 00-tornado-in-jupyter ...]

Builds STUDENTS x LESSONS submissions (a third correct, a third partly wrong, a
third untouched), grades them both ways in the same run, checks that both give
every student the same score on every lesson, and prints wall time, notebooks
per second and the ratio. Nothing here is asserted about speed: it is measured.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import submissions
from .settings import DEFAULT_WORKERS
from .pipeline import CONFIG_FILE, ROOT, lessons

def partly_wrong(lesson: str) -> dict[str, str]:
    """The reference answers with the first exercise replaced by its first wrong answer."""
    answers = submissions.reference_answers(lesson)
    wrong = submissions.wrong_answers(lesson)
    if wrong:
        cell = next(iter(wrong))
        answers[cell] = next(iter(wrong[cell].values())).strip("\n")
    return answers


def build_class(folder: Path, students: int, names: list[str]) -> int:
    kinds = {"correct": submissions.reference_answers, "partial": partly_wrong, "untouched": lambda lesson: {}}
    count = 0
    for lesson in names:
        answers = {kind: make(lesson) for kind, make in kinds.items()}
        for i in range(students):
            kind = list(kinds)[i % 3]
            submissions.write(submissions.submission(lesson, answers[kind]), folder, f"student{i:02d}-{kind}", lesson)
            count += 1
    return count


def plain_nbgrader(submitted: Path, course: Path, names: list[str]) -> None:
    """What an instructor runs without this pipeline: `nbgrader autograde LESSON`, one lesson after another."""
    shutil.copytree(submitted, course / "submitted")
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(CONFIG_FILE.parent),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    dirs = [f"--CourseDirectory.root={course}", f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}",
            f"--CourseDirectory.source_directory={ROOT / 'solutions'}", "--CourseDirectory.submitted_directory=submitted",
            "--CourseDirectory.autograded_directory=autograded", "--CourseDirectory.release_directory=release"]
    for lesson in names:
        for step in (["generate_assignment", lesson, "--force"], ["autograde", lesson, "--force"]):
            subprocess.run([sys.executable, "-m", "nbgrader", *step, *dirs], cwd=course, env=env, check=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scores(folder: Path) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        return {(s.student.id, s.assignment.name): s.score for a in gb.assignments for s in a.submissions}


def phase_summary(progress: Path) -> str:
    """Mean seconds per notebook in each stage of the pipeline (worker time, from its progress.jsonl)."""
    rows = [json.loads(line) for line in progress.read_text().splitlines() if line.strip()]
    totals: dict[str, float] = {}
    for row in rows:
        for phase, seconds in (row.get("phases") or {}).items():
            totals[phase] = totals.get(phase, 0.0) + seconds
    if not rows or not totals:
        return "no stage times recorded"
    parts = ", ".join(f"{phase} {seconds / len(rows):.2f} s" for phase, seconds in totals.items())
    return f"per notebook, in a worker: {parts} (total {sum(totals.values()) / len(rows):.2f} s)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--lessons", nargs="*", default=None, help="default: every lesson")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    args = parser.parse_args(argv)
    names = args.lessons or lessons()
    work = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    try:
        notebooks = build_class(work / "submitted", args.students, names)
        print(f"synthetic class: {args.students} students x {len(names)} lessons = {notebooks} notebooks")

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograder.grading", str(work / "submitted"), "--out",
                        str(work / "pipeline"), "--workers", str(args.workers)], check=True,
                       stdout=subprocess.DEVNULL)
        pipeline_time = time.perf_counter() - started
        print(f"pipeline ({args.workers} workers, sandboxed): {pipeline_time:.1f} s, "
              f"{notebooks / pipeline_time:.2f} notebooks/s")
        print("  " + phase_summary(work / "pipeline" / "progress.jsonl"))

        started = time.perf_counter()
        plain_nbgrader(work / "submitted", work / "plain", names)
        plain_time = time.perf_counter() - started
        print(f"plain serial nbgrader autograde:      {plain_time:.1f} s, {notebooks / plain_time:.2f} notebooks/s")

        ours, theirs = scores(work / "pipeline"), scores(work / "plain")
        differ = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
        print(f"ratio: the pipeline is {plain_time / pipeline_time:.1f}x faster")
        if differ:
            print(f"GRADES DIFFER for {len(differ)} notebook(s):")
            for key in differ[:20]:
                print(f"  {key}: pipeline {ours.get(key)}, plain nbgrader {theirs.get(key)}")
            sys.exit(1)
        print(f"grades identical for all {len(ours)} notebooks")
        flagged = [json.loads(line) for line in (work / "pipeline" / "progress.jsonl").read_text().splitlines()]
        flagged = [f"{r['student']} / {r['lesson']}: {r['tampering']}" for r in flagged if r.get("tampering")]
        if flagged:  # the bench's class is honest: a flag here is a false accusation
            print(f"HONEST WORK FLAGGED for tampering in {len(flagged)} notebook(s):", *flagged[:20], sep="\n  ")
            sys.exit(1)
        print("no notebook flagged for tampering")
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
