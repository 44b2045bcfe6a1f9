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
        # Treats the upstream's 404 like any other failure: a missing item becomes a 502.
        "not-found-becomes-502": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            self.set_status(504 if error.code == 599 else 502)
            self.write({"error": "the catalog could not answer"})
            return
        except OSError:
            self.set_status(502)
            self.write({"error": "the catalog is unreachable"})
            return
        self.write(json.loads(response.body))
''',
        # Passes the upstream's own error body on to the client: the catalog's internal message leaks.
        "forwards-upstream-body": '''
class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            self.set_status(404 if error.code == 404 else 504 if error.code == 599 else 502)
            if error.response is not None and error.code != 599:
                self.write(json.loads(error.response.body))
            else:
                self.write({"error": "the catalog did not answer in time"})
            return
        except OSError:
            self.set_status(502)
            self.write({"error": "the catalog is unreachable"})
            return
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
        # "Bearer" forgotten: the token alone is not the scheme the text asks for.
        "token-without-bearer": '''
async def post_json(url, payload, token, timeout=2.0):
    request = HTTPRequest(url, method="POST", body=json.dumps(payload),
                          headers={"Content-Type": "application/json", "Authorization": token},
                          connect_timeout=timeout, request_timeout=timeout)
    response = await AsyncHTTPClient().fetch(request)
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
        # Fixed batches of `limit` (gather per chunk): the peak is right, but a batch waits for its slowest request
        # while the next URLs could already run.
        "fixed-batches": '''
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

    results = []
    for start in range(0, len(urls), limit):
        results.extend(await asyncio.gather(*(fetch_one(url) for url in urls[start:start + limit])))
    return results
''',
        # `limit` workers, each taking a fixed share of the URLs (every limit-th one): a slow URL holds up its
        # worker's share while other workers sit idle.
        "fixed-shares-per-worker": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    results = [None] * len(urls)

    async def worker(first):
        for index in range(first, len(urls), limit):
            url = urls[index]
            try:
                response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
            except HTTPClientError as error:
                results[index] = {"url": url, "ok": False, "status": None if error.code == 599 else error.code,
                                  "error": str(error)}
            except OSError as error:
                results[index] = {"url": url, "ok": False, "status": None, "error": str(error)}
            else:
                results[index] = {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    await asyncio.gather(*(worker(first) for first in range(limit)))
    return results
''',
        # Checks `limit < 0` instead of `limit < 1`: a limit of 0 makes a semaphore nobody can pass, and it waits for ever.
        "zero-limit-waits-for-ever": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 0:
        raise ValueError("limit must not be negative")
    gate = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with gate:
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
        # Ignores `timeout`: the client's 20 s default lets a slow URL through.
        "ignores-timeout": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with gate:
            try:
                response = await AsyncHTTPClient().fetch(url)
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

RIGHT_ANSWERS = {
    "item-proxy": {
        # Logs each failure with a module logger of its own (no handler configured): it must never cost points.
        "module-logger": '''
import logging

log = logging.getLogger("shop.catalog")


class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}",
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPClientError as error:
            log.warning("catalog failed for item %s: %s", item_id, error)
            if error.code == 404:
                self.set_status(404)
                self.finish({"error": "no such item"})
            elif error.code == 599:
                self.set_status(504)
                self.finish({"error": "upstream timeout"})
            else:
                self.set_status(502)
                self.finish({"error": "bad gateway"})
            return
        except OSError as error:
            log.warning("catalog unreachable for item %s: %s", item_id, error)
            self.set_status(502)
            self.finish({"error": "upstream unreachable"})
            return
        self.finish(json.loads(response.body))
''',
        # raise_error=False for the HTTP answers, the timeout recognised by its class, messages of its own.
        "raise-error-false": '''
from tornado.simple_httpclient import HTTPTimeoutError


class ItemProxyHandler(tornado.web.RequestHandler):
    def initialize(self, upstream_url, timeout=2.0):
        self.upstream_url = upstream_url
        self.timeout = timeout

    def fail(self, status, message):
        self.set_status(status)
        self.write({"error": message})

    async def get(self, item_id):
        try:
            response = await AsyncHTTPClient().fetch(f"{self.upstream_url}/items/{item_id}", raise_error=False,
                                                     connect_timeout=self.timeout, request_timeout=self.timeout)
        except HTTPTimeoutError:
            return self.fail(504, "the catalog is too slow")
        except HTTPClientError as error:
            return self.fail(504 if error.code == 599 else 502, "the catalog did not answer")
        except OSError:
            return self.fail(502, "the catalog is down")
        if response.code == 599:
            return self.fail(504, "the catalog is too slow")
        if response.code == 404:
            return self.fail(404, "item not found")
        if response.code >= 400:
            return self.fail(502, "the catalog failed")
        self.write(json.loads(response.body))
''',
    },
    "post-json": {
        # fetch's own keyword arguments instead of an HTTPRequest, the body encoded to bytes.
        "fetch-keywords": '''
async def post_json(url, payload, token, timeout=2.0):
    response = await AsyncHTTPClient().fetch(
        url, method="POST", body=json.dumps(payload).encode("utf-8"),
        headers={"content-type": "application/json; charset=utf-8", "authorization": "Bearer " + token},
        connect_timeout=timeout, request_timeout=timeout)
    return json.loads(response.body.decode("utf-8"))
''',
    },
    "fetch-many": {
        # Logs every failure with a module logger, and uses asyncio.TaskGroup instead of gather.
        "module-logger-task-group": '''
import logging

log = logging.getLogger("shop.fetch")


async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError("limit must be 1 or more")
    semaphore = asyncio.Semaphore(limit)

    async def one(url):
        async with semaphore:
            try:
                response = await AsyncHTTPClient().fetch(url, connect_timeout=timeout, request_timeout=timeout)
            except HTTPClientError as error:
                log.warning("%s failed: %s", url, error)
                return {"url": url, "ok": False, "status": error.code if error.code != 599 else None,
                        "error": error.message or "no answer"}
            except OSError as error:
                log.warning("%s unreachable: %s", url, error)
                return {"url": url, "ok": False, "status": None, "error": "unreachable"}
            return {"url": url, "ok": True, "status": response.code, "data": json.loads(response.body)}

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(one(url)) for url in urls]
    return [task.result() for task in tasks]
''',
        # gather(..., return_exceptions=True), then each outcome judged after the fact.
        "return-exceptions": '''
async def fetch_many(urls, limit, timeout=5.0):
    if limit < 1:
        raise ValueError(limit)
    gate = asyncio.Semaphore(limit)
    client = AsyncHTTPClient()

    async def bounded(url):
        async with gate:
            return await client.fetch(url, connect_timeout=timeout, request_timeout=timeout)

    outcomes = await asyncio.gather(*(bounded(url) for url in urls), return_exceptions=True)
    results = []
    for url, outcome in zip(urls, outcomes):
        if isinstance(outcome, HTTPClientError):
            results.append({"url": url, "ok": False, "status": None if outcome.code == 599 else outcome.code,
                            "error": str(outcome)})
        elif isinstance(outcome, OSError):
            results.append({"url": url, "ok": False, "status": None, "error": repr(outcome)})
        else:
            results.append({"url": url, "ok": True, "status": outcome.code, "data": json.loads(outcome.body)})
    return results
''',
    },
}
