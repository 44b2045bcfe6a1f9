"""The capstone's infrastructure (lesson 11): what its demos and tests stand on, so that what the lesson shows is
what it teaches.

A price upstream that misbehaves on purpose, and counts what it is asked::

    from tornado_course.capstone import PriceUpstream
    upstream = PriceUpstream().start()          # re-running the cell replaces it
    code, body, headers = await request_json(upstream.url + "/prices/TEA")   # 200 {"symbol": "TEA", "price": 4.5}
    upstream.fetches["TEA"]                     # 1: how many times each price was asked for
    upstream.seen.peak                          # most fetches it worked on at once (an InFlight)

    with upstream.holding("MILK") as gate:      # fetches of MILK wait (counted) until the test says so
        ...                                     # start lookups; wait until upstream.fetches["MILK"] == 1
        gate.set()                              # now they answer; leaving the block releases them too

``BROKEN`` answers 500 (with a message that names an internal address), ``SLOW`` takes 3 s (far longer than a
caller waits), an unknown symbol answers 404, ``FREE`` costs ``0.0``; every other answer takes 50 ms. A fetch whose
client hangs up stops at once.

Call a service and see its answer, headers included, never raising on an HTTP error::

    code, body, headers = await request_json(url, "POST", {"symbols": ["TEA"]}, headers={"X-Api-Key": "ada"})

A load test (requests per client one after another, the clients at once, on a client of its own)::

    result = await load_test(url, clients=16, requests=64)
    result.codes            # Counter({200: 64})
    result.latencies        # seconds, one per request, in the order they finished
    result.throughput       # requests answered per second

What is left behind: ``running_tasks("ex3-")`` (names of unfinished tasks), ``await connections_to(dsn)`` (open
PostgreSQL connections to a database); ``refusing_url()`` is an address where every connection is refused.
"""
from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections import Counter
from dataclasses import dataclass, field

import tornado.web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from .client import fetch_json
from .probes import InFlight
from .servers import start_server

PRICES = {"TEA": 4.5, "MILK": 1.2, "BREAD": 2.75, "FREE": 0.0, "SLOW": 9.99}
SLOW_SECONDS = 3.0   # how long SLOW takes: far longer than any caller in the lesson waits
DELAY_SECONDS = 0.05  # how long every other answer takes


