"""Plausible wrong answers to lesson 14, by solution cell: each must lose exactly its exercise's points.

The answers run as real processes: the test cells write them into a script (their source only) and send SIGTERM
(Exercise 1) or requests to two processes sharing a store (Exercise 2)."""

_SHUTDOWN = '''
async def shutdown(server, state, deadline):
'''

_HITS = '''
def make_hits_app(store_url):
'''


def _shutdown(body):
    return _SHUTDOWN + body


def _hits(body):
    return _HITS + body


WRONG_ANSWERS = {
    "graceful-shutdown": {
        # Drains well but never says so: /readyz keeps answering 200 while the process refuses connections.
        "never-not-ready": _shutdown('''
    server.stop()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    finished = state.in_flight == 0
    await state.pool.close()
    return finished
'''),
        # Says "not ready" only once the drain is over: too late for whoever routes the traffic.
        "not-ready-after-the-drain": _shutdown('''
    server.stop()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    state.ready = False
    finished = state.in_flight == 0
    await state.pool.close()
    return finished
'''),
        # Waits for the requests in flight but keeps listening: new connections are accepted while draining.
        "keeps-listening": _shutdown('''
    state.ready = False
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    server.stop()
    finished = state.in_flight == 0
    await state.pool.close()
    return finished
'''),
        # The guide's reading of close_all_connections(): it closes the requests in flight, it does not wait.
        "close-all-connections": _shutdown('''
    state.ready = False
    server.stop()
    await asyncio.wait_for(server.close_all_connections(), deadline)
    await state.pool.close()
    return True
'''),
        # Closes the pool first: the request in flight needs it at its end and fails with a 500.
        "pool-first": _shutdown('''
    state.ready = False
    server.stop()
    await state.pool.close()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    return state.in_flight == 0
'''),
        # Never closes the pool.
        "forgets-the-pool": _shutdown('''
    state.ready = False
    server.stop()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    return state.in_flight == 0
'''),
        # No deadline: a request that never ends keeps the process alive until it is killed.
        "no-deadline": _shutdown('''
    state.ready = False
    server.stop()
    while state.in_flight:
        await asyncio.sleep(0.01)
    await state.pool.close()
    return True
'''),
        # The deadline read as milliseconds: the drain gives up after 10 ms, cutting the request in flight.
        "deadline-in-milliseconds": _shutdown('''
    state.ready = False
    server.stop()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline / 1000
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.001)
    finished = state.in_flight == 0
    await state.pool.close()
    return finished
'''),
        # Always True: a drain cut by the deadline still exits 0, as if nothing was lost.
        "always-true": _shutdown('''
    state.ready = False
    server.stop()
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while state.in_flight and loop.time() < give_up:
        await asyncio.sleep(0.01)
    await state.pool.close()
    return True
'''),
        # Sleeps the whole grace period "to give the requests time": the deadline is waited out every time.
        "sleeps-the-deadline": _shutdown('''
    state.ready = False
    server.stop()
    await asyncio.sleep(deadline)
    finished = state.in_flight == 0
    await state.pool.close()
    return finished
'''),
    },
    "shared-hits": {
        # A counter in the process (a dict in the factory's closure): each process counts its own hits.
        "counter-in-the-process": '''
def make_hits_app(store_url):
    counts = {}

    class Hits(tornado.web.RequestHandler):
        def get(self, name):
            counts[name] = counts.get(name, 0) + 1
            self.write({"name": name, "hits": counts[name]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
''',
        # The guide's class attribute: one per process too.
        "class-attribute": _hits('''
    class Hits(tornado.web.RequestHandler):
        counts = {}

        def get(self, name):
            Hits.counts[name] = Hits.counts.get(name, 0) + 1
            self.write({"name": name, "hits": Hits.counts[name]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # The store, read then written: two processes read the same value and both write it plus one.
        "read-then-write": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            try:
                answer = await client.fetch(f"{store_url}/values/hits-{name}")
                value = json.loads(answer.body)["value"] + 1
                await client.fetch(f"{store_url}/values/hits-{name}", method="PUT", body=json.dumps({"value": value}))
            except (OSError, tornado.httpclient.HTTPClientError):
                self.set_status(503)
                self.write({"error": "the hit count is unavailable"})
                return
            self.write({"name": name, "hits": value})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # One key for every name: coffee goes on counting where tea stopped.
        "one-key-for-all-names": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            try:
                answer = await client.fetch(f"{store_url}/values/hits/incr", method="POST", body=b"")
            except (OSError, tornado.httpclient.HTTPClientError):
                self.set_status(503)
                self.write({"error": "the hit count is unavailable"})
                return
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # No error handling: a store that is down becomes a 500 with Tornado's HTML page.
        "store-down-is-500": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            answer = await client.fetch(f"{store_url}/values/hits-{name}/incr", method="POST", body=b"")
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # The guide's str(e) in the answer: the client reads the exception's text.
        "leaks-the-error": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            try:
                answer = await client.fetch(f"{store_url}/values/hits-{name}/incr", method="POST", body=b"")
            except Exception as error:
                self.set_status(503)
                self.write({"error": f"the store failed: {error}"})
                return
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # A 502 where the text asks for 503.
        "502-when-down": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            try:
                answer = await client.fetch(f"{store_url}/values/hits-{name}/incr", method="POST", body=b"")
            except (OSError, tornado.httpclient.HTTPClientError):
                self.set_status(502)
                self.write({"error": "the hit count is unavailable"})
                return
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
        # A 503 in plain text, not a JSON object.
        "plain-text-503": _hits('''
    client = tornado.httpclient.AsyncHTTPClient()

    class Hits(tornado.web.RequestHandler):
        async def get(self, name):
            try:
                answer = await client.fetch(f"{store_url}/values/hits-{name}/incr", method="POST", body=b"")
            except (OSError, tornado.httpclient.HTTPClientError):
                self.set_status(503)
                self.write("the hit count is unavailable")
                return
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
'''),
    },
}

RIGHT_ANSWERS = {
    "graceful-shutdown": {
        # asyncio.wait_for around a coroutine that polls, and time.monotonic imported inside the function.
        "wait-for-idle": '''
async def shutdown(server, state, deadline):
    import time

    state.ready = False
    server.stop()

    async def idle():
        while state.in_flight > 0:
            await asyncio.sleep(0.02)

    started = time.monotonic()
    try:
        await asyncio.wait_for(idle(), timeout=deadline)
        clean = True
    except asyncio.TimeoutError:
        clean = False
    logging.getLogger("drain").info("drained in %.1f s", time.monotonic() - started)
    await state.pool.close()
    return clean
''',
        # A loop counted in steps, and the connections cut explicitly once the deadline has passed.
        "steps-and-cut": '''
async def shutdown(server, state, deadline):
    state.ready = False
    server.stop()
    step = 0.005
    steps = 0
    while state.in_flight != 0:
        if steps * step >= deadline:
            break
        await asyncio.sleep(step)
        steps += 1
    leftover = state.in_flight
    if leftover:
        try:
            await asyncio.wait_for(server.close_all_connections(), 1)
        except asyncio.TimeoutError:
            pass
    await state.pool.close()
    return not leftover
''',
    },
    "shared-hits": {
        # An HTTPRequest of its own, a client per request, keys without a prefix, any failure caught.
        "request-object": '''
def make_hits_app(store_url):
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    class HitCounter(tornado.web.RequestHandler):
        async def get(self, who):
            request = HTTPRequest(store_url + "/values/" + who + "/incr", method="POST", body="",
                                  request_timeout=3)
            try:
                response = await AsyncHTTPClient().fetch(request)
                count = json.loads(response.body.decode())["value"]
            except Exception:
                logging.exception("counting %s failed", who)
                self.set_status(503)
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"error": "counting is not possible right now"}))
                return
            self.finish({"hits": count, "name": who})

    return tornado.web.Application([("/hits/([a-z]+)", HitCounter)])
''',
        # raise_error=False and the answer's code read, an HTTPError raised with a reason, written as JSON.
        "http-error-and-write-error": '''
def make_hits_app(store_url):
    class Base(tornado.web.RequestHandler):
        def write_error(self, status_code, **kwargs):
            self.finish({"error": self._reason})

    class Hits(Base):
        async def get(self, name):
            try:
                answer = await tornado.httpclient.AsyncHTTPClient().fetch(
                    f"{store_url}/values/n-{name}/incr", method="POST", body=b"{}", raise_error=False)
            except (OSError, tornado.httpclient.HTTPClientError):
                answer = None
            if answer is None or answer.code != 200:
                raise tornado.web.HTTPError(503, reason="no count at the moment")
            self.write({"name": name, "hits": json.loads(answer.body)["value"]})

    return tornado.web.Application([(r"/hits/([a-z]+)", Hits)])
''',
    },
}
