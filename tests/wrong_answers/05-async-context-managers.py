"""Plausible wrong answers to lesson 05, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "resource-class": {
        # "It worked": returning True tells Python the exception was handled, so it is swallowed.
        "aexit-returns-true": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.01)
        self.is_open = False
        outcome = "ok" if exc_type is None else exc_type.__name__
        self.events.append(f"close {self.name} ({outcome})")
        return True
''',
        # `return self` copied from __aenter__: an object is true, so this swallows too.
        "aexit-returns-self": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.01)
        self.is_open = False
        outcome = "ok" if exc_type is None else exc_type.__name__
        self.events.append(f"close {self.name} ({outcome})")
        return self
''',
        # Cleans up only when the block succeeded.
        "close-only-on-success": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        if exc_type is None:
            await asyncio.sleep(0.01)
            self.is_open = False
            self.events.append(f"close {self.name} (ok)")
''',
        # Closes for errors (Exception) but not for cancellation, a BaseException.
        "misses-cancellation": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        if exc_type is not None and not issubclass(exc_type, Exception):
            return False  # "not an error": nothing to clean up
        await asyncio.sleep(0.01)
        self.is_open = False
        outcome = "ok" if exc_type is None else exc_type.__name__
        self.events.append(f"close {self.name} ({outcome})")
''',
        # Records the exception's message instead of its class name: 'close db (no such row: id=7)'.
        "exception-text-not-class": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.01)
        self.is_open = False
        self.events.append(f"close {self.name} ({'ok' if exc is None else exc})")
        return False
''',
        # Names only errors (Exception subclasses): a cancelled block is recorded as "(ok)".
        "cancellation-recorded-as-ok": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.01)
        self.is_open = False
        outcome = type(exc).__name__ if isinstance(exc, Exception) else "ok"
        self.events.append(f"close {self.name} ({outcome})")
        return False
''',
        # __aenter__ returns nothing: `async with Resource(...) as r` binds None.
        "forgets-return-self": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append(f"open {self.name}")

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.01)
        self.is_open = False
        self.events.append(f"close {self.name} ({'ok' if exc_type is None else exc_type.__name__})")
        return False
''',
    },
    "http-session": {
        # The guide's flaw: the caller's headers stay in **options and reach HTTPRequest twice.
        "headers-passed-twice": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        headers = {**self.headers, **(options.get("headers") or {})}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers=headers, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Per-request headers replace the defaults instead of being merged with them.
        "headers-replace-defaults": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        headers = options.pop("headers", None) or self.headers
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers=headers, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Merges into the defaults in place: a header meant for one request sticks to every later one.
        "defaults-mutated": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        self.headers.update(options.pop("headers", None) or {})
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers=self.headers, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Joins with an f-string: works for "/orders" on a base without a trailing slash, nothing else.
        "naive-url-join": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return f"{self.base_url}{path}"

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Borrows the shared client and closes it on exit: breaks everyone else on the loop.
        "closes-shared-client": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient()
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Always 5 s: the caller's request_timeout also ends up passed twice.
        "timeout-passed-twice": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers},
                              request_timeout=5.0, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # No default: a request without request_timeout waits Tornado's 20 s, not the session's timeout.
        "no-default-timeout": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # The default is always 5 s: the session's own timeout is ignored.
        "hard-coded-five-seconds": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", 5.0)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Closes the private client only when the block succeeded: a block that raises leaks it.
        "closes-only-on-success": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        if exc_type is None:
            self.client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # One private client kept on the class and shared by every session: the first session to close breaks the others.
        "one-client-for-all-sessions": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    shared = None

    async def __aenter__(self):
        if HTTPSession.shared is None:
            HTTPSession.shared = AsyncHTTPClient(force_instance=True)
        self.client = HTTPSession.shared
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()
        HTTPSession.shared = None

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Drops the reference instead of closing: "the garbage collector will close it"; the client is never closed.
        "forgets-instead-of-closing": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client = None

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Always forgets the client, but closes it only when the block succeeded: a block that raises leaks it.
        "closes-only-on-success-then-forgets": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        client, self.client = self.client, None
        if exc_type is None:
            client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Closes for success and errors (Exception) but not for cancellation, a BaseException; deletes the attribute.
        "misses-cancellation-then-deletes": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        client = self.client
        del self.client
        if exc_type is None or issubclass(exc_type, Exception):
            client.close()

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
    },
    "app-lifespan": {
        # No try/finally: when the block raises, the server keeps running and the pool stays open.
        "cleanup-only-on-success": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    server = start_server(make_app(pool), name=name)
    yield server, pool
    await server.stop()
    pool.close()
    await pool.wait_closed()
''',
        # Releases in the order of creation: the pool closes while the server still takes requests.
        "pool-closed-before-server": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    try:
        server = start_server(make_app(pool), name=name)
        try:
            yield server, pool
        finally:
            pool.close()
            await pool.wait_closed()
    finally:
        await server.stop()
''',
        # close() without wait_closed(): the pool's connections stay open.
        "pool-not-waited": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    server = start_server(make_app(pool), name=name)
    try:
        yield server, pool
    finally:
        await server.stop()
        pool.close()
''',
        # Right for the block, but a start-up that fails after the pool exists leaks the pool.
        "start-failure-leaks-pool": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    server = start_server(make_app(pool), name=name)
    try:
        yield server, pool
    finally:
        await server.stop()
        pool.close()
        await pool.wait_closed()
''',
        # Cleans up in `except Exception` and after the yield: a cancelled block (CancelledError, a BaseException)
        # leaves the server and the pool running.
        "cleanup-in-except-exception": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    try:
        server = start_server(make_app(pool), name=name)
    except Exception:
        pool.close()
        await pool.wait_closed()
        raise
    try:
        yield server, pool
    except Exception:
        await server.stop()
        pool.close()
        await pool.wait_closed()
        raise
    await server.stop()
    pool.close()
    await pool.wait_closed()
''',
        # Catches the block's exception to log it and never re-raises: the caller never learns the block failed.
        "swallows-block-errors": '''
import logging

log = logging.getLogger("shop.lifespan")


@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)
    try:
        server = start_server(make_app(pool), name=name)
        try:
            yield server, pool
        except Exception as error:
            log.warning("the application failed: %s", error)
        finally:
            await server.stop()
    finally:
        pool.close()
        await pool.wait_closed()
''',
    },
}

RIGHT_ANSWERS = {
    "resource-class": {
        # The class name read from the exception object, the default None returned: correct.
        "outcome-from-exc": '''
class Resource:
    """Opened on entry and closed on exit, whatever happens in the block; records what it does in `events`."""

    def __init__(self, name, events):
        self.name = name
        self.events = events
        self.is_open = False

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        self.is_open = True
        self.events.append("open " + self.name)
        return self

    async def __aexit__(self, *exc_info):
        try:
            await asyncio.sleep(0.01)
        finally:
            self.is_open = False
            error = exc_info[1]
            self.events.append(f"close {self.name} ({type(error).__name__ if error is not None else 'ok'})")
''',
    },
    "http-session": {
        # options.get/pop for the timeout, urljoin-free joining, headers merged with dict.update on a copy: correct.
        "timeout-read-with-get": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        self.client.close()
        return None

    def url_for(self, path):
        base = self.base_url[:-1] if self.base_url.endswith("/") else self.base_url
        return f"{base}/{path[1:] if path.startswith('/') else path}"

    async def fetch(self, path, **options):
        headers = dict(self.headers)
        headers.update(options.pop("headers", None) or {})
        timeout = options.pop("request_timeout", None)
        request = HTTPRequest(self.url_for(path), headers=headers,
                              request_timeout=self.timeout if timeout is None else timeout, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # The examiner's session-r: closes the client on every exit, then resets self.client to None: correct.
        "closes-then-resets-to-none": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout  # seconds, for a request that gives no request_timeout of its own
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        client, self.client = self.client, None
        if client is not None:
            client.close()

    def url_for(self, path):
        base = self.base_url[:-1] if self.base_url.endswith("/") else self.base_url
        return base + (path if path.startswith("/") else "/" + path)

    async def fetch(self, path, **options):
        headers = {**self.headers, **(options.pop("headers", None) or {})}
        options.setdefault("request_timeout", self.timeout)
        return await self.client.fetch(HTTPRequest(self.url_for(path), headers=headers, **options))

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
        # Closes the client in a finally and deletes the attribute (reading session.client afterwards fails): correct.
        "closes-then-deletes-the-attribute": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None, timeout=5.0):
        self.base_url = base_url
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.client = None

    async def __aenter__(self):
        self.client = AsyncHTTPClient(force_instance=True)
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        try:
            self.client.close()
        finally:
            del self.client
        return False

    def url_for(self, path):
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    async def fetch(self, path, **options):
        extra_headers = options.pop("headers", None) or {}
        options.setdefault("request_timeout", self.timeout)
        request = HTTPRequest(self.url_for(path), headers={**self.headers, **extra_headers}, **options)
        return await self.client.fetch(request)

    async def get_json(self, path, **options):
        response = await self.fetch(path, **options)
        return json.loads(response.body)
''',
    },
    "app-lifespan": {
        # An AsyncExitStack: callbacks run in reverse, so the server stops before the pool closes: correct.
        "exit-stack": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    async with AsyncExitStack() as stack:
        pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4, timeout=5)

        async def close_pool():
            pool.close()
            await pool.wait_closed()

        stack.push_async_callback(close_pool)
        server = start_server(make_app(pool), name=name)
        stack.push_async_callback(server.stop)
        yield server, pool
''',
    },
}
