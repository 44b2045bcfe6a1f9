"""Exercise checks that report in the notebook and fail under the grader.

A test cell wraps its checks in ``checking``::

    from tornado_course import checking

    with checking("Exercise 1"):
        code, body = await fetch_json(server.url + "/greet?name=Ada")
        assert code == 200, f"GET /greet?name=Ada answered status {code}, expected 200"

While a student works (Run All, or one cell), a failing check prints one
short report and the notebook goes on to the next cell::

    [check failed] Exercise 1: GET /greet?name=Ada answered status 500, expected 200
    (the checks after this one in the cell did not run: fix it and run the cell again)

and a cell whose checks all pass prints ``[checks passed] Exercise 1``. Under
nbgrader (autograde and Validate set ``NBGRADER_EXECUTION``) a failing check
raises as it would without the wrapper, so the cell scores zero. The course's
grader does not trust the switch: it also scores zero any graded cell whose
output holds a ``[check failed]`` report (``autograder/execute.py``), so a
submission gains nothing by removing the variable.
"""
from __future__ import annotations

import logging
import os
import traceback

FAILED = "[check failed]"
PASSED = "[checks passed]"


def grading() -> bool:
    """Whether nbgrader is running the notebook (autograde or Validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


# Where an exception raised in a server's handler or a background task is logged, not raised to the check.
SERVER_LOGGERS = ("tornado.application", "asyncio")


class _StubsRaised(logging.Handler):
    """Notes each logged exception that is nbgrader's stub (a bare NotImplementedError) with where it was raised."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.places: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if type(error) is NotImplementedError and not str(error):
            self.places.append(place_of(error))


class checking:
    """``with checking("Exercise 1"):`` around a test cell's checks (see the module's docstring)."""

    def __init__(self, name: str):
        self.name = name
        self._stubs = _StubsRaised()

    def __enter__(self):
        for name in SERVER_LOGGERS:
            logging.getLogger(name).addHandler(self._stubs)
        return self

    def __exit__(self, kind, error, tb):
        for name in SERVER_LOGGERS:
            logging.getLogger(name).removeHandler(self._stubs)
        if kind is None:
            print(f"{PASSED} {self.name}")
            return False
        if grading() or not issubclass(kind, Exception):  # an interrupt or a cancellation still stops the cell
            return False
        report = describe(error)
        if self._stubs.places and not report.startswith("not written yet"):
            # The check saw a 500 or a missing answer; the reason is a stub the server ran.
            report = (f"not written yet: the server ran code that raised NotImplementedError{self._stubs.places[0]}: "
                      f"replace `raise NotImplementedError()` with your code (the check said: {report})")
        print(f"{FAILED} {self.name}: {report}\n"
              "(the checks after this one in the cell did not run: fix it and run the cell again)")
        return True  # the notebook goes on

    async def __aenter__(self):
        return self.__enter__()

    async def __aexit__(self, kind, error, tb):
        return self.__exit__(kind, error, tb)


def describe(error: BaseException) -> str:
    """A failed assertion is its message; any other error says what was raised, and where in the student's code."""
    if isinstance(error, AssertionError) and str(error):
        return str(error)
    place = place_of(error)
    if type(error) is NotImplementedError and not str(error):  # nbgrader's stub: the exercise is not written yet
        return f"not written yet: NotImplementedError{place}: replace `raise NotImplementedError()` with your code"
    return f"{type(error).__name__}: {error}{place}" if str(error) else f"{type(error).__name__}{place}"


def place_of(error: BaseException) -> str:
    """`` (in get, line 4)``: the innermost frame of the student's code (not a library's) the error came from."""
    where = traceback.extract_tb(error.__traceback__)
    return next((f" (in {frame.name}, line {frame.lineno})" for frame in reversed(where)
                 if frame.name not in ("<module>", "<cell line: 0>") and "site-packages" not in frame.filename), "")
