"""What every exercise owes its grade: tests that ask only for what its text states, and enough wrong answers to
show that they tell right from wrong.

- Each requirement of an exercise is a bullet of its text that starts with a bold label
  (``- **a blank name**: answer 400 ...``), and each hidden test's assertion message names one of those labels: a
  hidden test checks something the text asks for, and its failure tells the student which requirement it was.
- Each exercise has at least five wrong answers in ``tests/wrong_answers/`` (``test_grading.py`` proves each loses
  exactly its exercise's points); ``RIGHT_ANSWERS`` there, correct answers written otherwise, get full marks.
"""
import ast
import re

import pytest

from autograder import submissions
from autograder.feedback import split_hidden
from autograder.pipeline import lessons

MIN_WRONG_ANSWERS = 5
LABEL = re.compile(r"^\s*[-*]\s+\*\*(.+?)\*\*", re.MULTILINE)


def requirement_labels(text: str) -> list[str]:
    """The bold labels that begin the bullets of an exercise's text."""
    return [label.strip().rstrip(":").strip() for label in LABEL.findall(text)]


def hidden_assertion_messages(source: str) -> list[tuple[int, str | None]]:
    """(line, the literal text of its message, or None) of each assertion in the hidden part of a test cell."""
    visible, hidden = split_hidden(source)
    if not hidden:
        return []
    first = len(visible.splitlines()) + 1  # hidden lines start after the visible ones and the marker
    tree = compile(source, "<test cell>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    found = []
    for node in ast.walk(tree):
        message = None
        if isinstance(node, ast.Assert):
            message = node.msg
        elif (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
              and getattr(node.exc.func, "id", None) == "AssertionError"):
            message = node.exc.args[0] if node.exc.args else None
        else:
            continue
        if node.lineno >= first:
            found.append((node.lineno, None if message is None else literal_text(message)))
    return found


def literal_text(node: ast.AST) -> str:
    """The literal parts of a message: a string, an f-string's text, or a concatenation of them."""
    return " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def test_split_hidden_lines_are_where_the_parser_puts_them():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert a == 1, 'a blank name: x'\nassert a\n### END HIDDEN TESTS\n"
    assert hidden_assertion_messages(source) == [(3, "a blank name: x"), (4, None)]
    assert requirement_labels("Write it:\n\n- **a blank name**: 400\n- plain\n* **Any name:** greeted") == [
        "a blank name", "Any name"]


@pytest.mark.parametrize("lesson", lessons())
def test_every_exercise_has_enough_wrong_answers(lesson):
    wrongs = submissions.wrong_answers(lesson)
    short = {cell: len(wrongs.get(cell, {})) for cell in submissions.exercises(lesson)
             if len(wrongs.get(cell, {})) < MIN_WRONG_ANSWERS}
    assert not short, f"{lesson}: exercises with fewer than {MIN_WRONG_ANSWERS} wrong answers: {short}"


@pytest.mark.parametrize("lesson", lessons())
def test_every_hidden_assertion_names_a_requirement_of_its_exercise(lesson):
    texts = submissions.exercise_texts(lesson)
    cells = {submissions.cell_id(c): submissions.source(c)
             for c in submissions.load(submissions.notebook_path(submissions.SOLUTIONS, lesson))["cells"]
             if submissions.is_graded(c) and c["cell_type"] == "code"}
    problems = []
    for exercise, tests in submissions.exercises(lesson).items():
        labels = requirement_labels(texts.get(exercise, ""))
        if not labels:
            problems.append(f"{exercise}: its text has no requirement bullets (- **label**: ...)")
            continue
        for test in tests:
            for line, message in hidden_assertion_messages(cells[test]):
                if message is None:
                    problems.append(f"{test} line {line}: a hidden assertion without a message")
                elif not any(label.lower() in message.lower() for label in labels):
                    problems.append(f"{test} line {line}: {message[:70]!r} names none of {labels}")
    assert not problems, f"{lesson}:\n" + "\n".join(problems)


def parsed(source: str) -> ast.Module:
    return compile(source, "<test cell>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def checked_blocks(tree: ast.Module) -> list[ast.With | ast.AsyncWith]:
    """The top-level ``with checking(...)`` blocks of a test cell."""
    return [node for node in tree.body if isinstance(node, (ast.With, ast.AsyncWith))
            and any(isinstance(item.context_expr, ast.Call) and getattr(item.context_expr.func, "id", None) == "checking"
                    for item in node.items)]


@pytest.mark.parametrize("lesson", lessons())
def test_every_check_of_a_test_cell_is_inside_one_checking_block(lesson):
    """So that a failed check reports and Run All goes on (``tornado_course.checks``): no assertion outside it."""
    problems = []
    for cell in submissions.load(submissions.notebook_path(submissions.SOLUTIONS, lesson))["cells"]:
        if not (submissions.is_graded(cell) and cell["cell_type"] == "code"):
            continue
        tree = parsed(submissions.source(cell))
        blocks = checked_blocks(tree)
        if len(blocks) != 1:
            problems.append(f"{submissions.cell_id(cell)}: {len(blocks)} `with checking(...)` blocks, expected one")
            continue
        inside = {id(node) for node in ast.walk(blocks[0])}
        loose = [node.lineno for statement in tree.body if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for node in ast.walk(statement) if isinstance(node, ast.Assert) and id(node) not in inside]
        if loose:
            problems.append(f"{submissions.cell_id(cell)}: assertions outside the checking block, lines {loose}")
    assert not problems, f"{lesson}:\n" + "\n".join(problems)
