"""Evidence of concurrency as a server sees it, not as a stopwatch does."""
from __future__ import annotations


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
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.current = 0
        self.peak = 0
        self.total = 0

    def __enter__(self) -> "InFlight":
        self.current += 1
        self.total += 1
        self.peak = max(self.peak, self.current)
        return self

    def __exit__(self, *exc_info) -> None:
        self.current -= 1

    async def __aenter__(self) -> "InFlight":
        return self.__enter__()

    async def __aexit__(self, *exc_info) -> None:
        self.__exit__(*exc_info)

    def __repr__(self) -> str:
        return f"InFlight(current={self.current}, peak={self.peak}, total={self.total})"
