"""Plausible wrong answers to lesson 13, by solution cell: each must lose exactly its exercise's points.

The room (queue per member, sender per member, drop at a full queue, shutdown), the origin allow-list, and the
streaming upload with its 413s; RIGHT_ANSWERS are correct ones written otherwise."""

_ROOM = '''
class Room:
    def __init__(self, queue_size):
        self.queue_size = queue_size
        self.members = {}

    def __len__(self):
        return len(self.members)

    def join(self, member):
        queue = QUEUE

        async def send_all():
            while True:
                message = await queue.get()
                try:
                    SEND
                except tornado.websocket.WebSocketClosedError:
                    return

        self.members[member] = (queue, asyncio.create_task(send_all()))

    def broadcast(self, message):
        for member, (queue, _) in list(self.members.items()):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                DROP

    def leave(self, member):
        LEAVE

    async def close_all(self):
        CLOSE_ALL
'''

_DEFAULTS = {
    "QUEUE": "asyncio.Queue(self.queue_size)",
    "SEND": "await member.write_message(message)",
    "DROP": 'self.leave(member)\n                member.close(1008, "too slow")',
    "LEAVE": "entry = self.members.pop(member, None)\n        if entry is not None:\n            entry[1].cancel()\n"
             "        return entry",
    "CLOSE_ALL": "leaving = list(self.members)\n        tasks = [self.leave(member)[1] for member in leaving]\n"
                 "        for member in leaving:\n            member.close(1001, \"shutting down\")\n"
                 "        if tasks:\n            await asyncio.wait(tasks)",
}


def _room(**parts):
    source = _ROOM
    for key, default in _DEFAULTS.items():
        source = source.replace(key, parts.get(key, default))
    return source


_ORIGIN = '''
class ShopSocket(tornado.websocket.WebSocketHandler):
    def initialize(self, allowed_origins):
        self.allowed_origins = {origin.lower() for origin in allowed_origins}

    def check_origin(self, origin):
BODY

    async def on_message(self, message):
        await self.write_message(f"shop: {message}")
'''


def _origin(body):
    return _ORIGIN.replace("BODY", body.strip("\n"))


_UPLOAD = '''
@tornado.web.stream_request_body
class UploadHandler(JsonHandler):
    def initialize(self, limit):
        self.limit = limit

    def prepare(self):
PREPARE

    def data_received(self, chunk):
RECEIVED

    def put(self):
PUT
'''

_PREPARE = '''
        self.received = 0
        self.refused = False
        declared = self.request.headers.get("Content-Length")
        if declared is not None:
            if not declared.strip().isdecimal():
                raise tornado.web.HTTPError(400, reason="bad Content-Length")
            if int(declared) > self.limit:
                raise tornado.web.HTTPError(413, reason="too large")
'''
_RECEIVED = '''
        if self.refused:
            return
        self.received += len(chunk)
        if self.received > self.limit:
            self.refused = True
            self.send_error(413, reason="too large")
'''
_PUT = '''
        self.write({"bytes": self.received})
'''


def _upload(prepare=_PREPARE, received=_RECEIVED, put=_PUT):
    return (_UPLOAD.replace("PREPARE", prepare.strip("\n")).replace("RECEIVED", received.strip("\n"))
            .replace("PUT", put.strip("\n")))


