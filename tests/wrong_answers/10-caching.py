"""Plausible wrong answers to lesson 10, by solution cell: each must lose exactly its exercise's points."""

_SWEEPER_RIGHT = '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.task = None

    async def start(self):
        if self.task is None:
            self.task = asyncio.create_task(self._sweep_for_ever())

    async def _sweep_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            self.cache.sweep()

    async def stop(self):
        task, self.task = self.task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
'''

_HANDLER_RIGHT = '''
class CachedStockHandler(tornado.web.RequestHandler):
    def initialize(self, cache, upstream_url):
        self.cache = cache
        self.upstream_url = upstream_url

    async def get(self, item):
        count = self.cache.get(item, MISSING)
        if count is not MISSING:
            self.write({"item": item, "count": count, "source": "cache"})
            return
        code, body = await fetch_json(f"{self.upstream_url}/stock/{item}")
        if code == 404:
            self.set_status(404)
            self.write({"error": "no such item"})
            return
        if code != 200:
            self.set_status(502)
            self.write({"error": "the warehouse did not answer"})
            return
        self.cache.set(item, body["count"])
        self.write({"item": item, "count": body["count"], "source": "upstream"})
'''

WRONG_ANSWERS = {
    "ttl-cache": {
        # The guide's `if value:`: a stored 0, "", [] or None reads as a miss.
        "falsy-is-a-miss": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        value, expires_at = self.entries.get(key, (None, 0))
        if value and self.clock() < expires_at:
            self.entries.move_to_end(key)
            return value
        self.entries.pop(key, None)
        return default

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # First in, first out: a hit does not refresh the key, so the oldest inserted goes.
        "evicts-oldest-inserted": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        if key not in self.entries:
            return default
        value, expires_at = self.entries[key]
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # The guide's cache: no bound at all.
        "no-bound": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        if key not in self.entries:
            return default
        value, expires_at = self.entries[key]
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)

    def __len__(self):
        return len(self.entries)
''',
        # Ignores the injected clock: the TTL never passes in a test.
        "ignores-the-clock": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.entries = OrderedDict()

    def get(self, key, default=None):
        if key not in self.entries:
            return default
        value, expires_at = self.entries[key]
        if time.monotonic() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, time.monotonic() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # The entries are a class attribute: every TTLCache reads and writes the same dict.
        "entries-shared-by-every-cache": '''
class TTLCache:
    entries = OrderedDict()  # a class attribute: one dict for every cache

    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock

    def get(self, key, default=None):
        entry = self.entries.get(key, MISSING)
        if entry is MISSING:
            return default
        value, expires_at = entry
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # Expires one tick late: at exactly set time + ttl (clock() == expiry) the entry is still a hit.
        "expires-one-tick-late": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        entry = self.entries.get(key, MISSING)
        if entry is MISSING:
            return default
        value, expires_at = entry
        if self.clock() > expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # Setting an existing key replaces its value but leaves it where it was: it is evicted as if never touched.
        "replace-keeps-its-place": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        entry = self.entries.get(key, MISSING)
        if entry is MISSING:
            return default
        value, expires_at = entry
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        # a replaced key keeps its old place
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # Evicts while len >= maxsize: the cache holds one entry fewer than its bound.
        "bound-off-by-one": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        entry = self.entries.get(key, MISSING)
        if entry is MISSING:
            return default
        value, expires_at = entry
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) >= self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        return len(self.entries)
''',
        # len() counts only the entries still alive: an expired entry nobody has read is held but not counted.
        "len-skips-expired": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self.entries = OrderedDict()

    def get(self, key, default=None):
        entry = self.entries.get(key, MISSING)
        if entry is MISSING:
            return default
        value, expires_at = entry
        if self.clock() >= expires_at:
            del self.entries[key]
            return default
        self.entries.move_to_end(key)
        return value

    def set(self, key, value):
        self.entries[key] = (value, self.clock() + self.ttl)
        self.entries.move_to_end(key)
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)

    def __len__(self):
        now = self.clock()
        return sum(1 for _, expires_at in self.entries.values() if now < expires_at)
