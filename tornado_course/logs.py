"""Log records in the cell's output, on stdout, in every lesson.

Importing ``tornado_course`` calls ``show_logs_in_cell_output()``: a warning
or error logged anywhere (``logging.getLogger("shop").warning(...)``, Tornado's
4xx/5xx access lines and handler tracebacks) is printed under the cell that
runs, as ``WARNING shop: ...``. They go to stdout, not stderr, because nbgrader
scores a test cell that wrote anything to stderr as failed: ordinary logging
must never cost a student points. Without a handler, Python's last-resort
handler would print them to stderr.
"""
from __future__ import annotations

import logging
import sys

FORMAT = "%(levelname)s %(name)s: %(message)s"


class CellOutputHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is now (a notebook kernel replaces it for each cell's output)."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter(FORMAT))

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def show_logs_in_cell_output() -> None:
    """Send warnings and errors from every logger to the cell's output (stdout). Calling it again does nothing.

    The root logger gets a ``CellOutputHandler`` if it has no handler (so ``logging.basicConfig()`` then keeps
    it); a notebook that configured root logging itself keeps its own handlers, and no line is printed twice.
    Tornado's logger gets one of its own and stops propagating: ipykernel gives it a handler on the process's
    real stderr, whose lines reach the notebook late, in another cell or not at all.
    """
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(CellOutputHandler())
    tornado_log = logging.getLogger("tornado")
    if not any(isinstance(h, CellOutputHandler) for h in tornado_log.handlers):
        tornado_log.handlers = [CellOutputHandler()]
    tornado_log.setLevel(logging.WARNING)
    tornado_log.propagate = False  # no second copy from the root handler
