"""Sanitize: check a submitted notebook's structure, then nbgrader's own sanitize pass.

``check_structure`` reads the student's file before nbgrader does and says, in an
instructor's words, what is wrong with it: not a notebook at all (refused), a grade
id used twice (the copies are made ordinary cells, the last is graded), graded cells
deleted or stripped of their metadata (nbgrader puts them back from the gradebook:
``OverwriteCells.add_missing_cells``, set in ``unit.course_apis``).

``sanitize`` is nbgrader's Autograde without execution: it clears outputs and
restores the test cells, hidden tests included, from the gradebook.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .pipeline import NOTEBOOKS, check
from .submissions import load, notebook_path


class Unreadable(Exception):
    """The file cannot be graded at all; the message says why, for the summary."""


def _grade_ids(nb: dict) -> list[str]:
    return [c["metadata"]["nbgrader"]["grade_id"] for c in nb.get("cells", [])
            if isinstance(c, dict) and isinstance(c.get("metadata", {}).get("nbgrader"), dict)
            and c["metadata"]["nbgrader"].get("grade_id")]


def check_structure(path: Path, lesson: str) -> list[str]:
    """Check (and where nbgrader can still grade it, repair) one submitted notebook in place.

    Returns notes for the summary; raises ``Unreadable`` when it cannot be graded."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise Unreadable(f"{path.name} is not a notebook: it is not text (UTF-8)") from None
    except ValueError as error:
        raise Unreadable(f"{path.name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or nb.get("nbformat") != 4:
        raise Unreadable(f"{path.name} is not a Jupyter notebook (version 4) file")
    notes = []
    repeated = [grade_id for grade_id, n in Counter(_grade_ids(nb)).items() if n > 1]
    if repeated:
        last = {}
        for index, cell in enumerate(nb["cells"]):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in repeated:
                last[grade_id] = index
        for index, cell in enumerate(nb["cells"]):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in repeated and index != last[grade_id]:
                del cell["metadata"]["nbgrader"]  # an ordinary cell now, as nbgrader's DeduplicateIds intends
        notes.append(f"cell(s) {repeated} appear more than once (copied cells): the last copy of each is graded")
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = _grade_ids(load(notebook_path(NOTEBOOKS, lesson)))
    missing = [grade_id for grade_id in expected if grade_id not in set(_grade_ids(nb))]
    if missing:
        notes.append(f"graded cell(s) {missing} were deleted or stripped of their metadata: "
                     "put back from the lesson and graded")
    return notes


def sanitize(api, lesson: str, student: str) -> None:
    """nbgrader's sanitize pass: submitted/ -> sanitized/ with outputs cleared and test cells restored."""
    check(api.autograde(lesson, student, force=True), f"sanitize {student}/{lesson}")
