"""Grade a whole class: every submission in its own sandboxed kernel, several at once.

    python -m autograder.grading SUBMITTED --out DIR [--workers N] [--no-sandbox]

SUBMITTED is nbgrader's submitted/ tree ({student}/{lesson}/{notebook}.ipynb)
or a zip of it. Each submission goes through nbgrader's own Autograde converter
in two passes around the execution:

1. sanitize (nbgrader: clear outputs, restore the test cells and hidden tests
   from the gradebook) into DIR/sanitized;
2. execute in a sandboxed kernel (autograder.sandbox), limited per cell and per
   notebook; cells that never ran because of a fault get an error output, so
   they score zero and the feedback says why;
3. record (nbgrader: score the outputs, save grades) from DIR/executed into the
   gradebook, then nbgrader's feedback.

Only this process writes the gradebook (SQLite wants one writer); the kernels
run concurrently. DIR/progress.jsonl lists what is done: a run started again
grades only the rest. grades.csv is written at the end.
"""
from __future__ import annotations

import argparse
import csv
import asyncio
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox
from .pipeline import check, lessons, nbgrader_api

DEFAULT_WORKERS = 3 * (os.cpu_count() or 1)  # kernels mostly wait on sleeps and I/O: see `make bench`


@dataclass
class Settings:
    workers: int = DEFAULT_WORKERS
    cell_timeout: int = 60          # seconds for one cell
    notebook_timeout: int = 300     # seconds for one whole notebook
    max_output_chars: int = 200_000  # per notebook; more is dropped, not kept in memory
    use_sandbox: bool = True
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    shard: tuple[int, int] = (0, 1)  # (index, count): grade only students whose sorted position % count == index
    db_url: str | None = None        # a shared gradebook (PostgreSQL) for several graders; default DIR/gradebook.db
    prepare_only: bool = False       # only record the lessons in the gradebook


@dataclass
class Outcome:
    student: str
    lesson: str
    problem: str | None  # None when the notebook ran to its end
    seconds: float


class CappedClient:
    """Builds an nbclient NotebookClient that keeps at most ``cap`` characters of output
    and remembers which cells finished."""

    @staticmethod
    def create(nb, cap: int, **kwargs):
        from nbclient import NotebookClient

        class _Client(NotebookClient):
            def output(self, outs, msg, display_id, cell_index):
                self.output_chars += len(json.dumps(msg.get("content", {})))
                if self.output_chars > cap:
                    if not self.truncated:
                        self.truncated = True
                        outs.append(_stream(f"[the grader dropped further output: more than {cap} characters]\n"))
                    return None
                return super().output(outs, msg, display_id, cell_index)

            async def _async_handle_timeout(self, timeout, cell=None):
                if cell is not None:
                    self.timed_out.append(cell)
                return await super()._async_handle_timeout(timeout, cell)

        client = _Client(nb, **kwargs)
        client.output_chars, client.truncated, client.finished, client.timed_out = 0, False, set(), []
        client.on_cell_executed = lambda cell, cell_index, execute_reply: client.finished.add(cell_index)
        return client


def _stream(text: str):
    import nbformat

    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _error(reason: str):
    import nbformat

    return nbformat.v4.new_output("error", ename="GradingStopped", evalue=reason, traceback=[f"GradingStopped: {reason}"])


