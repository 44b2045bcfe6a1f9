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
    },
}
