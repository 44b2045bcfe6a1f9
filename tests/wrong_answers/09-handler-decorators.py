"""Plausible wrong answers to lesson 09, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "rate-limit": {
        # Limits and forgets correctly, but a refused client is not told when to come back.
        "no-retry-after": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = OrderedDict()

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            while clients:
                client, times = next(iter(clients.items()))
                if now - times[-1] < window:
                    break
                del clients[client]
            client = key(self)
            times = clients.setdefault(client, deque())
            while times and now - times[0] >= window:
                times.popleft()
            if len(times) >= limit:
                self.set_status(429)
                self.write({"error": "too many requests"})
                return
            times.append(now)
            clients.move_to_end(client)
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # The guide's dict of lists: a client's list is cleaned only when that client comes back.
        "never-forgets-clients": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = {}

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            client = key(self)
            times = [t for t in clients.get(client, []) if now - t < window]
            clients[client] = times
            if len(times) >= limit:
                retry_after = max(1, math.ceil(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            times.append(now)
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # Keeps the count on the handler instance: a new handler for every request, so nobody is ever limited.
        "state-on-the-handler-instance": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            if not hasattr(self, "request_times"):
                self.request_times = {}
            client = key(self)
            times = [t for t in self.request_times.get(client, []) if now - t < window]
            if len(times) >= limit:
                retry_after = max(1, math.ceil(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            times.append(now)
            self.request_times[client] = times
            return await method(self, *args, **kwargs)
        return wrapper
    return decorator
''',
        # Counts refused attempts too: a client that retries too early stays locked out.
        "counts-refused-requests": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = OrderedDict()

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            while clients:
                client, times = next(iter(clients.items()))
                if now - times[-1] < window:
                    break
                del clients[client]
            client = key(self)
            times = clients.setdefault(client, deque())
            while times and now - times[0] >= window:
                times.popleft()
            times.append(now)
            clients.move_to_end(client)
            if len(times) > limit:
                retry_after = max(1, math.ceil(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # Truncates the wait with int() instead of rounding up: a wait of 2.5 s says "Retry-After: 2", too early.
        "retry-after-truncated": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = OrderedDict()

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            while clients:
                client, times = next(iter(clients.items()))
                if now - times[-1] < window:
                    break
                del clients[client]
            client = key(self)
            times = clients.setdefault(client, deque())
            while times and now - times[0] >= window:
                times.popleft()
            if len(times) >= limit:
                retry_after = max(1, int(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            times.append(now)
            clients.move_to_end(client)
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # A fixed window: the whole quota starts again when the window that began with the first request ends.
        "fixed-window": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = OrderedDict()  # client -> [start of its window, requests counted in it]

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            while clients:
                client, (start, _) = next(iter(clients.items()))
                if now - start < window:
                    break
                del clients[client]
            client = key(self)
            entry = clients.get(client)
            if entry is None or now - entry[0] >= window:
                entry = clients[client] = [now, 0]
            if entry[1] >= limit:
                retry_after = max(1, math.ceil(entry[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            entry[1] += 1
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # One module-level dict for every decorated method: GET of one handler uses up the quota of all the others.
        "one-state-for-every-method": '''
_rate_limit_clients = OrderedDict()


def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    clients = _rate_limit_clients

    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            while clients:
                client, times = next(iter(clients.items()))
                if now - times[-1] < window:
                    break
                del clients[client]
            client = key(self)
            times = clients.setdefault(client, deque())
            while times and now - times[0] >= window:
                times.popleft()
            if len(times) >= limit:
                retry_after = max(1, math.ceil(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            times.append(now)
            clients.move_to_end(client)
            return await method(self, *args, **kwargs)

        wrapper.clients = clients
        return wrapper
    return decorator
''',
        # Keeps the count on the handler class: the get and the post of one handler share one quota.
        "state-on-the-handler-class": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            cls = type(self)
            if not hasattr(cls, "rate_clients"):
                cls.rate_clients = OrderedDict()
            clients = cls.rate_clients
            wrapper.clients = clients
            now = clock()
            while clients:
                client, times = next(iter(clients.items()))
                if now - times[-1] < window:
                    break
                del clients[client]
            client = key(self)
            times = clients.setdefault(client, deque())
            while times and now - times[0] >= window:
                times.popleft()
            if len(times) >= limit:
                retry_after = max(1, math.ceil(times[0] + window - now))
                self.set_status(429)
                self.set_header("Retry-After", str(retry_after))
                self.write({"error": "too many requests", "retry_after": retry_after})
                return
            times.append(now)
            clients.move_to_end(client)
            return await method(self, *args, **kwargs)

        wrapper.clients = OrderedDict()
        return wrapper
    return decorator
''',
    },
    "timeout": {
        # The guide's status: 408 blames the client for the server's slowness.
        "answers-408": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.clear()
                self.set_status(408)
                self.write({"error": "Request timeout"})
        return wrapper
    return decorator
''',
        # Stops waiting at the deadline but never cancels: the work runs on after the 503.
        "stops-waiting-without-cancelling": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            work = asyncio.ensure_future(method(self, *args, **kwargs))
            done, _ = await asyncio.wait({work}, timeout=seconds)
            if done:
                return work.result()
            self.clear()
            self.set_status(status)
            self.write({"error": "the server took too long"})
        return wrapper
    return decorator
''',
        # Cancels and answers 503, but what the handler wrote before the deadline stays in the answer.
        "partial-output-left": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.set_status(status)
                self.write({"error": "the server took too long"})
        return wrapper
    return decorator
''',
        # Right behaviour, but the handler's get is now called "wrapper" and has no docstring.
        "no-functools-wraps": '''
def timeout(seconds, status=503):
    def decorator(method):
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.clear()
                self.set_status(status)
                self.write({"error": "the server took too long"})
        return wrapper
    return decorator
''',
        # Writes the error as a json.dumps string after clear(): the client gets it as text/html.
        "error-sent-as-html": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.clear()
                self.set_status(status)
                self.write(json.dumps({"error": "the server took too long"}))
        return wrapper
    return decorator
''',
        # Catches every exception: a handler's own HTTPError(400) becomes a 503 "timeout".
        "every-error-is-a-timeout": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except Exception:
                self.clear()
                self.set_status(status)
                self.write({"error": "the server took too long"})
        return wrapper
    return decorator
''',
        # Ignores its status argument: an upstream's handler gets 503 where 504 was asked for.
        "status-argument-ignored": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.clear()
                self.set_status(503)
                self.write({"error": "the server took too long"})
        return wrapper
    return decorator
''',
        # Always answers as JSON: a method that finished in time with its own text answer loses its Content-Type.
        "changes-answers-in-time": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            self.set_header("Content-Type", "application/json; charset=UTF-8")
            try:
                result = await asyncio.wait_for(method(self, *args, **kwargs), seconds)
            except asyncio.TimeoutError:
                self.clear()
                self.set_status(status)
                self.write({"error": "the server took too long"})
                return
            self.set_header("Content-Type", "application/json; charset=UTF-8")
            return result
        return wrapper
    return decorator
''',
    },
    "client-key": {
        # The server ignores the proxy's headers: every client is 127.0.0.1 and shares one quota.
        "no-xheaders": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key is not None:
        customer = API_KEYS.get(api_key)
        if customer is None:
            raise tornado.web.HTTPError(401, reason="unknown API key")
        return f"customer:{customer}"
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name)
''',
        # Parses X-Forwarded-For itself and trusts its first address, which the client wrote.
        "first-forwarded-for-address": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key is not None:
        customer = API_KEYS.get(api_key)
        if customer is None:
            raise tornado.web.HTTPError(401, reason="unknown API key")
        return f"customer:{customer}"
    forwarded = handler.request.headers.get("X-Forwarded-For")
    if forwarded:
        return "ip:" + forwarded.split(",")[0].strip()
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name, xheaders=True)
''',
        # Any API key becomes a customer: a client gets a fresh quota by inventing keys.
        "unknown-key-gets-a-quota": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key is not None:
        return "customer:" + API_KEYS.get(api_key, api_key)
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name, xheaders=True)
''',
        # Sets the 401 but returns a key anyway: the handler's own code runs on and answers with it.
        "401-without-stopping-the-handler": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key is not None:
        customer = API_KEYS.get(api_key)
        if customer is None:
            handler.set_status(401)
            return "unknown"
        return f"customer:{customer}"
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name, xheaders=True)
''',
        # Refuses an unknown key with 403 Forbidden: the client is not authenticated, which is a 401.
        "unknown-key-403": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key is not None:
        if api_key not in API_KEYS:
            raise tornado.web.HTTPError(403, reason="unknown API key")
        return f"customer:{API_KEYS[api_key]}"
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name, xheaders=True)
''',
        # `if api_key:` treats an empty X-API-Key as no key: an empty header passes as an anonymous client.
        "empty-key-is-anonymous": '''
def client_key(handler):
    api_key = handler.request.headers.get("X-API-Key")
    if api_key:
        customer = API_KEYS.get(api_key)
        if customer is None:
            raise tornado.web.HTTPError(401, reason="unknown API key")
        return f"customer:{customer}"
    return f"ip:{handler.request.remote_ip}"


def start_behind_proxy(app, name):
    return start_server(app, name=name, xheaders=True)
''',
    },
}

RIGHT_ANSWERS = {
    "rate-limit": {
        # A plain dict scanned in full at each request (not an OrderedDict), its state made per decorated method,
        # the wait rounded up with -(-x // 1), other messages.
        "plain-dict-full-scan": '''
def rate_limit(limit, window, clock=time.monotonic, key=remote_ip_key):
    """Allow each client at most `limit` requests in any `window` seconds."""
    def decorator(method):
        history = {}

        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            now = clock()
            for who in [who for who, stamps in history.items() if stamps[-1] + window <= now]:
                del history[who]
            who = key(self)
            stamps = [t for t in history.get(who, []) if t + window > now]
            if len(stamps) >= limit:
                wait = int(-(-(stamps[0] + window - now) // 1))
                wait = max(wait, 1)
                self.set_status(429)
                self.set_header("Retry-After", wait)
                self.finish({"error": f"slow down, try again in {wait} s", "retry_after": wait})
                return None
            stamps.append(now)
            history[who] = stamps
            return await method(self, *args, **kwargs)

        wrapper.clients = history
        return wrapper
    return decorator
''',
    },
    "timeout": {
        # asyncio.timeout (Python 3.11) instead of wait_for, and the JSON written by hand with its Content-Type.
        "asyncio-timeout-and-json-dumps": '''
def timeout(seconds, status=503):
    def decorator(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                async with asyncio.timeout(seconds):
                    return await method(self, *args, **kwargs)
            except TimeoutError:
                self.clear()
                self.set_status(status)
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"error": "deadline exceeded"}))
        return wrapper
    return decorator
''',
    },
    "client-key": {
        # Membership tests instead of .get, an HTTPError without a reason, start_server's name passed by position.
        "membership-tests": '''
def client_key(handler):
    headers = handler.request.headers
    if "X-API-Key" in headers:
        if headers["X-API-Key"] not in API_KEYS:
            raise tornado.web.HTTPError(401)
        return "customer:" + API_KEYS[headers["X-API-Key"]]
    return "ip:" + handler.request.remote_ip


def start_behind_proxy(app, name):
    server = start_server(app, name, xheaders=True)
    return server
''',
    },
}
