"""Plausible wrong answers to lesson 03, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "item-proxy": {
        # The guide's mapping: the upstream's code copied into our status, 599 included.
        "passes-599-through": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            self.set_status(error.code)
            self.write({"error": f"upstream error {error.code}"})
            return
        except OSError:
            self.set_status(502)
            self.write({"error": "the catalog is unreachable"})
            return
        self.write(json.loads(response.body))
''',
        # Every failure becomes a 500, as if the proxy itself had a bug.
        "everything-is-500": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except Exception:
            self.set_status(500)
            self.write({"error": "something went wrong"})
            return
        self.write(json.loads(response.body))
''',
        # No try at all: HTTPClientError escapes and Tornado answers a bare 500.
        "http-error-escapes": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                 connect_timeout=self.timeout, request_timeout=self.timeout)
        self.write(json.loads(response.body))
''',
        # Maps HTTP errors well, but a refused connection (OSError) escapes as a 500.
        "refused-connection-escapes": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            status = 404 if error.code == 404 else 504 if error.code == 599 else 502
            self.set_status(status)
            self.write({"error": "the catalog could not answer"})
            return
        self.write(json.loads(response.body))
''',
        # Writes str(error) to the client: the upstream's address and errno leak.
        "leaks-exception-text": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            status = 404 if error.code == 404 else 504 if error.code == 599 else 502
            self.set_status(status)
            self.write({"error": f"{self.upstream_url} said: {error}"})
            return
        except OSError as error:
            self.set_status(502)
            self.write({"error": str(error)})
            return
        self.write(json.loads(response.body))
''',
        # Ignores self.timeout: waits the client's default 20 s, so the slow item comes back 200.
        "ignores-timeout": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}")
        except HTTPClientError as error:
            status = 404 if error.code == 404 else 504 if error.code == 599 else 502
            self.set_status(status)
            self.write({"error": "the catalog could not answer"})
            return
        except OSError:
            self.set_status(502)
            self.write({"error": "the catalog is unreachable"})
            return
        self.write(json.loads(response.body))
''',
        # Correct statuses, but closes the shared client in `finally`, as the guide does.
        "closes-shared-client": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        http = AsyncHTTPClient()
        try:
            response = await http.fetch(f"{self.upstream_url}/items/{item_id}",
                                        connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            status = 404 if error.code == 404 else 504 if error.code == 599 else 502
            self.set_status(status)
            self.write({"error": "the catalog could not answer"})
            return
        except OSError:
            self.set_status(502)
            self.write({"error": "the catalog is unreachable"})
            return
        finally:
            http.close()
        self.write(json.loads(response.body))
''',
    },
    "post-json": {
        # JSON body, but no Content-Type: Tornado sends application/x-www-form-urlencoded and the upstream answers 415.
        "no-content-type": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=json.dumps(payload),
                          headers={"Authorization": f"Bearer {token}"},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)
''',
        # str(payload) is Python's notation, not JSON: the upstream answers 400.
        "python-repr-body": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=str(payload),
                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)
''',
        # The dict itself as the body: HTTPRequest raises TypeError.
        "dict-as-body": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=payload,
                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)
''',
        # No timeout: a slow upstream is waited for (the default is 20 s).
        "no-timeout": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=json.dumps(payload),
                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)
''',
        # Forgets the Authorization header.
        "no-token": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=json.dumps(payload),
                          headers={"Content-Type": "application/json"},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request)
    return json.loads(response.body)
''',
        # raise_error=False: an upstream 422 comes back as if it were the answer.
        "swallows-http-errors": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=json.dumps(payload),
                          headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request, raise_error=False)
    return json.loads(response.body)
''',
    },
    "fetch-many": {
        # Per-URL errors are kept, but nothing bounds the number in flight.
        "no-bound": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def fetch_one(url):
        try:
            response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
        except HTTPClientError as error:
            return {"url": url, "ok": False, "status": None if error.code == 599 else error.code, "error": str(error)}
        except OSError as error:
            return {"url": url, "ok": False, "status": None, "error": str(error)}
        return {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))
''',
        # Bounded, but plain gather: the first failure raises and every answer is lost.
        "one-failure-aborts-all": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with gate:
            response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
        return {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))
''',
        # One URL after another: within the limit, but never concurrent.
        "sequential": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    results = []
    for url in urls:
        try:
            response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
        except HTTPClientError as error:
            results.append({"url": url, "ok": False, "status": None if error.code == 599 else error.code,
                            "error": str(error)})
        except OSError as error:
            results.append({"url": url, "ok": False, "status": None, "error": str(error)})
        else:
            results.append({"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)})
    return results
''',
        # Records 599 as if it were the upstream's status.
        "status-599-for-no-answer": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with gate:
            try:
                response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
            except HTTPClientError as error:
                return {"url": url, "ok": False, "status": error.code, "error": str(error)}
            except OSError as error:
                return {"url": url, "ok": False, "status": 599, "error": str(error)}
        return {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))
''',
        # One semaphore for every call, made with a fixed size: the limit argument is ignored.
        "module-level-semaphore": '''
shared_gate = asyncio.Semaphore(2)


async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def fetch_one(url):
        async with shared_gate:
            try:
                response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
            except HTTPClientError as error:
                return {"url": url, "ok": False, "status": None if error.code == 599 else error.code,
                        "error": str(error)}
            except OSError as error:
                return {"url": url, "ok": False, "status": None, "error": str(error)}
        return {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))
''',
    },
}
