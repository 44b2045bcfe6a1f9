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
    },
}