''',
    },
    "single-flight": {
        # Check, then await the fetch, then set: ten concurrent misses, ten fetches.
        "check-then-await": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}

    async def get_or_fetch(self, key, fetch):
        if key in self.values:
            return self.values[key]
        value = await fetch()
        self.values[key] = value
        return value
''',
        # One task per key kept for ever: a failed fetch is cached, and later calls re-raise it.
        "caches-the-error": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}

    async def get_or_fetch(self, key, fetch):
        if key not in self.fetching:
            self.fetching[key] = asyncio.create_task(fetch())
        return await asyncio.shield(self.fetching[key])
''',
        # One lock for every key, held across the fetch: single flight, but keys queue behind each other.
        "one-global-lock": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}
        self.lock = asyncio.Lock()

    async def get_or_fetch(self, key, fetch):
        async with self.lock:
            if key in self.values:
                return self.values[key]
            value = await fetch()
            self.values[key] = value
            return value
''',
        # Right, except that waiters await the shared task directly: one cancelled caller cancels it for all.
        "no-shield": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}

    async def get_or_fetch(self, key, fetch):
        if key in self.values:
            return self.values[key]
        if key not in self.fetching:
            self.fetching[key] = asyncio.create_task(self._fetch_and_store(key, fetch))
        return await self.fetching[key]

    async def _fetch_and_store(self, key, fetch):
        try:
            value = await fetch()
            self.values[key] = value
            return value
        finally:
            del self.fetching[key]
''',
        # A truthiness test: a fetched 0 or None is fetched again.
        "falsy-is-a-miss": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}

    async def get_or_fetch(self, key, fetch):
        if self.values.get(key):
            return self.values[key]
        task = self.fetching.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch_and_store(key, fetch))
            self.fetching[key] = task
        return await asyncio.shield(task)

    async def _fetch_and_store(self, key, fetch):
        try:
            value = await fetch()
            self.values[key] = value
            return value
        finally:
            del self.fetching[key]
''',
    },
    "cached-service": {
        # The guide's `if cached:` in the handler: the umbrella's 0 is fetched every time.
        "falsy-count-is-a-miss": '''
class CachedStockHandler(tornado.web.RequestHandler):
    def initialize(self, cache, upstream_url):
        self.cache = cache
        self.upstream_url = upstream_url

    async def get(self, item):
        count = self.cache.get(item)
        if count:
            self.write({"item": item, "count": count, "source": "cache"})
            return
        code, body = await fetch_json(f"{self.upstream_url}/stock/{item}")
        if code == 404:
            self.set_status(404)
            self.write({"error": "no such item"})
            return
        if code != 200:
            self.set_status(502)
            self.write({"error": "the warehouse did not answer"})
            return
        self.cache.set(item, body["count"])
        self.write({"item": item, "count": body["count"], "source": "upstream"})
''' + _SWEEPER_RIGHT,
        # No mapping of upstream errors: body["count"] of a 404 or 503 body raises, and the client gets a 500.
        "upstream-errors-become-500": '''
class CachedStockHandler(tornado.web.RequestHandler):
    def initialize(self, cache, upstream_url):
        self.cache = cache
        self.upstream_url = upstream_url

    async def get(self, item):
        count = self.cache.get(item, MISSING)
        if count is not MISSING:
            self.write({"item": item, "count": count, "source": "cache"})
            return
        code, body = await fetch_json(f"{self.upstream_url}/stock/{item}")
        self.cache.set(item, body["count"])
        self.write({"item": item, "count": body["count"], "source": "upstream"})
''' + _SWEEPER_RIGHT,
        # The guide's sweep: the PeriodicCallback is made and never started, so nothing sweeps.
        "sweep-never-started": _HANDLER_RIGHT + '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.task = None
        self.callback = PeriodicCallback(self.cache.sweep, period * 1000)

    async def start(self):
        pass  # the callback is ready; it is never started

    async def stop(self):
        self.callback.stop()
''',
        # stop() forgets the task without cancelling it: it keeps sweeping after stop().
        "stop-does-not-cancel": _HANDLER_RIGHT + '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.task = None

    async def start(self):
        if self.task is None:
            self.task = asyncio.create_task(self._sweep_for_ever())

    async def _sweep_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            self.cache.sweep()

    async def stop(self):
        self.task = None
''',
        # stop() cancels but does not wait: the task is still running when stop() returns.
        "cancel-without-waiting": _HANDLER_RIGHT + '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.task = None

    async def start(self):
        if self.task is None:
            self.task = asyncio.create_task(self._sweep_for_ever())

    async def _sweep_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            self.cache.sweep()

    async def stop(self):
        if self.task is not None:
            self.task.cancel()
            self.task = None
''',
        # The period in seconds given to PeriodicCallback, which takes milliseconds: it sweeps 1000 times too often.
        "periodic-callback-period-in-seconds": _HANDLER_RIGHT + '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.callback = None

    async def start(self):
        if self.callback is None:
            self.callback = PeriodicCallback(self.cache.sweep, self.period)
            self.callback.start()

    async def stop(self):
        if self.callback is not None:
            self.callback.stop()
            self.callback = None
''',
        # Schedules one sweep with call_later: it sweeps once, then never again.
        "sweeps-only-once": _HANDLER_RIGHT + '''

class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.handle = None

    async def start(self):
        self.handle = asyncio.get_running_loop().call_later(self.period, self.cache.sweep)

    async def stop(self):
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
''',
    },
}

