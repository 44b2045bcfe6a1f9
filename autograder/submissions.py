"""Build student submissions from the released notebooks: for tests, checks and benchmarks.

A submission starts from the released notebook (what a student downloads) and
fills some solution cells, with the reference answer or with other code.
"""
from __future__ import annotations

import copy
import json
import re
import runpy
from pathlib import Path

from .pipeline import NOTEBOOKS, ROOT, SOLUTIONS

WRONG_ANSWERS = ROOT / "tests" / "wrong_answers"

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_solution(cell: dict) -> bool:
    return cell.get("cell_type") == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)


def is_graded(cell: dict) -> bool:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade", False)


def cell_id(cell: dict) -> str:
    return cell["metadata"]["nbgrader"]["grade_id"]


def notebook_path(folder: Path, lesson: str) -> Path:
    [path] = sorted((Path(folder) / lesson).glob("*.ipynb"))
    return path


def reference_answers(lesson: str) -> dict[str, str]:
    """Solution cell id -> the reference answer, as a student would type it (no markers)."""
    answers = {}
    for cell in load(notebook_path(SOLUTIONS, lesson))["cells"]:
        if is_solution(cell):
            lines = [line for line in source(cell).splitlines() if line.strip() not in MARKERS]
            answers[cell_id(cell)] = "\n".join(lines)
    return answers


def exercises(lesson: str) -> dict[str, list[str]]:
    """Solution cell id -> the ids of the graded test cells that follow it (its exercise's tests)."""
    result: dict[str, list[str]] = {}
    current = None
    for cell in load(notebook_path(SOLUTIONS, lesson))["cells"]:
        if is_solution(cell):
            current = cell_id(cell)
            result[current] = []
        elif is_graded(cell) and cell.get("cell_type") == "code" and current is not None:
            result[current].append(cell_id(cell))
    return result


def exercise_texts(lesson: str) -> dict[str, str]:
    """Solution cell id -> the markdown that states its exercise: the markdown cells from its "## Exercise"
    heading (or, without one, since the previous exercise's last graded cell) to the solution cell."""
    result: dict[str, str] = {}
    text: list[str] = []
    for cell in load(notebook_path(SOLUTIONS, lesson))["cells"]:
        if cell.get("cell_type") == "markdown":
            if re.match(r"\s*#+\s*Exercise\b", source(cell)):
                text = []  # the exercise starts here: the sections before it are not its requirements
            text.append(source(cell))
        elif is_solution(cell):
            result[cell_id(cell)] = "\n\n".join(text)
            text = []
        elif is_graded(cell):
            text = []
    return result


def wrong_answers(lesson: str) -> dict[str, dict[str, str]]:
    """Solution cell id -> {name: a plausible wrong answer}, from tests/wrong_answers/LESSON.py."""
    return _answers(lesson, "WRONG_ANSWERS")


def right_answers(lesson: str) -> dict[str, dict[str, str]]:
    """Solution cell id -> {name: a correct answer written otherwise than the reference}: each must get full marks.
    From ``RIGHT_ANSWERS`` in tests/wrong_answers/LESSON.py (optional)."""
    return _answers(lesson, "RIGHT_ANSWERS")


def _answers(lesson: str, name: str) -> dict[str, dict[str, str]]:
    path = WRONG_ANSWERS / f"{lesson}.py"
    return runpy.run_path(str(path)).get(name, {}) if path.exists() else {}


def points(lesson: str) -> dict[str, float]:
    """Graded test cell id -> its points."""
    return {cell_id(c): float(c["metadata"]["nbgrader"]["points"])
            for c in load(notebook_path(SOLUTIONS, lesson))["cells"] if is_graded(c) and c["cell_type"] == "code"}


def hidden_test_lines(lesson: str) -> set[str]:
    """The lines of ``lesson``'s hidden tests (stripped, 8 characters or more) that appear nowhere in its released
    notebook or its reference answers: what must never reach a student."""
    from .feedback import split_hidden

    shown = [source(c) for c in load(notebook_path(NOTEBOOKS, lesson))["cells"]]  # what students have anyway
    hidden = set()
    for cell in load(notebook_path(SOLUTIONS, lesson))["cells"]:
        visible, lines = split_hidden(source(cell))
        shown.append(visible)  # the reference answers too: a student may write the same line
        hidden.update(line.strip() for line in lines)
    shown_text = "\n".join(shown)
    return {line for line in hidden if len(line) >= 8 and line not in shown_text}


def submission(lesson: str, answers: dict[str, str]) -> dict:
    """The released notebook of ``lesson`` with the given solution cells replaced by ``answers``."""
    nb = copy.deepcopy(load(notebook_path(NOTEBOOKS, lesson)))
    unknown = set(answers) - {cell_id(c) for c in nb["cells"] if is_solution(c)}
    if unknown:
        raise KeyError(f"{lesson} has no solution cell(s) {sorted(unknown)}")
    for cell in nb["cells"]:
        if is_solution(cell) and cell_id(cell) in answers:
            cell["source"] = answers[cell_id(cell)]
    return nb


def write(nb: dict, submitted: Path, student: str, lesson: str) -> Path:
    """Write ``nb`` where nbgrader expects it: submitted/{student}/{lesson}/{notebook}.ipynb."""
    path = Path(submitted) / student / lesson / notebook_path(NOTEBOOKS, lesson).name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
