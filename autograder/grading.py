"""Grade a whole class: every submission in its own process and sandboxed kernel, several at once.

    python -m autograder.grading SUBMITTED --out DIR [--workers N] [--no-sandbox]

SUBMITTED is nbgrader's submitted/ tree ({student}/{lesson}/{notebook}.ipynb)
or a zip of it. The lessons are first recorded (nbgrader's generate_assignment)
in a template gradebook. Then each submission is one unit of work, done in a
worker process of its own (``grade_unit``) against a private copy of that
template, through nbgrader's own Autograde converter in two passes around the
execution:

1. sanitize (nbgrader: clear outputs, restore the test cells and hidden tests
   from the gradebook) into DIR/sanitized;
2. execute in a sandboxed kernel (autograder.sandbox), limited per cell and per
   notebook; cells that never ran because of a fault get an error output, so
   they score zero and the feedback says why;
3. record (nbgrader: score the outputs) from DIR/executed, then nbgrader's
   feedback into DIR/feedback.

The coordinating process is the class gradebook's only writer (SQLite wants
one): it copies each unit's scores in as the unit finishes (``copy_grades``).
DIR/progress.jsonl lists what is done: a run started again grades only the
rest. grades.csv is written at the end.
"""
from __future__ import annotations

import argparse
import csv
import asyncio
import atexit
import json
import os
import shutil
import signal
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


