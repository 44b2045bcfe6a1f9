"""Record: the executed notebook's scores, through nbgrader, and into the class gradebook.

``mark_tampering`` gives every graded cell from the first finding onwards an
error output ("tampering suspected: ..."), so that nbgrader scores them zero and
the feedback says why. ``record`` is nbgrader's Autograde without sanitizing or
executing (it scores the outputs, applies late penalties). ``read_grades`` and
``copy_grades`` move one submission's scores from a worker's private gradebook
into the class gradebook, as nbgrader's SaveAutoGrades would write them.
"""
from __future__ import annotations

from pathlib import Path

from .execute import error_output
from .pipeline import check
from .verify import Finding

TAMPERING = "TamperingSuspected"


def tampering_summary(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    first = findings[0]
    more = f" (and {len(findings) - 1} more finding(s))" if len(findings) > 1 else ""
    return f"cell {first.cell}: {first.reason}{more}"


def mark_tampering(path: Path, findings: list[Finding]) -> None:
    """Zero the graded cells at and after the first finding in the executed notebook ``path``."""
    import nbformat

    if not findings:
        return
    nb = nbformat.read(path, as_version=4)
    first = min(f.cell for f in findings)
    reasons = "; ".join(dict.fromkeys(f"cell {f.cell}: {f.reason}" for f in findings))
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if index >= first and cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cell.outputs.append(error_output(f"tampering suspected: {reasons}. This cell scores zero; "
                                             "an instructor will look at the submission.", TAMPERING))
    nbformat.write(nb, path)


def record(api, lesson: str, student: str) -> None:
    """nbgrader's record pass over executed/: scores, late penalty, into the worker's gradebook."""
    check(api.autograde(lesson, student, force=True), f"record {student}/{lesson}")


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


def copy_grades(gb, student: str, lesson: str, grades: dict | None, flagged: bool = False) -> None:
    """Store one submission's autograded scores in the class gradebook ``gb``, as nbgrader's
    SaveAutoGrades does: a manual score a grader gave is kept and flagged for review.
    ``grades`` None (nbgrader could not grade it, or it was refused): no points, flagged for a grader to look at.
    ``flagged``: tampering suspected, so every grade is flagged for a grader to look at."""
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
            grade.needs_manual_grade = flagged or grade.manual_score is not None or score is None
        for cell, text in notebook["comments"].items():
            gb.find_comment(cell, name, lesson, student).auto_comment = text
    gb.db.commit()
