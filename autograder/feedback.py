"""Feedback: nbgrader's feedback HTML, without the hidden tests.

nbgrader's own feedback prints every test cell as graded, hidden tests
included (upstream issue #917), so one released feedback would hand the hidden
tests to the next cohort. ``WithoutHiddenTests`` runs after nbgrader's GetGrades
(the scores come from the gradebook, not from what is shown) and, in every
graded test cell, replaces the hidden region with a one-line note and shows a
failure as its exception and message only (a traceback quotes the failing
line). An output anywhere that quotes a hidden test's line is withheld. The
visible tests' code, every cell's score and the failing assertion's message stay.
``Settings.feedback_shows_hidden_tests`` (``--feedback-shows-hidden-tests``) is
the instructor's switch to keep nbgrader's full feedback.
"""
from __future__ import annotations

import jinja2
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from .pipeline import check

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
HIDDEN_NOTE = "# (hidden tests: not shown in feedback)"
WITHHELD = "[output withheld from feedback: it quotes a hidden test]"
QUOTE = 16  # characters: a hidden line this long found in an output is a quote of it, not a coincidence


def split_hidden(source: str) -> tuple[str, list[str]]:
    """The source with each hidden region replaced by ``HIDDEN_NOTE``, and the hidden lines."""
    shown, hidden, inside = [], [], False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
            shown.append(line[: line.index(BEGIN)] + HIDDEN_NOTE)
        elif END in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            shown.append(line)
    return "\n".join(shown), hidden


def _texts(output) -> list[str]:
    texts = [output.get("text", ""), output.get("evalue", "")] + list(output.get("traceback", []))
    texts += [v if isinstance(v, str) else "".join(v) for v in output.get("data", {}).values()
              if isinstance(v, (str, list))]
    return texts


class WithoutHiddenTests(Preprocessor):
    """Removes the hidden tests, and anything that quotes them, from a notebook about to become feedback."""

    enabled = Bool(True)  # nbconvert runs a registered preprocessor only when it is enabled

    def preprocess(self, nb, resources):
        hidden = set()
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                cell.source, lines = split_hidden(cell.source)
                hidden.update(line.strip() for line in lines if len(line.strip()) >= QUOTE)
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        shown = "\n".join(cell.source for cell in nb.cells)
        hidden = {line for line in hidden if line not in shown}  # a line a visible test shares is no secret
        for cell in nb.cells:
            for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
                if any(line in text for text in _texts(output) for line in hidden):
                    output.clear()
                    output.update(output_type="stream", name="stdout", text=WITHHELD + "\n")
        return nb, resources


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in this process (a template whose source changed is compiled again)."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTMLExporter, reusing the feedback templates compiled for the last notebook: nbgrader makes a
    new exporter for every notebook, and compiling its templates again cost about 0.4 s of CPU each time."""

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _COMPILED
        return environment


def feedback_config(show_hidden_tests: bool):
    """nbgrader configuration for its feedback converter."""
    from traitlets.config import Config
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import GetGrades

    config = Config()
    config.GenerateFeedback.exporter_class = FeedbackExporter
    if not show_hidden_tests:
        config.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, WithoutHiddenTests]
    return config


def generate_feedback(api, lesson: str, student: str) -> None:
    check(api.generate_feedback(lesson, student, force=True), f"feedback {student}/{lesson}")