class _UpstreamHandler(tornado.web.RequestHandler):
    def initialize(self, upstream: "PriceUpstream"):
        self.upstream = upstream
        self.client_gone = asyncio.Event()

    def on_connection_close(self):
        self.client_gone.set()  # the client gave up (timed out): stop working for it

    async def _wait(self, awaitable, seconds):
        """Wait for ``awaitable`` (at most ``seconds``), or until the client hangs up."""
        gone = asyncio.ensure_future(self.client_gone.wait())
        work = asyncio.ensure_future(awaitable)
        try:
            await asyncio.wait({gone, work}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (gone, work):
                task.cancel()

    async def get(self, symbol):
        upstream = self.upstream
        upstream.fetches[symbol] += 1
        async with upstream.seen:
            gate = upstream.gates.get(symbol)
            if gate is not None:
                await self._wait(gate.wait(), None)  # held by a test until it sets the gate
            await self._wait(asyncio.sleep(SLOW_SECONDS if symbol == "SLOW" else upstream.delay), None)
        if self.client_gone.is_set():
            return
        if symbol == "BROKEN":
            self.set_status(500)
            return self.finish({"error": "price database at 10.0.3.7 is down"})
        if symbol not in upstream.prices:
            self.set_status(404)
            return self.finish({"error": f"no price for {symbol!r}"})
        self.write({"symbol": symbol, "price": upstream.prices[symbol]})


class PriceUpstream:
    """An embedded upstream price service (see the module's docstring). Its own access log is off: its deliberate
    errors stay quiet."""

    def __init__(self, prices: dict | None = None, name: str = "upstream", delay: float = DELAY_SECONDS):
        self.prices = dict(PRICES if prices is None else prices)
        self.name, self.delay = name, delay
        self.fetches: Counter = Counter()  # symbol -> fetches asked for
        self.seen = InFlight()             # fetches being worked on
        self.gates: dict[str, asyncio.Event] = {}
        self.server = None

    def start(self) -> "PriceUpstream":
        app = tornado.web.Application([(r"/prices/([^/]+)", _UpstreamHandler, {"upstream": self})],
                                      log_function=lambda handler: None)
        self.server = start_server(app, name=self.name)
        return self

    @property
    def url(self) -> str:
        return self.server.url

    def reset(self) -> None:
        """Forget the counts (fetches and the fetches seen at once)."""
        self.fetches.clear()
        self.seen.reset()

    @contextlib.contextmanager
    def holding(self, symbol: str):
        """Fetches of ``symbol`` wait inside the upstream (counted in ``fetches`` and ``seen``) until the gate this
        yields is set; leaving the block sets it and ends the hold, even when the block raises."""
        gate = self.gates[symbol] = asyncio.Event()
        try:
            yield gate
        finally:
            gate.set()
            if self.gates.get(symbol) is gate:
                del self.gates[symbol]

    async def stop(self) -> None:
        for gate in self.gates.values():
            gate.set()
        if self.server is not None:
            await self.server.stop()


async def request_json(url: str, method: str = "GET", body=None, headers: dict | None = None,
                       timeout: float = 2.0) -> tuple[int, object, dict]:
    """``fetch_json(..., with_headers=True)`` with the capstone's shorter timeout: ``(status code, body, headers)``,
    never raising on an HTTP error; 599 means no answer at all, and the body then says what happened."""
    return await fetch_json(url, method, body, headers, timeout=timeout, with_headers=True)


@dataclass
class LoadResult:
    """What a load test measured, client side."""

    clients: int
    seconds: float                                   # from the first request sent to the last answer
    latencies: list = field(default_factory=list)    # seconds per request, in the order they finished
    codes: Counter = field(default_factory=Counter)  # status code -> how many (599: no answer)

    @property
    def throughput(self) -> float:
        """Requests answered per second."""
        return len(self.latencies) / self.seconds if self.seconds > 0 else 0.0


async def load_test(url: str, clients: int, requests: int, client: AsyncHTTPClient | None = None,
                    timeout: float = 30.0) -> LoadResult:
    """``requests`` GETs of ``url`` shared among ``clients`` callers that run at once, each sending its next request
    when the previous one is answered. Uses ``client`` if given (its own limits apply: the shared
    ``AsyncHTTPClient()`` runs at most 10 requests at once), else a client of its own with room for every caller,
    closed afterwards."""
    own = client is None
    client = AsyncHTTPClient(force_instance=True, max_clients=clients) if own else client
    result = LoadResult(clients=clients, seconds=0.0)
    shares = [requests // clients + (1 if n < requests % clients else 0) for n in range(clients)]

    async def caller(count):
        for _ in range(count):
            sent = time.perf_counter()
            try:
                response = await client.fetch(url, raise_error=False, connect_timeout=timeout,
                                              request_timeout=timeout)
                code = response.code
            except (OSError, HTTPClientError):
                code = 599
            result.latencies.append(time.perf_counter() - sent)
            result.codes[code] += 1

    started = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(caller(count) for count in shares)), timeout * 3)
    finally:
        result.seconds = time.perf_counter() - started
        if own:
            client.close()
    return result


def running_tasks(prefix: str) -> list[str]:
    """The names of the tasks still running whose name starts with ``prefix``, sorted."""
    return sorted(task.get_name() for task in asyncio.all_tasks()
                  if task.get_name().startswith(prefix) and not task.done())


def first_line(error: BaseException) -> str:
    """An exception as 'Type: first line of its message' (database messages run over several lines)."""
    lines = str(error).strip().splitlines()
    return type(error).__name__ + (f": {lines[0]}" if lines else "")


async def connections_to(dsn: str, expected: int = 0, within: float = 3.0) -> int:
    """How many connections PostgreSQL has open to ``dsn``'s database (not counting the one asking).

    Waits up to ``within`` seconds for the count to reach ``expected``: a server process ends a moment after its
    client hangs up, so a count taken at once may be one too high.
    """
    import aiopg

    deadline = time.monotonic() + within
    while True:
        async with aiopg.connect(dsn, timeout=5) as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT count(*) FROM pg_stat_activity"
                                  " WHERE datname = current_database() AND pid <> pg_backend_pid()")
                (count,) = await cur.fetchone()
        if count == expected or time.monotonic() > deadline:
            return count
        await asyncio.sleep(0.05)


_refusing: list[socket.socket] = []


def refusing_url() -> str:
    """A URL on 127.0.0.1 where every connection is refused (a service that is down): a socket bound to a free port
    that never listens. The same one on every call, kept until the process ends."""
    if not _refusing:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        _refusing.append(sock)
    return f"http://127.0.0.1:{_refusing[0].getsockname()[1]}"