RIGHT_ANSWERS = {
    "ttl-cache": {
        # A plain dict (insertion-ordered): a hit or a set pops the key and inserts it again; the oldest is first.
        "plain-dict-reinsert": '''
class TTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        self.maxsize, self.ttl, self.clock = maxsize, ttl, clock
        self.data = {}

    def get(self, key, default=None):
        if key not in self.data:
            return default
        value, expires_at = self.data.pop(key)
        if expires_at <= self.clock():
            return default
        self.data[key] = (value, expires_at)
        return value

    def set(self, key, value):
        self.data.pop(key, None)
        self.data[key] = (value, self.clock() + self.ttl)
        while len(self.data) > self.maxsize:
            del self.data[next(iter(self.data))]

    def __len__(self):
        return len(self.data)
''',
    },
    "single-flight": {
        # A done callback (not try/finally) forgets the fetch and stores a success; waiters await a shield of it.
        "done-callback": '''
class SingleFlightCache:
    def __init__(self):
        self.values = {}
        self.fetching = {}

    async def get_or_fetch(self, key, fetch):
        if key in self.values:
            return self.values[key]
        if key not in self.fetching:
            task = asyncio.ensure_future(fetch())
            self.fetching[key] = task

            def finished(task, key=key):
                self.fetching.pop(key, None)
                if not task.cancelled() and task.exception() is None:
                    self.values[key] = task.result()

            task.add_done_callback(finished)
        return await asyncio.shield(self.fetching[key])
''',
    },
    "cached-service": {
        # A PeriodicCallback with the period in milliseconds, and the upstream's answer mapped with one if/elif chain.
        "periodic-callback": '''
class CachedStockHandler(tornado.web.RequestHandler):
    def initialize(self, cache, upstream_url):
        self.cache = cache
        self.upstream_url = upstream_url

    async def get(self, item):
        sentinel = object()
        count = self.cache.get(item, sentinel)
        if count is not sentinel:
            return self.write({"item": item, "count": count, "source": "cache"})
        code, body = await fetch_json(self.upstream_url + "/stock/" + item)
        if code == 200:
            self.cache.set(item, body["count"])
            self.write({"item": item, "count": body["count"], "source": "upstream"})
        elif code == 404:
            self.set_status(404)
            self.write({"error": "unknown item"})
        else:
            self.set_status(502)
            self.write({"error": "upstream unavailable"})


class Sweeper:
    def __init__(self, cache, period):
        self.cache = cache
        self.period = period
        self.callback = PeriodicCallback(self.cache.sweep, self.period * 1000)

    async def start(self):
        self.callback.start()

    async def stop(self):
        self.callback.stop()
''',
    },
}