WRONG_ANSWERS = {
    "room": {
        # The pitfall of section 2 in another shape: a queue with no bound never fills, the slow member is never dropped.
        "unbounded-queue": _room(QUEUE="asyncio.Queue()"),
        # Fire and forget: the sender does not wait for the write, so its queue always looks empty (no backpressure).
        "writes-not-awaited": _room(SEND="asyncio.ensure_future(member.write_message(message))"),
        # Counts the message held in write_message as if it were in the queue: drops one broadcast too early.
        "drops-one-early": _room(QUEUE="asyncio.Queue(max(1, self.queue_size - 1))"),
        # Drops the member but closes with the default code: the client cannot tell it was too slow.
        "drop-without-1008": _room(DROP="self.leave(member)\n                member.close()"),
        # Drops the member without stopping its sender, which stays blocked in the held write for ever.
        "drop-leaves-the-sender": _room(DROP='self.members.pop(member)\n                member.close(1008, "too slow")'),
        # leave() of a member no longer there raises KeyError (a dropped member's on_close calls it again).
        "leave-raises-for-strangers": _room(LEAVE="queue, task = self.members.pop(member)\n        task.cancel()\n"
                                                  "        return queue, task"),
        # leave() forgets the member but not its sender, which waits on the queue for ever.
        "leave-keeps-the-sender": _room(LEAVE="return self.members.pop(member, None)",
                                        CLOSE_ALL="leaving = list(self.members)\n"
                                                  "        entries = [self.leave(member) for member in leaving]\n"
                                                  "        for member in leaving:\n"
                                                  "            member.close(1001, \"shutting down\")\n"
                                                  "        for _, task in entries:\n            task.cancel()\n"
                                                  "        if entries:\n"
                                                  "            await asyncio.wait([task for _, task in entries])"),
        # One sender for the whole room, awaiting each member in turn: the room waits for its slowest member.
        "one-sender-for-the-room": '''
class Room:
    def __init__(self, queue_size):
        self.members = []
        self.messages = asyncio.Queue(queue_size)
        self.sender = None

    def __len__(self):
        return len(self.members)

    def join(self, member):
        self.members.append(member)
        if self.sender is None:
            self.sender = asyncio.create_task(self.send_all())

    async def send_all(self):
        while True:
            message = await self.messages.get()
            for member in list(self.members):
                try:
                    await member.write_message(message)
                except tornado.websocket.WebSocketClosedError:
                    self.leave(member)

    def broadcast(self, message):
        try:
            self.messages.put_nowait(message)
        except asyncio.QueueFull:
            for member in list(self.members):
                self.leave(member)
                member.close(1008, "too slow")

    def leave(self, member):
        if member in self.members:
            self.members.remove(member)

    async def close_all(self):
        for member in list(self.members):
            self.leave(member)
            member.close(1001, "shutting down")
        if self.sender is not None:
            self.sender.cancel()
            await asyncio.wait([self.sender])
            self.sender = None
''',
        # Closes the sockets at shutdown but leaves every sender task waiting on its queue.
        "close-all-leaves-senders": _room(CLOSE_ALL='for member in list(self.members):\n'
                                                    '            member.close(1001, "shutting down")\n'
                                                    '        self.members.clear()'),
        # Shutdown with the default close code (1000) instead of 1001, going away.
        "close-all-with-1000": _room(CLOSE_ALL="leaving = list(self.members)\n"
                                               "        tasks = [self.leave(member)[1] for member in leaving]\n"
                                               "        for member in leaving:\n            member.close()\n"
                                               "        if tasks:\n            await asyncio.wait(tasks)"),
        # The members in a class attribute: every room shares them.
        "members-shared-by-all-rooms": _room().replace(
            "class Room:\n", "class Room:\n    members = {}\n\n").replace(
            "        self.members = {}\n", ""),
    },
    "origin": {
        # The classic "fix" for a 403: every site on the internet may open sockets as the user.
        "return-true": _origin("        return True"),
        # Tornado's default: refuses the shop's own pages, which the route allows.
        "tornado-default": _origin("        return super().check_origin(origin)"),
        # A prefix: https://shop.example.com.evil.com and https://shop.example.com:8443 pass.
        "startswith": _origin("        return any(origin.lower().startswith(allowed) for allowed in self.allowed_origins)"),
        # A substring: anything containing an allowed origin passes.
        "substring": _origin("        return any(allowed in origin.lower() for allowed in self.allowed_origins)"),
        # The host only: http:// (no TLS) and any port pass.
        "host-only": _origin('''
        from urllib.parse import urlparse
        hosts = {urlparse(allowed).hostname for allowed in self.allowed_origins}
        return urlparse(origin).hostname in hosts'''),
        # A suffix of the host: https://evilshop.example.com passes.
        "host-endswith": _origin('''
        from urllib.parse import urlparse
        host = urlparse(origin.lower()).netloc
        return any(host.endswith(urlparse(allowed).netloc) and origin.lower().startswith(urlparse(allowed).scheme + ":")
                   for allowed in self.allowed_origins)'''),
        # Compares as sent: https://Shop.Example.COM is refused.
        "case-sensitive": _origin("        return origin in self.allowed_origins"),
        # One list for every route: the /admin route's own list is ignored.
        "one-list-for-all-routes": _origin(
            '        return origin.lower() in {"https://shop.example.com", "http://localhost:8888"}'),
    },
    "upload": {
        # Counts as it goes but judges only at the end: a client sending an endless body is never answered.
        "refuses-only-at-the-end": _upload(received="        self.received += len(chunk)", put='''
        if self.received > self.limit:
            raise tornado.web.HTTPError(413, reason="too large")
        self.write({"bytes": self.received})'''),
        # One byte too strict: a body of exactly `limit` bytes is refused.
        "off-by-one": _upload(received=_RECEIVED.replace("self.received > self.limit", "self.received >= self.limit"),
                              prepare=_PREPARE.replace("int(declared) > self.limit", "int(declared) >= self.limit")),
        # No look at Content-Length: a declared oversized body is read until it passes the limit.
        "ignores-content-length": _upload(prepare="        self.received = 0\n        self.refused = False"),
        # Keeps every chunk, and measures the body at the end: memory grows with the upload.
        "keeps-the-chunks": _upload(prepare=_PREPARE + "        self.chunks = []", received='''
        if self.refused:
            return
        self.chunks.append(chunk)
        if sum(len(c) for c in self.chunks) > self.limit:
            self.refused = True
            self.send_error(413, reason="too large")''', put='''
        self.received = len(b"".join(self.chunks))
        self.write({"bytes": self.received})'''),
        # Raises HTTPError in data_received: Tornado only logs it, and the client gets no 413.
        "raises-in-data-received": _upload(received='''
        self.received += len(chunk)
        if self.received > self.limit:
            raise tornado.web.HTTPError(413, reason="too large")'''),
        # A plain-text 413 from data_received: not a JSON error.
        "plain-text-413": _upload(received='''
        if self.refused:
            return
        self.received += len(chunk)
        if self.received > self.limit:
            self.refused = True
            self.set_status(413)
            self.finish("too large")'''),
        # int() of the header with no care: Content-Length abc is a 500 and a traceback, not a 400.
        "trusts-content-length": _upload(prepare='''
        self.received = 0
        self.refused = False
        if int(self.request.headers.get("Content-Length", 0)) > self.limit:
            raise tornado.web.HTTPError(413, reason="too large")'''),
        # Tornado's own body limit alone: it answers 400, not 413, and only for a declared size.
        "max-body-size-only": _upload(prepare='''
        self.received = 0
        self.request.connection.set_max_body_size(self.limit)''', received="        self.received += len(chunk)"),
    },
}

