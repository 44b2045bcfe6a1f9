"""What the lessons' demos and tests need again and again, done once.

Wait for something that happens in the background, never for ever::

    assert await wait_until(lambda: job.done, timeout=3), "the job never finished"
    answer = await within(service.stop(), seconds=2, what="stop()")   # AssertionError naming it, if stuck

A clock that moves only when told to (pass it where code takes ``clock=time.monotonic``)::

    clock = FakeClock()
    cache = TTLCache(ttl=60, clock=clock)
    clock.advance(61)                      # a minute later, at once

Check what was logged::

    with recorded_logs("jobs") as records:
        ...
    assert any(r.levelno == logging.ERROR and r.exc_info for r in records)

Error answers as JSON objects, ``{"error": message}``, with a message chosen by the handler (never an exception's
text, which may leak internals)::

    class ItemsHandler(JsonHandler):
        async def get(self, name):
            raise tornado.web.HTTPError(404, reason=f"no item {name!r}")   # -> 404 {"error": "no item 'x'"}
"""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time

import tornado.httputil
import tornado.web


async def wait_until(condition, timeout: float = 3.0, interval: float = 0.01) -> bool:
    """Check ``condition()`` every ``interval`` seconds: True as soon as it holds, False if it still does not
    after ``timeout`` seconds (it never waits longer). ``condition`` may be a coroutine function (a query, say)::

        async def two_connections():
            return pool.size == 2
        assert await wait_until(two_connections, timeout=2)
    """
    async def holds() -> bool:
        result = condition()
        return bool(await result) if inspect.isawaitable(result) else bool(result)

    deadline = time.monotonic() + timeout
    while not await holds():
        if time.monotonic() > deadline:
            return await holds()
        await asyncio.sleep(interval)
    return True


async def within(awaitable, seconds: float = 2.0, what: str = "the call"):
    """Await ``awaitable`` with a deadline and return its result. Running out of this deadline becomes an
    AssertionError saying what did not finish, and so does the work being cancelled by something else (a
    ``CancelledError`` would stop the cell, not report); any other exception of the awaitable's own (a
    TimeoutError of its own included) reaches the caller as it is."""
    work = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({work}, timeout=seconds)
    if not done:
        work.cancel()
        await asyncio.wait({work}, timeout=1)
        raise AssertionError(f"{what} did not finish within {seconds} s: is something waiting for ever?")
    if work.cancelled():
        raise AssertionError(f"{what} was cancelled before it finished (a CancelledError it did not handle)")
    return work.result()


class FakeClock:
    """A clock for tests: ``clock()`` is the time it is set to; it moves only by ``clock.advance(seconds)``."""

    def __init__(self, start: float = 1000.0):
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go back")
        self.now += seconds


class RecordedLogs(logging.Handler):
    """Keeps every record it handles, in ``records``."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def recorded_logs(name: str | None = None, level: int = logging.DEBUG, shown: bool = True):
    """The records logged to the logger ``name`` (and below it; None: every logger) inside the block, as a list
    that fills as they come. The logger's level is lowered to ``level`` for the block, then put back.

    ``shown=False`` keeps the block's records of a named logger out of the cell's output: a check that makes
    many lookups at once uses it, since the order in which their warnings print changes from run to run.

    >>> with recorded_logs("shop", shown=False) as records:
    ...     logging.getLogger("shop").warning("price of TEA: timeout")
    >>> [record.getMessage() for record in records]
    ['price of TEA: timeout']
    """
    logger = logging.getLogger(name)
    handler, old_level, old_propagate = RecordedLogs(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(min(level, logger.getEffectiveLevel()))
    if not shown:
        logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


class JsonHandler(tornado.web.RequestHandler):
    """A handler whose error answers are JSON objects, ``{"error": message}``: the ``reason`` of an
    ``HTTPError`` the handler raised, else the standard phrase of the status ("Internal Server Error"),
    never the text of an unexpected exception (Tornado has logged it with its traceback). The status line keeps
    the standard phrase: Tornado would put the reason there too, and a reason may quote what the client sent."""

    def write_error(self, status_code: int, **kwargs) -> None:
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, tornado.web.HTTPError) and error.reason:
            message = error.reason
        else:
            message = tornado.httputil.responses.get(status_code, "Unknown Error")
        self.set_status(status_code)  # the standard phrase in the status line; the message goes in the body
        self.finish({"error": message})
