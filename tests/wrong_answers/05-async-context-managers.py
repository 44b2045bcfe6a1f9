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
    },
    "http-session": {
        # The guide's flaw: the caller's headers stay in **options and reach HTTPRequest twice.
        "headers-passed-twice": '''
class HTTPSession:
    """Calls one service: a base URL, default headers, and a private HTTP client the session owns."""

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
        options.setdefault("request_timeout", 5.0)
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

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
        options.setdefault("request_timeout", 5.0)
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

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
        options.setdefault("request_timeout", 5.0)
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

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
        options.setdefault("request_timeout", 5.0)
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

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
        options.setdefault("request_timeout", 5.0)
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

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = dict(headers or {})
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
    },
    "app-lifespan": {
        # No try/finally: when the block raises, the server keeps running and the pool stays open.
        "cleanup-only-on-success": '''
@asynccontextmanager
async def app_lifespan(dsn, make_app, name="shop"):
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4)
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
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4)
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
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4)
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
    pool = await aiopg.create_pool(dsn, minsize=1, maxsize=4)
    server = start_server(make_app(pool), name=name)
    try:
        yield server, pool
    finally:
        await server.stop()
        pool.close()
        await pool.wait_closed()
''',
    },
}