async def execute(source: Path, dest: Path, settings: Settings, spec_dir: str | None) -> str | None:
    """Run the sanitized notebook ``source`` in a fresh (sandboxed) kernel and write it to ``dest``.

    Returns None if it ran to its end, else what stopped it.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    nb = nbformat.read(source, as_version=4)
    rundir = Path(tempfile.mkdtemp(prefix="grading-"))
    if settings.use_sandbox:
        sandbox.write_limits(rundir, settings.limits)
        km = AsyncKernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc", ip=str(rundir / "kernel"),
                                connection_file=str(rundir / "kernel.json"),
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[spec_dir]))
    else:
        km = AsyncKernelManager(kernel_name="python3", connection_file=str(rundir / "kernel.json"))
    client = CappedClient.create(
        nb, settings.max_output_chars, km=km, kernel_name=km.kernel_name, timeout=settings.cell_timeout,
        allow_errors=True, interrupt_on_timeout=True, record_timing=False, shutdown_kernel="immediate",
        resources={"metadata": {"path": str(rundir)}})
    problem = None
    try:
        await asyncio.wait_for(client.async_execute(), settings.notebook_timeout)
    except asyncio.TimeoutError:
        problem = f"the notebook ran longer than {settings.notebook_timeout} s and was stopped"
    except Exception as error:  # DeadKernelError, a kernel that never started, ...
        name = type(error).__name__
        problem = ("the kernel died (the code exited, crashed or went over the memory limit)"
                   if "Dead" in name or "died" in str(error) else f"the notebook could not be run ({name})")
    finally:
        atexit.unregister(client._cleanup_kernel)  # nbclient leaves it registered when start-up fails
        if getattr(client, "kc", None) is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            await km.shutdown_kernel(now=True)  # kills the sandbox and every process in it
        shutil.rmtree(rundir, ignore_errors=True)
    if problem:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and index not in client.finished and cell.source.strip():
                cell.outputs.append(_error(problem))
    elif client.truncated:
        problem = f"more than {settings.max_output_chars} characters of output"
    timeouts = [i for i, c in enumerate(nb.cells) if any(c is late for late in client.timed_out)]
    for index in timeouts:
        nb.cells[index].outputs.append(_error(f"this cell ran longer than {settings.cell_timeout} s and was interrupted"))
    if timeouts and not problem:
        problem = f"cell(s) {timeouts} ran longer than {settings.cell_timeout} s and were interrupted"
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    return problem


def unpack(submitted: Path, folder: Path) -> Path:
    """The submitted/ tree as a folder: a zip is extracted into ``folder/submitted``."""
    if submitted.is_dir():
        return submitted
    target = folder / "upload"
    with zipfile.ZipFile(submitted) as archive:
        for member in archive.infolist():
            parts = Path(member.filename).parts
            if member.is_dir() or ".." in parts or Path(member.filename).is_absolute():
                continue
            parts = parts[1:] if parts[0] == "submitted" else parts
            if len(parts) == 3 and parts[2].endswith(".ipynb"):
                out = target.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(archive.read(member))
    return target


class ClassGrader:
    def __init__(self, out: Path, settings: Settings, log=print):
        from traitlets.config import Config

        self.out, self.settings, self.log = out, settings, log
        common = dict(submitted_directory="submitted", release_directory="release",
                      autograded_directory="autograded", feedback_directory="feedback")
        if settings.db_url:
            common["db_url"] = settings.db_url
        self.api = nbgrader_api(out, **common)
        no_execute = Config()
        no_execute.Autograde.autograde_preprocessors = []
        self.sanitizer = nbgrader_api(out, extra=no_execute, **{**common, "autograded_directory": "sanitized"})
        from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                            LimitOutput, SaveAutoGrades)
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        record_only = Config()
        record_only.Autograde.sanitize_preprocessors = []
        record_only.Autograde.autograde_preprocessors = [IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                                        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
        self.recorder = nbgrader_api(out, extra=record_only, **{**common, "submitted_directory": "executed"})
        self.progress = out / "progress.jsonl"

    def done(self) -> dict[tuple[str, str], dict]:
        if not self.progress.exists():
            return {}
        rows = [json.loads(line) for line in self.progress.read_text().splitlines() if line.strip()]
        return {(r["student"], r["lesson"]): r for r in rows}

    async def grade_one(self, student: str, lesson: str, slots: asyncio.Semaphore, spec_dir) -> Outcome:
        async with slots:
            started = time.perf_counter()
            check(self.sanitizer.autograde(lesson, student, force=True), f"sanitize {student}/{lesson}")
            problems = []
            for path in sorted((self.out / "sanitized" / student / lesson).glob("*.ipynb")):
                dest = self.out / "executed" / student / lesson / path.name
                problem = await execute(path, dest, self.settings, spec_dir)
                if problem:
                    problems.append(f"{path.stem}: {problem}")
            stamp = self.out / "submitted" / student / lesson / "timestamp.txt"
            if stamp.exists():
                shutil.copy(stamp, self.out / "executed" / student / lesson / "timestamp.txt")
            check(self.recorder.autograde(lesson, student, force=True), f"record {student}/{lesson}")
            check(self.api.generate_feedback(lesson, student, force=True), f"feedback {student}/{lesson}")
            outcome = Outcome(student, lesson, "; ".join(problems) or None, time.perf_counter() - started)
            with open(self.progress, "a") as f:
                f.write(json.dumps(outcome.__dict__) + "\n")
            return outcome

    async def run(self, submitted: Path) -> list[Outcome]:
        from nbgrader.plugins import CsvExportPlugin

        self.out.mkdir(parents=True, exist_ok=True)
        source = unpack(submitted, self.out)
        shutil.copytree(source, self.out / "submitted", dirs_exist_ok=True)
        jobs = sorted((p.parent.name, p.name) for p in (self.out / "submitted").glob("*/*") if p.is_dir())
        known = set(lessons())
        unknown = sorted({lesson for _, lesson in jobs} - known)
        if unknown:
            self.log(f"skipping folders that are not lessons of this course: {unknown}")
        jobs = [(s, l) for s, l in jobs if l in known]
        index, count = self.settings.shard
        mine = sorted({s for s, _ in jobs})[index::count]
        jobs = [(s, l) for s, l in jobs if s in mine]
        for lesson in sorted({l for _, l in jobs}):
            check(self.api.generate_assignment(lesson, force=True), f"generate_assignment {lesson}")
        if self.settings.prepare_only:
            self.log(f"recorded {len({l for _, l in jobs})} lesson(s) in the gradebook")
            return []
        finished = self.done()
        todo = [job for job in jobs if job not in finished]
        self.log(f"{len(jobs)} notebooks from {len({s for s, _ in jobs})} students; "
                 f"{len(jobs) - len(todo)} already graded, {len(todo)} to grade with {self.settings.workers} workers")
        spec_dir = sandbox.kernel_spec_dir() if self.settings.use_sandbox else None
        slots = asyncio.Semaphore(self.settings.workers)
        outcomes = []
        try:
            for count, task in enumerate(asyncio.as_completed(
                    [self.grade_one(s, l, slots, spec_dir) for s, l in todo]), start=1):
                outcome = await task
                outcomes.append(outcome)
                note = f"  ({outcome.problem})" if outcome.problem else ""
                self.log(f"[{count}/{len(todo)}] {outcome.student} / {outcome.lesson}: "
                         f"{outcome.seconds:.1f} s{note}")
        finally:
            if spec_dir:
                shutil.rmtree(spec_dir, ignore_errors=True)
        with self.api.gradebook as gb:
            CsvExportPlugin(to=str(self.out / "grades.csv")).export(gb)
        return outcomes


@dataclass
class GradingRun:
    """What one grading run produced, in ``folder``."""

    folder: Path

    @property
    def grades_csv(self) -> Path:
        return self.folder / "grades.csv"

    def feedback_html(self, student: str, lesson: str) -> list[Path]:
        return sorted((self.folder / "feedback" / student / lesson).glob("*.html"))

    def totals(self) -> dict[tuple[str, str], float]:
        """(student, lesson) -> score, read from the grades CSV."""
        with open(self.grades_csv, newline="") as f:
            return {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(f)}

    def cell_scores(self, student: str, lesson: str) -> dict[str, float]:
        """Autograded test cell id -> score, read from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.folder / 'gradebook.db'}") as gb:
            submission = gb.find_submission(lesson, student)
            return {grade.name: grade.score for nb in submission.notebooks for grade in nb.grades
                    if grade.cell.cell_type == "code"}