def course_apis(out: Path, db_url: str) -> dict:
    """nbgrader APIs over the class folder ``out`` and the gradebook at ``db_url``: "sanitize" and "record",
    the two Autograde passes around our own execution, and "plain" (generate_assignment, feedback)."""
    from traitlets.config import Config
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                        SaveAutoGrades)
    from nbconvert.preprocessors import ClearMetadataPreprocessor

    common = dict(submitted_directory="submitted", release_directory="release", autograded_directory="autograded",
                  feedback_directory="feedback", db_url=db_url)
    no_execute = Config()
    no_execute.Autograde.autograde_preprocessors = []
    record_only = Config()
    record_only.Autograde.sanitize_preprocessors = []
    record_only.Autograde.autograde_preprocessors = [IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                                    SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    return {"plain": nbgrader_api(out, **common),
            "sanitize": nbgrader_api(out, extra=no_execute, **{**common, "autograded_directory": "sanitized"}),
            "record": nbgrader_api(out, extra=record_only, **{**common, "submitted_directory": "executed"})}


@dataclass
class Unit:
    """One submission to grade, in a process of its own (see ``grade_unit``)."""
    out: Path
    student: str
    lesson: str
    template: Path  # a gradebook holding every lesson and no submission
    settings: Settings
    spec_dir: str | None


def grade_unit(unit: Unit) -> tuple[Outcome, dict | None]:
    """Grade one submission against a private copy of the template gradebook: sanitize, execute, record,
    feedback. Returns the outcome and the grades to copy into the class gradebook (``copy_grades``).

    Runs in a worker process, so that many submissions go through nbgrader at once while only the
    coordinator writes the class gradebook."""
    warnings.filterwarnings("ignore", module="nbgrader")
    started = time.perf_counter()
    try:
        return _grade_unit(unit, started)
    except Exception as error:  # nbgrader refused the submission (not a notebook, cells deleted, ...)
        return Outcome(unit.student, unit.lesson, f"nbgrader could not grade it: {root_cause(error)}",
                       time.perf_counter() - started), None


def root_cause(error: Exception) -> str:
    """The last exception named in nbgrader's log (e.g. "NotJSONError: ..."), not its generic wrapper."""
    import re

    found = re.findall(r"^\s*(?:[\w]+\.)*(\w+(?:Error|Exception)): (.+)$", str(error), re.MULTILINE)
    causes = [f"{name}: {text.strip()}"[:300] for name, text in found if name != "NbGraderException"]
    return causes[-1] if causes else f"{type(error).__name__}: {error}"[:300]


_worker_apis: dict[Path, dict] = {}  # in a worker process: template -> the APIs over its private gradebook


def private_apis(unit: Unit) -> tuple[dict, str]:
    """This worker process's nbgrader APIs, over its own copy of the template gradebook (made once, next to
    the template, and reused for every unit the process grades)."""
    private = unit.template.with_name(f"worker-{os.getpid()}.db")
    db_url = f"sqlite:///{private}"
    if unit.template not in _worker_apis:
        shutil.copy(unit.template, private)
        _worker_apis[unit.template] = course_apis(unit.out, db_url)
    return _worker_apis[unit.template], db_url


def _grade_unit(unit: Unit, started: float) -> tuple[Outcome, dict]:
    student, lesson, out = unit.student, unit.lesson, unit.out
    api, db_url = private_apis(unit)
    check(api["sanitize"].autograde(lesson, student, force=True), f"sanitize {student}/{lesson}")
    problems = []
    for path in sorted((out / "sanitized" / student / lesson).glob("*.ipynb")):
        dest = out / "executed" / student / lesson / path.name
        problem = asyncio.run(execute(path, dest, unit.settings, unit.spec_dir))
        if problem:
            problems.append(f"{path.stem}: {problem}")
    stamp = out / "submitted" / student / lesson / "timestamp.txt"
    if stamp.exists():
        shutil.copy(stamp, out / "executed" / student / lesson / "timestamp.txt")
    check(api["record"].autograde(lesson, student, force=True), f"record {student}/{lesson}")
    check(api["plain"].generate_feedback(lesson, student, force=True), f"feedback {student}/{lesson}")
    grades = read_grades(db_url, student, lesson)
    return Outcome(student, lesson, "; ".join(problems) or None, time.perf_counter() - started), grades


def start_worker() -> None:
    """Worker processes ignore Ctrl-C (the coordinator decides, and kills them: ``kill_workers``) and tell the
    kernels they start whose child they are (``sandbox._die_with_parent``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[sandbox.PARENT_VARIABLE] = str(os.getpid())


def kill_workers(pool) -> None:
    """Kill a ProcessPoolExecutor's workers at once; their sandboxed kernels die with them (--die-with-parent).
    (Python 3.14's ProcessPoolExecutor.kill_workers does the same; 3.11 has only the private dict.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def read_grades(db_url: str, student: str, lesson: str) -> dict:
    """What nbgrader's record pass stored for one submission, as plain data."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        submission = gb.find_submission(lesson, student)
        return {"timestamp": submission.timestamp,
                "notebooks": {nb.name: {"late_submission_penalty": nb.late_submission_penalty,
                                        "grades": {g.name: g.auto_score for g in nb.grades},
                                        "comments": {c.name: c.auto_comment for c in nb.comments}}
                              for nb in submission.notebooks}}


def copy_grades(gb, student: str, lesson: str, grades: dict | None) -> None:
    """Store one submission's autograded scores in the class gradebook ``gb``, as nbgrader's
    SaveAutoGrades does: a manual score a grader gave is kept and flagged for review.
    ``grades`` None (nbgrader could not grade it): no points, flagged for a grader to look at."""
    gb.update_or_create_student(student)
    if grades is None:
        for notebook in gb.update_or_create_submission(lesson, student).notebooks:
            for grade in notebook.grades:
                grade.auto_score, grade.needs_manual_grade = None, True
        gb.db.commit()
        return
    gb.update_or_create_submission(lesson, student, timestamp=grades["timestamp"])
    for name, notebook in grades["notebooks"].items():
        target = gb.find_submission_notebook(name, lesson, student)
        target.late_submission_penalty = notebook["late_submission_penalty"]
        for cell, score in notebook["grades"].items():
            grade = gb.find_grade(cell, name, lesson, student)
            grade.auto_score = score
            grade.needs_manual_grade = grade.manual_score is not None or score is None
        for cell, text in notebook["comments"].items():
            gb.find_comment(cell, name, lesson, student).auto_comment = text
    gb.db.commit()


class ClassGrader:
    """Grades a submitted/ tree into ``out``: the class gradebook, autograded/, feedback/, grades.csv."""

    def __init__(self, out: Path, settings: Settings, log=print):
        self.out, self.settings, self.log = out, settings, log
        self.db_url = settings.db_url or f"sqlite:///{out / 'gradebook.db'}"
        self.progress = out / "progress.jsonl"

    def done(self) -> dict[tuple[str, str], dict]:
        if not self.progress.exists():
            return {}
        rows = [json.loads(line) for line in self.progress.read_text().splitlines() if line.strip()]
        return {(r["student"], r["lesson"]): r for r in rows}

    def prepare(self, names: list[str], template: Path) -> None:
        """Record the lessons (nbgrader's generate_assignment) in a template gradebook, which every unit
        copies, and in the class gradebook."""
        gradebooks = [f"sqlite:///{template}"]
        class_db = self.out / "gradebook.db"
        copy_template = not self.settings.db_url and not class_db.exists()
        if not copy_template:
            gradebooks.append(self.db_url)
        for db_url in gradebooks:
            plain = course_apis(self.out, db_url)["plain"]
            for lesson in names:
                check(plain.generate_assignment(lesson, force=True), f"generate_assignment {lesson}")
        if copy_template:
            shutil.copy(template, class_db)  # the same rows generate_assignment would write

    async def run(self, submitted: Path) -> list[Outcome]:
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing

        from nbgrader.api import Gradebook
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
        work = Path(tempfile.mkdtemp(prefix="grading-"))
        template = work / "template.db"
        spec_dir = None
        try:
            self.prepare(sorted({l for _, l in jobs}), template)
            if self.settings.prepare_only:
                self.log(f"recorded {len({l for _, l in jobs})} lesson(s) in the gradebook")
                return []
            finished = self.done()
            todo = [job for job in jobs if job not in finished]
            self.log(f"{len(jobs)} notebooks from {len({s for s, _ in jobs})} students; "
                     f"{len(jobs) - len(todo)} already graded, {len(todo)} to grade with {self.settings.workers} workers")
            spec_dir = sandbox.kernel_spec_dir() if self.settings.use_sandbox else None
            loop = asyncio.get_running_loop()
            outcomes = []
            # forkserver: workers forked from a clean process that imported nbgrader once (not from this one,
            # which runs an event loop).
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["autograder.pipeline", "nbgrader.apps", "nbgrader.preprocessors", "nbclient"])
            pool = ProcessPoolExecutor(self.settings.workers, mp_context=context, initializer=start_worker)
            try:
                units = [loop.run_in_executor(pool, grade_unit, Unit(self.out, s, l, template, self.settings, spec_dir))
                         for s, l in todo]
                with Gradebook(self.db_url) as gb:  # this process is the only writer
                    for number, unit in enumerate(asyncio.as_completed(units), start=1):
                        outcome, grades = await unit
                        copy_grades(gb, outcome.student, outcome.lesson, grades)
                        with open(self.progress, "a") as f:
                            f.write(json.dumps(outcome.__dict__) + "\n")
                        outcomes.append(outcome)
                        note = f"  ({outcome.problem})" if outcome.problem else ""
                        self.log(f"[{number}/{len(todo)}] {outcome.student} / {outcome.lesson}: "
                                 f"{outcome.seconds:.1f} s{note}")
            except BaseException:  # interrupted (Ctrl-C, SIGTERM) or failed: stop the units still running, now
                kill_workers(pool)
                raise
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
                with Gradebook(self.db_url) as gb:  # what is graded so far, also after an interruption
                    CsvExportPlugin(to=str(self.out / "grades.csv")).export(gb)
            return outcomes
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if spec_dir:
                shutil.rmtree(spec_dir, ignore_errors=True)


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

    def cell_errors(self, student: str, lesson: str) -> dict[str, str]:
        """Graded cell id -> the error it ended with ("Name: message"), read from the autograded notebooks."""
        import nbformat

        errors = {}
        for path in sorted((self.folder / "autograded" / student / lesson).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                for output in cell.get("outputs", []):
                    if grade_id and output.output_type == "error":
                        errors[grade_id] = f"{output.ename}: {output.evalue}"
        return errors


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
    signal.signal(signal.SIGTERM, _stop)  # a batch system cancelling the job: stop as on Ctrl-C
    try:
        asyncio.run(grader.run(args.submitted.resolve()))
    except KeyboardInterrupt:
        print(summary(grader))
        print("interrupted: run the same command again to grade the rest", file=sys.stderr)
        sys.exit(130)
    if not args.prepare_only:
        print(summary(grader))


def _stop(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
