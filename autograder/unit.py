"""One unit of work: one student's submission of one lesson, graded in a worker process of its own.

``grade_unit`` takes it through the stages, each a module of its own, in the
order a submission travels: sanitize (``sanitize``) -> execute in the sandbox
(``execute``) -> verify (``verify``, around and after the execution) -> record
(``record``) -> feedback (``feedback``). It works against a private copy of a
template gradebook and returns the scores, which the coordinator
(``grading``) copies into the class gradebook: it is the only writer there.
"""
from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import socket
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import sandbox, verify
from .intake import KEPT_BESIDE
from .execute import Plan, execute
from .feedback import feedback_config, generate_feedback
from .pipeline import NOTEBOOKS, SOLUTIONS, nbgrader_api
from .record import mark_tampering, read_grades, record, tampering_summary
from .sanitize import Unreadable, check_structure, sanitize
from .settings import Outcome, Settings
from .submissions import load, notebook_path


@dataclass
class Unit:
    """One submission to grade, in a process of its own (see ``grade_unit``)."""
    out: Path
    student: str
    lesson: str
    template: Path  # a gradebook holding every lesson and no submission
    settings: Settings
    spec_dir: str | None


def course_apis(out: Path, db_url: str, show_hidden_tests: bool = False) -> dict:
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
    no_execute.OverwriteCells.add_missing_cells = True  # deleted or stripped graded cells come back, and are graded
    record_only = Config()
    record_only.Autograde.sanitize_preprocessors = []
    record_only.Autograde.autograde_preprocessors = [IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                                    SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    return {"plain": nbgrader_api(out, extra=feedback_config(show_hidden_tests), **common),
            "sanitize": nbgrader_api(out, extra=no_execute, **{**common, "autograded_directory": "sanitized"}),
            "record": nbgrader_api(out, extra=record_only, **{**common, "submitted_directory": "executed"})}


def worker_name() -> str:
    """host:pid of this process (computed each time: forked workers share the module, not the pid)."""
    return f"{socket.gethostname()}:{os.getpid()}"


_local_spec_dir: list[str] = []  # a sandboxed kernel spec made on this machine, when the coordinator's is not here
_worker_apis: dict[Path, dict] = {}  # in a worker process: template -> the APIs over its private gradebook
_lesson_facts: dict[str, verify.LessonFacts] = {}


def private_apis(unit: Unit) -> tuple[dict, str]:
    """This worker process's nbgrader APIs, over its own copy of the template gradebook (made once, next to
    the template, and reused for every unit the process grades)."""
    private = unit.template.with_name(f"worker-{worker_name().replace(':', '-')}.db")  # host too: --out may be shared
    db_url = f"sqlite:///{private}"
    if unit.template not in _worker_apis:
        shutil.copy(unit.template, private)
        _worker_apis[unit.template] = course_apis(unit.out, db_url, unit.settings.feedback_shows_hidden_tests)
    return _worker_apis[unit.template], db_url


def lesson_facts(lesson: str) -> verify.LessonFacts:
    if lesson not in _lesson_facts:
        _lesson_facts[lesson] = verify.LessonFacts.of(load(notebook_path(NOTEBOOKS, lesson)),
                                                      load(notebook_path(SOLUTIONS, lesson)))
    return _lesson_facts[lesson]


def plan(cells: list[dict], facts: verify.LessonFacts) -> Plan:
    """The cells the student's code runs in (their own, and the graded tests), from the sanitized notebook."""
    result = Plan(measures=set(facts.answer_measures))
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code":
            continue
        if meta.get("grade") and not meta.get("solution"):
            result.graded.add(index)
        elif meta.get("solution") or cell.get("source", "").strip() not in facts.course_sources:
            result.student.add(index)
    return result


def root_cause(error: Exception) -> str:
    """The last exception named in nbgrader's log (e.g. "NotJSONError: ..."), not its generic wrapper."""
    import re

    found = re.findall(r"^\s*(?:[\w]+\.)*(\w+(?:Error|Exception)): (.+)$", str(error), re.MULTILINE)
    causes = [f"{name}: {text.strip()}"[:300] for name, text in found if name != "NbGraderException"]
    return causes[-1] if causes else f"{type(error).__name__}: {error}"[:300]


def grade_unit(unit: Unit) -> tuple[Outcome, dict | None]:
    """Grade one submission against a private copy of the template gradebook: sanitize, execute, verify, record,
    feedback. Returns the outcome and the grades to copy into the class gradebook (``record.copy_grades``)."""
    warnings.filterwarnings("ignore", module="nbgrader")
    os.environ[sandbox.PARENT_VARIABLE] = str(os.getpid())  # the kernels die with this process (a cluster's too)
    if unit.spec_dir and not os.path.isdir(unit.spec_dir):  # another machine than the coordinator's: make one here
        if not _local_spec_dir:
            _local_spec_dir.append(sandbox.kernel_spec_dir())
        unit = dataclasses.replace(unit, spec_dir=_local_spec_dir[0])
    started = time.perf_counter()
    try:
        return _grade_unit(unit, started)
    except Unreadable as error:
        return Outcome(unit.student, unit.lesson, f"not graded: {error}", time.perf_counter() - started), None
    except Exception as error:  # nbgrader refused the submission
        return Outcome(unit.student, unit.lesson, f"nbgrader could not grade it: {root_cause(error)}",
                       time.perf_counter() - started), None


def _grade_unit(unit: Unit, started: float) -> tuple[Outcome, dict]:
    import nbformat

    student, lesson, out = unit.student, unit.lesson, unit.out
    phases: dict[str, float] = {}  # wall seconds per stage
    cpu: dict[str, float] = {}     # CPU seconds per stage: this worker process's, and the kernels' in "kernel"
    clock = [time.perf_counter(), time.process_time()]

    def lap(phase: str) -> None:
        now, used = time.perf_counter(), time.process_time()
        phases[phase] = phases.get(phase, 0.0) + now - clock[0]
        cpu[phase] = cpu.get(phase, 0.0) + used - clock[1]
        clock[:] = [now, used]

    api, db_url = private_apis(unit)
    notes = []
    for path in sorted((out / "submitted" / student / lesson).glob("*.ipynb")):
        notes += check_structure(path, lesson)
    sanitize(api["sanitize"], lesson, student)
    facts = lesson_facts(lesson)
    lap("sanitize")
    findings = []
    for path in sorted((out / "sanitized" / student / lesson).glob("*.ipynb")):
        dest = out / "executed" / student / lesson / path.name
        cells = nbformat.read(path, as_version=4).cells
        found = verify.scan(cells, facts)
        result = asyncio.run(execute(path, dest, unit.settings, unit.spec_dir, plan(cells, facts)))
        phases["kernel start"] = phases.get("kernel start", 0.0) + result.kernel_start
        phases["execute"] = phases.get("execute", 0.0) - result.kernel_start  # lap("execute") adds the whole
        cpu["kernel"] = cpu.get("kernel", 0.0) + result.kernel_cpu
        if result.problem:
            notes.append(f"{path.stem}: {result.problem}")
        found = sorted(found + result.findings, key=lambda f: f.cell)
        mark_tampering(dest, found)
        findings += found
    lap("execute")
    for name in KEPT_BESIDE:  # nbgrader's submission time and feedback key travel with the notebook
        if (beside := out / "submitted" / student / lesson / name).exists():
            shutil.copy(beside, out / "executed" / student / lesson / name)
    record(api["record"], lesson, student)
    grades = read_grades(db_url, student, lesson)
    lap("record")
    generate_feedback(api["plain"], lesson, student)
    lap("feedback")
    return Outcome(student, lesson, "; ".join(notes) or None, time.perf_counter() - started,
                   tampering_summary(findings), {k: round(v, 3) for k, v in phases.items()}, worker_name(),
                   {k: round(v, 3) for k, v in cpu.items()}), grades