def summary(grader: ClassGrader) -> str:
    rows = grader.done()
    students = {s for s, _ in rows}
    failures = [r for r in rows.values() if r["problem"]]
    lines = [f"graded {len(rows)} notebooks of {len(students)} students; grades: {grader.out / 'grades.csv'}; "
             f"feedback: {grader.out / 'feedback'}"]
    if failures:
        lines.append(f"{len(failures)} notebook(s) stopped or misbehaved (they keep the points earned before):")
        lines += [f"  {r['student']} / {r['lesson']}: {r['problem']}" for r in sorted(failures, key=lambda r: (r['student'], r['lesson']))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    warnings.filterwarnings("ignore", module="nbgrader")  # harmless SQLAlchemy SAWarnings
    parser = argparse.ArgumentParser(prog="python -m autograder.grading", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submitted", type=Path, help="submitted/ tree or a zip of it: {student}/{lesson}/*.ipynb")
    parser.add_argument("--out", type=Path, default=Path("autograder/graded"), help="where grades, feedback and the gradebook go")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="submissions graded at once")
    parser.add_argument("--cell-timeout", type=int, default=60)
    parser.add_argument("--notebook-timeout", type=int, default=300)
    parser.add_argument("--no-sandbox", action="store_true", help="run kernels without bubblewrap (trusted work only)")
    parser.add_argument("--shard", default="0/1", help="I/N: grade every N-th student starting at I (one job of N)")
    parser.add_argument("--db-url", help="shared gradebook for several graders, e.g. postgresql://host/gradebook")
    parser.add_argument("--prepare-only", action="store_true", help="record the lessons in the gradebook and stop")
    args = parser.parse_args(argv)
    try:
        index, count = (int(x) for x in args.shard.split("/"))
        assert 0 <= index < count
    except (ValueError, AssertionError):
        parser.error(f"--shard takes I/N with 0 <= I < N, e.g. 2/8; got {args.shard!r}")
    if not args.submitted.exists():
        parser.error(f"{args.submitted} does not exist")
    settings = Settings(workers=max(1, args.workers), cell_timeout=args.cell_timeout,
                        notebook_timeout=args.notebook_timeout, use_sandbox=not args.no_sandbox,
                        shard=(index, count), db_url=args.db_url, prepare_only=args.prepare_only)
    if settings.use_sandbox and (why := sandbox.available()):
        parser.error(f"cannot sandbox the students' code: {why}; or pass --no-sandbox for trusted submissions")
    grader = ClassGrader(args.out.resolve(), settings)
    asyncio.run(grader.run(args.submitted.resolve()))
    if not args.prepare_only:
        print(summary(grader))


if __name__ == "__main__":
    main()
