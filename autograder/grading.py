"""Grade a whole class: every submission in its own process and sandboxed kernel, several at once.

    python -m autograder.grading SUBMITTED --out DIR [--workers N] [--no-sandbox]

SUBMITTED is nbgrader's submitted/ tree ({student}/{lesson}/{notebook}.ipynb)
or a zip of it. This module is the coordinator; the folder reads in the order
a submission travels:

1. ``intake``: the tree (or zip) copied into DIR/submitted as plain files;
   links, paths leaving the tree and unusable student ids are refused and named;
2. ``unit.grade_unit``, in a worker process per submission, against a private
   copy of a template gradebook (the lessons, recorded once by nbgrader's
   generate_assignment): ``sanitize`` (nbgrader restores the test cells and
   hidden tests) -> ``execute`` (a sandboxed kernel, ``sandbox``, limited per
   cell and per notebook) -> ``verify`` (evidence of tampering, before and
   during the execution) -> ``record`` (nbgrader scores the outputs) ->
   ``feedback`` (nbgrader's HTML, without the hidden tests);
3. back here, the only writer of the class gradebook (SQLite wants one): each
   unit's scores are copied in as it finishes (``record.copy_grades``).

DIR/progress.jsonl lists what is done: a run started again grades only the
rest. grades.csv (nbgrader's columns plus ``tampering_suspected``) is written
at the end, and after an interruption.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import shutil
import signal
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import intake, sandbox
from .pipeline import check, course_config, lessons
from .record import copy_grades
from .settings import DEFAULT_WORKERS, Outcome, Settings
from .unit import Unit, course_apis, grade_unit


def start_worker() -> None:
    """Worker processes ignore Ctrl-C (the coordinator decides, and kills them: ``kill_workers``) and tell the
    kernels they start whose child they are (``sandbox._die_with_parent``)."""
    import os

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[sandbox.PARENT_VARIABLE] = str(os.getpid())


def kill_workers(pool) -> None:
    """Kill a ProcessPoolExecutor's workers at once; their sandboxed kernels die with them (--die-with-parent).
    (Python 3.14's ProcessPoolExecutor.kill_workers does the same; 3.11 has only the private dict.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


PREPARE_LOCK = 0x6E62677264  # the PostgreSQL advisory lock taken while a grader records the lessons


@contextlib.contextmanager
def gradebook_lock(db_url: str):
    """Hold, for the block, the lock that graders sharing one PostgreSQL gradebook take to record the lessons.
    nbgrader's generate_assignment deletes and re-inserts a lesson's rows while it has no submissions, so two
    shards started at once would both insert them (UniqueViolation). SQLite lets one writer in at a time itself."""
    if not db_url.startswith("postgresql"):
        yield
        return
    import sqlalchemy

    engine = sqlalchemy.create_engine(db_url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:  # the lock is this session's: closing it releases the lock too
            connection.execute(sqlalchemy.text("SELECT pg_advisory_lock(:key)"), {"key": PREPARE_LOCK})
            try:
                yield
            finally:
                connection.execute(sqlalchemy.text("SELECT pg_advisory_unlock(:key)"), {"key": PREPARE_LOCK})
    finally:
        engine.dispose()


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
        copies, and in the class gradebook, each with its due date, so that nbgrader judges lateness and its
        penalty from each submission's timestamp.txt as it would in the course's own gradebook."""
        from nbgrader.api import Gradebook

        gradebooks = [f"sqlite:///{template}"]
        class_db = self.out / "gradebook.db"
        copy_template = not self.settings.db_url and not class_db.exists()
        if not copy_template:
            gradebooks.append(self.db_url)
        due = due_dates(self.settings.due_dates_from, names)
        for db_url in gradebooks:
            with gradebook_lock(db_url):
                plain = course_apis(self.out, db_url)["plain"]
                for lesson in names:
                    check(plain.generate_assignment(lesson, force=True), f"generate_assignment {lesson}")
                with Gradebook(db_url) as gb:
                    for lesson, when in due.items():
                        gb.update_or_create_assignment(lesson, duedate=when)
        for lesson, when in sorted(due.items()):
            self.log(f"{lesson}: due {when} UTC (from {self.settings.due_dates_from})")
        if copy_template:
            shutil.copy(template, class_db)  # the same rows generate_assignment would write

    def finish(self, outcome: Outcome, grades: dict | None, gb=None) -> None:
        """Store one unit's scores in the class gradebook and note it done in progress.jsonl."""
        from nbgrader.api import Gradebook

        if gb is None:
            with Gradebook(self.db_url) as own:
                return self.finish(outcome, grades, own)
        copy_grades(gb, outcome.student, outcome.lesson, grades, flagged=outcome.tampering is not None)
        with open(self.progress, "a") as f:
            f.write(json.dumps(outcome.__dict__) + "\n")

    def export(self) -> None:
        """grades.csv: nbgrader's export of the class gradebook, plus why tampering is suspected (empty if not)."""
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        path = self.out / "grades.csv"
        with Gradebook(self.db_url) as gb:
            CsvExportPlugin(to=str(path)).export(gb)
        flags = {key: row.get("tampering") or "" for key, row in self.done().items()}
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        fields = (list(rows[0]) if rows else ["assignment", "student_id", "score"]) + ["tampering_suspected"]
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fields)
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "tampering_suspected": flags.get((row["student_id"], row["assignment"]), "")})

    async def run(self, submitted: Path) -> list[Outcome]:
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing

        from nbgrader.api import Gradebook

        self.out.mkdir(parents=True, exist_ok=True)
        self.skipped = []
        source = submitted
        if not submitted.is_dir():
            source = Path(tempfile.mkdtemp(prefix="upload-", dir=self.out))
            self.skipped += intake.unpack(submitted, source, lessons())
        taken = intake.copy_submissions(source, self.out / "submitted", lessons())
        if source != submitted:
            shutil.rmtree(source, ignore_errors=True)
        self.skipped += taken.skipped
        for line in self.skipped:
            self.log(f"intake: {line}")
        jobs = sorted(set(taken.jobs) | set(taken.refused))
        index, count = self.settings.shard
        mine = sorted({s for s, _ in jobs})[index::count]
        jobs = [(s, l) for s, l in jobs if s in mine]
        # On a cluster, the template gradebook must be where every worker sees it: in --out.
        work = Path(tempfile.mkdtemp(prefix="grading-", dir=self.out if self.settings.scheduler else None))
        template = work / "template.db"
        spec_dir = None
        try:
            self.prepare(sorted({l for _, l in jobs}), template)
            if self.settings.prepare_only:
                self.log(f"recorded {len({l for _, l in jobs})} lesson(s) in the gradebook")
                return []
            finished = self.done()
            for job in sorted(set(taken.refused) & set(jobs) - set(finished)):  # a zero and a flag, without running anything
                self.finish(Outcome(*job, taken.refused[job], 0.0, tampering=taken.refused[job]), None)
            finished = self.done()
            todo = [job for job in jobs if job not in finished]
            self.log(f"{len(jobs)} notebooks from {len({s for s, _ in jobs})} students; "
                     f"{len(jobs) - len(todo)} already graded, {len(todo)} to grade with {self.settings.workers} workers")
            spec_dir = sandbox.kernel_spec_dir() if self.settings.use_sandbox else None
            loop = asyncio.get_running_loop()
            outcomes = []
            if self.settings.scheduler:  # a Dask cluster's workers (autograder/cluster.py)
                from .cluster import DaskUnits

                pool = await asyncio.to_thread(DaskUnits, self.settings.scheduler, self.settings.use_sandbox)
                self.log(f"grading on the Dask cluster at {self.settings.scheduler}")
            else:
                # forkserver: workers forked from a clean process that imported nbgrader once (not from this one,
                # which runs an event loop).
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["autograder.unit", "nbgrader.apps", "nbgrader.preprocessors",
                                                "nbclient"])
                pool = ProcessPoolExecutor(self.settings.workers, mp_context=context, initializer=start_worker)
            try:
                units = [loop.run_in_executor(pool, grade_unit, Unit(self.out, s, l, template, self.settings, spec_dir))
                         for s, l in todo]
                with Gradebook(self.db_url) as gb:  # this process is the only writer
                    for number, unit in enumerate(asyncio.as_completed(units), start=1):
                        outcome, grades = await unit
                        self.finish(outcome, grades, gb)
                        outcomes.append(outcome)
                        note = f"  ({outcome.problem})" if outcome.problem else ""
                        flag = f"  TAMPERING SUSPECTED: {outcome.tampering}" if outcome.tampering else ""
                        self.log(f"[{number}/{len(todo)}] {outcome.student} / {outcome.lesson}: "
                                 f"{outcome.seconds:.1f} s{note}{flag}")
            except BaseException:  # interrupted (Ctrl-C, SIGTERM) or failed: stop the units still running, now
                kill_workers(pool)
                pool.shutdown(wait=False, cancel_futures=True)  # killed: nothing left to wait for
                raise
            else:
                await asyncio.to_thread(pool.shutdown, wait=True)
            finally:
                self.export()
            return outcomes
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if spec_dir:
                shutil.rmtree(spec_dir, ignore_errors=True)


