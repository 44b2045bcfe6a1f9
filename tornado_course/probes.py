"""Evidence of concurrency as a server sees it, not as a stopwatch does."""
from __future__ import annotations

import hashlib
import os

# Each count an InFlight keeps is sealed with this process's key, so that the grader can tell a count
# InFlight made from one written by other code (``sealed``).
_KEY = os.urandom(16)
_BROKEN = "counts were written from outside"


def _seal(obj: "InFlight") -> str:
    data = f"{id(obj)}:{obj._current}:{obj._peak}:{obj._total}".encode()
    return hashlib.blake2b(data, key=_KEY, digest_size=8).hexdigest()


class InFlight:
    """Counts operations in progress and the most seen at once.

    Use it around the work a handler does::

        in_flight = InFlight()

        class Slow(tornado.web.RequestHandler):
            async def get(self):
                async with in_flight:
                    await asyncio.sleep(0.1)

    After five concurrent requests, ``in_flight.peak`` is 5 if the handler let
    the others run while it waited, and 1 if it blocked the event loop.
    The counts are read-only: only entering and leaving (and ``reset()``) change them.
    """

    __slots__ = ("_current", "_peak", "_total", "_check")

    def __init__(self) -> None:
        self.reset()

    @property
    def current(self) -> int:
        """Operations in progress now."""
        return self._current

    @property
    def peak(self) -> int:
        """The most operations seen in progress at the same time."""
        return self._peak

    @property
    def total(self) -> int:
        """Operations started since the last reset."""
        return self._total

    def _count(self, current: int, peak: int, total: int) -> None:
        intact = not hasattr(self, "_check") or self._check == _seal(self)  # new, or only ever counted here
        self._current, self._peak, self._total = current, peak, total
        self._check = _seal(self) if intact else _BROKEN  # counts written by other code stay evidence

    def reset(self) -> None:
        self._count(0, 0, 0)

    def __enter__(self) -> "InFlight":
        self._count(self._current + 1, max(self._peak, self._current + 1), self._total + 1)
        return self

    def __exit__(self, *exc_info) -> None:
        self._count(self._current - 1, self._peak, self._total)

    async def __aenter__(self) -> "InFlight":
        return self.__enter__()

    async def __aexit__(self, *exc_info) -> None:
        self.__exit__(*exc_info)

    def __repr__(self) -> str:
        return f"InFlight(current={self.current}, peak={self.peak}, total={self.total})"


def sealed(in_flight: InFlight) -> bool:
    """True when ``in_flight``'s counts are the ones its own methods wrote (the grader's check)."""
    try:
        return in_flight._check == _seal(in_flight)
    except AttributeError:
        return False