RIGHT_ANSWERS = {
    "room": {
        # Two dicts, a check of full() before the put, gather for the shutdown, discard-style leave.
        "two-dicts-and-gather": '''
class Room:
    def __init__(self, queue_size):
        self.limit = queue_size
        self.queues = {}
        self.senders = {}

    def __len__(self):
        return len(self.queues)

    async def _pump(self, socket):
        queue = self.queues[socket]
        while True:
            text = await queue.get()
            if socket.ws_connection is None:
                return
            await socket.write_message(text)

    def join(self, member):
        self.queues[member] = asyncio.Queue(maxsize=self.limit)
        self.senders[member] = asyncio.ensure_future(self._pump(member))

    def broadcast(self, message):
        for socket in list(self.queues):
            queue = self.queues[socket]
            if queue.full():
                self.leave(socket)
                socket.close(code=1008, reason="you fell behind")
            else:
                queue.put_nowait(message)

    def leave(self, member):
        self.queues.pop(member, None)
        sender = self.senders.pop(member, None)
        if sender:
            sender.cancel()

    async def close_all(self):
        sockets, senders = list(self.queues), list(self.senders.values())
        self.queues.clear()
        self.senders.clear()
        for socket in sockets:
            socket.close(code=1001, reason="server going away")
        for sender in senders:
            sender.cancel()
        await asyncio.gather(*senders, return_exceptions=True)
''',
    },
    "origin": {
        # Parsed and rebuilt: scheme, host and port compared as a normalised origin, and nothing else allowed.
        "parsed-and-rebuilt": '''
from urllib.parse import urlsplit


class ShopSocket(tornado.websocket.WebSocketHandler):
    def initialize(self, allowed_origins):
        self.allowed_origins = {origin.lower() for origin in allowed_origins}

    def check_origin(self, origin):
        parts = urlsplit(origin.strip().lower())
        if not parts.scheme or not parts.netloc or parts.path or parts.query or parts.fragment:
            return False
        return f"{parts.scheme}://{parts.netloc}" in self.allowed_origins

    async def on_message(self, message):
        await self.write_message(f"shop: {message}")
''',
        "casefold-any": _origin(
            "        wanted = origin.casefold()\n        return any(wanted == allowed for allowed in self.allowed_origins)"),
    },
    "upload": {
        # finish() with a dict in data_received instead of send_error; the declared size read with a default.
        "finish-with-a-dict": _upload(prepare='''
        self.count = 0
        self.done = False
        try:
            declared = int(self.request.headers.get("Content-Length", "0"))
        except ValueError:
            self.set_status(400)
            self.finish({"error": "a bad Content-Length"})
            return
        if declared > self.limit:
            self.set_status(413)
            self.finish({"error": f"at most {self.limit} bytes"})
            return''', received='''
        if self.done:
            return
        self.count = self.count + len(chunk)
        if self.count > self.limit:
            self.done = True
            self.set_status(413)
            self.finish({"error": "upload too large"})''', put='''
        self.finish({"bytes": self.count})'''),
    },
}