def due_dates(db_url: str | None, lessons: list[str]) -> dict:
    """The due date of each lesson that has one in the gradebook at ``db_url`` (a missing file has none)."""
    from nbgrader.api import Gradebook, MissingEntry

    if not db_url or (db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///"):]).exists()):
        return {}
    found = {}
    with Gradebook(db_url) as gb:
        for lesson in lessons:
            try:
                when = gb.find_assignment(lesson).duedate
            except MissingEntry:
                continue
            if when is not None:
                found[lesson] = when
    return found


def sqlalchemy_url(db_url: str | None) -> str | None:
    """``postgresql://`` names psycopg 3 in SQLAlchemy 2.1; the course installs psycopg2 (aiopg's driver)."""
    if db_url and db_url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg2://" + db_url.split("://", 1)[1]
    return db_url


def course_gradebook() -> str:
    """The course's own gradebook (CourseDirectory.db_url in autograder/nbgrader_config.py)."""
    return course_config().CourseDirectory.db_url


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
    flagged = [r for r in rows.values() if r.get("tampering")]
    order = lambda r: (r["student"], r["lesson"])  # noqa: E731
    lines = [f"graded {len(rows)} notebooks of {len(students)} students; grades: {grader.out / 'grades.csv'}; "
             f"feedback: {grader.out / 'feedback'}"]
    if flagged:
        lines.append(f"{len(flagged)} notebook(s) flagged, TAMPERING SUSPECTED (the cells affected score zero; "
                     "read them in formgrader):")
        lines += [f"  {r['student']} / {r['lesson']}: {r['tampering']}" for r in sorted(flagged, key=order)]
    if failures:
        lines.append(f"{len(failures)} notebook(s) stopped, misbehaved or were repaired (they keep the points earned):")
        lines += [f"  {r['student']} / {r['lesson']}: {r['problem']}" for r in sorted(failures, key=order)]
    if getattr(grader, "skipped", None):
        lines.append(f"{len(grader.skipped)} entr(y/ies) of the submissions not taken:")
        lines += [f"  {line}" for line in grader.skipped]
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
    parser.add_argument("--feedback-shows-hidden-tests", action="store_true",
                        help="print the hidden tests' source in the feedback (nbgrader's default; not for students)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="grade on a Dask cluster (tcp://host:8786): see autograder/cluster.py for what workers need")
    parser.add_argument("--due-dates-from", metavar="DB_URL", default=None,
                        help="the gradebook holding due dates (`nbgrader db assignment add LESSON --duedate ...`); "
                             "default: the course's own, CourseDirectory.db_url in autograder/nbgrader_config.py")
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
                        shard=(index, count), db_url=sqlalchemy_url(args.db_url), prepare_only=args.prepare_only,
                        feedback_shows_hidden_tests=args.feedback_shows_hidden_tests,
                        due_dates_from=sqlalchemy_url(args.due_dates_from or course_gradebook()),
                        scheduler=args.scheduler)
    if settings.use_sandbox and (why := sandbox.available()):
        parser.error(f"cannot sandbox the students' code: {why}; or pass --no-sandbox for trusted submissions")
    grader = ClassGrader(args.out.resolve(), settings)
    signal.signal(signal.SIGTERM, _stop)  # a batch system cancelling the job: stop as on Ctrl-C
    # Ctrl-C stops it even when it was started with SIGINT ignored (a background job of a script inherits that).
    signal.signal(signal.SIGINT, signal.default_int_handler)
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
