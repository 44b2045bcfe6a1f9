"""Embedded Tornado servers on 127.0.0.1 and a free port, one per name.

A notebook cell is often run twice. ``start_server(app, name="demo")`` stops
the server it started under that name before, so re-running a cell never leaves
two servers behind and never meets "address already in use" (the port is
chosen by the operating system: port 0).
"""
from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

import tornado.httpserver
import tornado.netutil
import tornado.web

from .logs import show_logs_in_cell_output

# How long stop() waits for open connections to close before giving up on them.
CLOSE_TIMEOUT = 5.0

_servers: dict[str, "RunningServer"] = {}
# Connection closes started by a restart; kept so the tasks are not garbage-collected.
_closing: set[asyncio.Task] = set()


@dataclass
class RunningServer:
    """A server started by :func:`start_server`.

    ``url`` is the base URL without a trailing slash, e.g. ``http://127.0.0.1:41873``.
    """

    name: str
    port: int
    http_server: tornado.httpserver.HTTPServer = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        """Stop listening, then close the connections still open (at most CLOSE_TIMEOUT s)."""
        self._stop_listening()
        try:
            await asyncio.wait_for(self.http_server.close_all_connections(), CLOSE_TIMEOUT)
        except asyncio.TimeoutError:
            pass  # a connection stuck in a handler; the socket is already closed

    def _stop_listening(self) -> None:
        self.http_server.stop()
        if _servers.get(self.name) is self:
            del _servers[self.name]


def start_server(app: tornado.web.Application, name: str = "default", **server_options) -> RunningServer:
    """Serve ``app`` on 127.0.0.1 and a free port, in the event loop already running.

    A server started earlier under the same ``name`` is stopped first.
    ``server_options`` go to ``tornado.httpserver.HTTPServer`` (e.g. ``xheaders=True``).
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(
            "start_server() needs a running event loop: call it from a notebook cell "
            "(the kernel's loop is always running) or from inside a coroutine."
        ) from None
    show_logs_in_cell_output()  # again: a cell may have reconfigured logging since the import
    old = _servers.get(name)
    if old is not None:
        old._stop_listening()
        task = loop.create_task(old.http_server.close_all_connections())
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    sock = tornado.netutil.bind_sockets(0, "127.0.0.1", family=socket.AF_INET)[0]
    http_server = tornado.httpserver.HTTPServer(app, **server_options)
    http_server.add_sockets([sock])
    server = RunningServer(name=name, port=sock.getsockname()[1], http_server=http_server)
    _servers[name] = server
    return server


async def stop_all_servers() -> None:
    """Stop every server that start_server() started and that is still running."""
    for server in list(_servers.values()):
        await server.stop()
