"""Plausible wrong answers to lesson 00, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "greeting-handler": {
        # Plain text instead of a JSON object.
        "text-not-json": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name", "").strip()
        if not name:
            self.set_status(400)
            self.write({"error": "name is required"})
            return
        self.write(f"Hello, {name}!")
''',
        # Right, but leaves a debugging line on stderr: nbgrader fails the test cell (the feedback says why).
        "debug-print-to-stderr": '''
import sys


class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name", "").strip()
        print("debug: greeting", repr(name), file=sys.stderr)
        if not name:
            self.set_status(400)
            self.write({"error": "name is required"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
        # Relies on get_query_argument's own 400 for a missing name; a blank name gets "Hello,   !".
        "blank-name-accepted": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name")
        self.write({"greeting": f"Hello, {name}!"})
''',
        # Reports the error but forgets the status: the client sees 200.
        "error-with-status-200": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name", "").strip()
        if not name:
            self.write({"error": "name is required"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
        # "Validates" a name as letters only: isalpha() refuses the space in "Grace Hopper".
        "letters-only-name": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name", "").strip()
        if not name.isalpha():
            self.set_status(400)
            self.write({"error": "a name is letters only"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
        # No default: a missing name is Tornado's own 400, an HTML page without a JSON "error".
        "missing-name-html-400": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name").strip()
        if not name:
            self.set_status(400)
            self.write({"error": "name is required"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
        # Decodes the raw query bytes as Latin-1: %C3%89mile (UTF-8) is greeted as "Ã\x89mile".
        "latin-1-bytes": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        raw = self.request.query_arguments.get("name", [b""])[0]
        name = raw.decode("latin-1").strip()
        if not name:
            self.set_status(400)
            self.write({"error": "name is required"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
    },
    "report-handler": {
        # Blocks the event loop: the server never sees two reports at once.
        "time-sleep": '''
import time
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 <= delay <= 2:
            raise tornado.web.HTTPError(400)
        with report_seen:
            time.sleep(delay)
        self.write({"waited": delay})
''',
        # Forgets `await`: the coroutine is created and dropped, nothing waits.
        "sleep-not-awaited": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 <= delay <= 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            asyncio.sleep(delay)
        self.write({"waited": delay})
''',
        # Trusts the client: no bound, and "soon" becomes a 500.
        "unvalidated-delay": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        delay = float(self.get_query_argument("delay", "0.1"))
        async with report_seen:
            await asyncio.sleep(delay)
        self.write({"waited": delay})
''',
        # Boundary: 0 s is allowed, but `0 < delay` refuses it.
        "zero-refused": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 < delay <= 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            await asyncio.sleep(delay)
        self.write({"waited": delay})
''',
        # Boundary: 2 s is allowed, but `delay < 2` refuses it.
        "two-refused": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 <= delay < 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            await asyncio.sleep(delay)
        self.write({"waited": delay})
''',
        # `delay < 0 or delay > 2` is false for nan: ?delay=nan is accepted and asyncio.sleep(nan) never ends.
        "nan-accepted": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if delay < 0 or delay > 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            await asyncio.sleep(delay)
        self.write({"waited": delay})
''',
        # Units: takes the delay as milliseconds, so it hardly waits at all.
        "delay-in-milliseconds": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 <= delay <= 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            await asyncio.sleep(delay / 1000)
        self.write({"waited": delay})
''',
        # Counts the request only before the wait: the five reports are never seen in flight together.
        "counted-outside-the-wait": '''
report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            delay = float(self.get_query_argument("delay", "0.1"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        if not 0 <= delay <= 2:
            raise tornado.web.HTTPError(400)
        async with report_seen:
            pass
        await asyncio.sleep(delay)
        self.write({"waited": delay})
''',
    },
    "stop-server": {
        # Stops accepting, but open keep-alive connections stay open.
        "stop-only": '''
async def stop_server(server):
    server.stop()
''',
        # Closes open connections, but the port keeps accepting new ones.
        "close-only": '''
async def stop_server(server):
    await server.close_all_connections()
''',
        # The coroutine is created but never awaited: nothing is closed.
        "close-not-awaited": '''
async def stop_server(server):
    server.stop()
    server.close_all_connections()
''',
        # Closes the connections in a background task: when stop_server returns, they are still open.
        "close-in-background": '''
async def stop_server(server):
    server.stop()
    asyncio.ensure_future(server.close_all_connections())
''',
        # Hands the close to the IOLoop for later: the same, in Tornado's words.
        "close-via-spawn-callback": '''
from tornado.ioloop import IOLoop


async def stop_server(server):
    server.stop()
    IOLoop.current().spawn_callback(server.close_all_connections)
''',
    },
}

RIGHT_ANSWERS = {
    "greeting-handler": {
        # Logs each refusal with a module logger (no logging configured): it must never cost points.
        "logs-a-warning": '''
import logging

log = logging.getLogger("greetings")


class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = self.get_query_argument("name", "").strip()
        if not name:
            log.warning("refused a greeting without a name")
            self.set_status(400)
            self.write({"error": "name is required"})
            return
        self.write({"greeting": f"Hello, {name}!"})
''',
        # get_argument instead of get_query_argument, and finish() with a dict instead of write().
        "get-argument-and-finish": '''
class GreetingHandler(tornado.web.RequestHandler):
    async def get(self):
        name = (self.get_argument("name", None) or "").strip()
        if name == "":
            self.set_status(400)
            return self.finish({"error": "say who to greet: /greet?name=Ada"})
        await self.finish({"greeting": "Hello, " + name + "!"})
''',
    },
    "report-handler": {
        # `import tornado.gen` binds the lesson's `tornado` to the same package: never a redefinition (the scan
        # once flagged it as tampering).
        "imports-tornado-gen": '''
import tornado.gen

report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        text = self.get_argument("delay", default="0.1")
        try:
            seconds = float(text)
        except ValueError:
            seconds = None
        if seconds is None or not (0 <= seconds <= 2):
            raise tornado.web.HTTPError(400, reason="delay: a number of seconds from 0 to 2")
        async with report_seen:
            await tornado.gen.sleep(seconds)
        self.write(dict(waited=seconds))
''',
        # math.isfinite for nan and inf, an explicit JSON 400, and Tornado's own sleep.
        "isfinite-and-gen-sleep": '''
import math

from tornado import gen

report_seen = InFlight()


class ReportHandler(tornado.web.RequestHandler):
    async def get(self):
        text = self.get_query_argument("delay", None)
        try:
            delay = 0.1 if text is None else float(text)
        except ValueError:
            delay = math.nan
        if not math.isfinite(delay) or delay < 0 or delay > 2:
            self.set_status(400)
            self.write({"error": "delay is a number of seconds from 0 to 2"})
            return
        async with report_seen:
            await gen.sleep(delay)
        self.write({"waited": delay})
''',
    },
    "stop-server": {
        # Bounds the close with a timeout of its own.
        "close-with-a-timeout": '''
async def stop_server(server):
    server.stop()
    await asyncio.wait_for(server.close_all_connections(), timeout=5)
''',
    },
}
