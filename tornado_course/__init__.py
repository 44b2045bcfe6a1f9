"""Helpers every lesson of the course uses.

Start an embedded Tornado server inside the notebook's running event loop::

    from tornado_course import start_server
    server = start_server(app, name="hello")   # re-running the cell replaces it
    response = await AsyncHTTPClient().fetch(server.url + "/")
    await server.stop()

Call it and look at the answer (never raises on an HTTP error)::

    from tornado_course import fetch_json
    code, data = await fetch_json(server.url + "/greet?name=Ada")

Count what a server observes (requests in flight at once)::

    from tornado_course import InFlight
    in_flight = InFlight()
    async with in_flight: ...          # inside a handler
    in_flight.peak                     # most requests seen at the same time

Draw what a server observed over time (requests, jobs), one row per span that overlaps::

    from tornado_course import Timeline
    timeline = Timeline()
    async with timeline.span("requests", "1"): ...   # inside a handler
    timeline.plot()                                  # a matplotlib figure; timeline.peak() counts overlap

Wrap a test cell's checks: a failure is reported and Run All goes on; under nbgrader it raises::

    from tornado_course import checking
    with checking("Exercise 1"):
        assert code == 200, f"answered {code}, expected 200"

For demos and tests (``tornado_course.testing``): ``wait_until``, ``within``, ``FakeClock``,
``recorded_logs`` and ``JsonHandler`` (error answers as ``{"error": ...}``).

Warnings and errors logged anywhere show in the cell's output, on stdout (nbgrader fails
a test cell that writes to stderr): importing the package sets that up (``logs.py``).

Get a PostgreSQL to talk to (embedded by default, ``DATABASE_URL`` if set)::

    from tornado_course import database_url
    pool = await aiopg.create_pool(database_url())
    dsn = fresh_database("bank")       # an empty database of its own, dropped at exit

The capstone's infrastructure (``tornado_course.capstone``): ``PriceUpstream``, an embedded price service that
misbehaves on purpose and counts what it is asked; ``load_test(url, clients, requests)``, a ``LoadResult`` of
latencies, status codes and throughput; ``plot_throughput`` draws requests per second against clients at once.
"""
from .checks import checking
from .client import fetch_json
from .database import database_url, fresh_database, stop_database
from .logs import show_logs_in_cell_output
from .probes import InFlight
from .servers import RunningServer, start_server, stop_all_servers
from .timeline import Span, Timeline, percentiles, plot_latencies
from .timeline import plot_throughput
from .capstone import LoadResult, PriceUpstream, load_test

__all__ = [
    "InFlight",
    "LoadResult",
    "PriceUpstream",
    "RunningServer",
    "Span",
    "Timeline",
    "checking",
    "database_url",
    "fetch_json",
    "load_test",
    "percentiles",
    "plot_latencies",
    "plot_throughput",
    "fresh_database",
    "show_logs_in_cell_output",
    "start_server",
    "stop_all_servers",
    "stop_database",
]

show_logs_in_cell_output()
