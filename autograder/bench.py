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
    """Mean seconds per notebook in each stage of the pipeline, wall and CPU (worker time, from its progress.jsonl;
    the kernel's own CPU is its own line)."""
    rows = [json.loads(line) for line in progress.read_text().splitlines() if line.strip()]
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for row in rows:
        for phase, seconds in (row.get("phases") or {}).items():
            wall[phase] = wall.get(phase, 0.0) + seconds
        for phase, seconds in (row.get("cpu") or {}).items():
            cpu[phase] = cpu.get(phase, 0.0) + seconds
    if not rows or not wall:
        return "no stage times recorded"
    parts = ", ".join(f"{phase} {seconds / len(rows):.2f} s" + (f" ({cpu[phase] / len(rows):.2f} s CPU)"
                                                                 if phase in cpu else "")
                      for phase, seconds in wall.items())
    kernel = f"; the kernel's own CPU {cpu['kernel'] / len(rows):.2f} s" if "kernel" in cpu else ""
    return f"per notebook, in a worker: {parts} (total {sum(wall.values()) / len(rows):.2f} s){kernel}"


def busy_cpu_seconds() -> float:
    """CPU seconds this machine has spent busy since boot, every process and core (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def floor(progress: Path, busy: float, workers: int) -> str:
    """What no scheduling can beat for this class: all its CPU over the cores, and every notebook's own time
    (kernel start, then the cells, mostly deliberate waits) over the workers."""
    rows = [json.loads(line) for line in progress.read_text().splitlines() if line.strip()]
    waits = sum((r.get("phases") or {}).get("kernel start", 0) + (r.get("phases") or {}).get("execute", 0)
                for r in rows)
    cores = os.cpu_count() or 1
    return (f"floor: CPU {busy:.0f} s over {cores} cores = {busy / cores:.0f} s; the notebooks' own time "
            f"{waits:.0f} s over {workers} workers = {waits / workers:.0f} s")


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

        started, busy = time.perf_counter(), busy_cpu_seconds()
        subprocess.run([sys.executable, "-m", "autograder.grading", str(work / "submitted"), "--out",
                        str(work / "pipeline"), "--workers", str(args.workers)], check=True,
                       stdout=subprocess.DEVNULL)
        pipeline_time, busy = time.perf_counter() - started, busy_cpu_seconds() - busy
        print(f"pipeline ({args.workers} workers, sandboxed): {pipeline_time:.1f} s, "
              f"{notebooks / pipeline_time:.2f} notebooks/s; the CPU "
              f"{100 * busy / (pipeline_time * (os.cpu_count() or 1)):.0f} % busy ({busy:.0f} CPU s)")
        print("  " + phase_summary(work / "pipeline" / "progress.jsonl"))
        print("  " + floor(work / "pipeline" / "progress.jsonl", busy, args.workers))

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
