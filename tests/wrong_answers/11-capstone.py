"""Plausible wrong answers to lesson 11, by solution cell: each must lose exactly its exercise's points."""

_FETCH_PRICE = '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        log.warning("price of %s: %s", symbol, error)
        raise UpstreamError(502, "the price service is unreachable") from None
    return float(json.loads(response.body)["price"])
'''

_LOOKUP_PRICE = '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    fetch = service.fetching.get(symbol)
    if fetch is None:

        async def fetch_and_store():
            try:
                price = await fetch_price(service, symbol)
                service.cache.set(symbol, price)
                return price
            finally:
                del service.fetching[symbol]

        fetch = service.fetching[symbol] = asyncio.ensure_future(fetch_and_store())
    return await asyncio.shield(fetch)
'''

_STOP_START = '''
async def stop_service(service, drain_timeout=2.0):
    service.accepting = False
'''

WRONG_ANSWERS = {
    "price-lookup": {
        # A cache, but no single-flight: ten lookups that miss together make ten fetches.
        "no-single-flight": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    price = await fetch_price(service, symbol)
    service.cache.set(symbol, price)
    return price
''',
        # The upstream's code copied into the error: a timeout becomes 599 instead of 504.
        "599-passed-through": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        status = error.code if error.code in (404, 599) else 502
        raise UpstreamError(status, "the price service failed") from None
    except OSError:
        raise UpstreamError(502, "the price service is unreachable") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # Truthiness instead of MISSING: a cached 0.0 counts as a miss (hidden test).
        "falsy-miss": _FETCH_PRICE + _LOOKUP_PRICE.replace(
            "    price = service.cache.get(symbol)\n    if price is not MISSING:", "    price = service.cache.get(symbol, None)\n    if price:"),
        # A lock per symbol held across the fetch (the lesson's first idea): on failure each waiter fetches again, one
        # after another, and the table keeps a lock for every symbol ever asked for (hidden tests).
        "lock-per-symbol": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    async with service.fetching.setdefault(symbol, asyncio.Lock()):
        price = service.cache.get(symbol)
        if price is not MISSING:
            return price
        price = await fetch_price(service, symbol)
        service.cache.set(symbol, price)
        return price
''',
        # A lock per symbol, removed once nobody waits for it: the table stays small, but a failing fetch is still
        # retried by each waiter in turn (hidden test: errors shared).
        "lock-per-symbol-cleaned": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    entry = service.fetching.setdefault(symbol, [asyncio.Lock(), 0])
    entry[1] += 1
    try:
        async with entry[0]:
            price = service.cache.get(symbol)
            if price is not MISSING:
                return price
            price = await fetch_price(service, symbol)
            service.cache.set(symbol, price)
            return price
    finally:
        entry[1] -= 1
        if entry[1] == 0:
            del service.fetching[symbol]
''',
        # The shared task is never removed from the table: it grows with every symbol, and a failed fetch's error is
        # handed out for ever (hidden tests).
        "table-never-cleaned": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    fetch = service.fetching.get(symbol)
    if fetch is None or (fetch.done() and not fetch.exception()):

        async def fetch_and_store():
            price = await fetch_price(service, symbol)
            service.cache.set(symbol, price)
            return price

        fetch = service.fetching[symbol] = asyncio.ensure_future(fetch_and_store())
    return await asyncio.shield(fetch)
''',
        # The fetch leaves the table only when it succeeds: a failed fetch stays, and its error is cached for ever.
        "error-cached-for-ever": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    fetch = service.fetching.get(symbol)
    if fetch is None:

        async def fetch_and_store():
            price = await fetch_price(service, symbol)
            service.cache.set(symbol, price)
            del service.fetching[symbol]
            return price

        fetch = service.fetching[symbol] = asyncio.ensure_future(fetch_and_store())
    return await asyncio.shield(fetch)
''',
        # The waiters share a success, but on an error each of them fetches again for itself.
        "waiters-retry-on-error": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    fetch = service.fetching.get(symbol)
    if fetch is not None:
        try:
            return await asyncio.shield(fetch)
        except UpstreamError:
            return await fetch_price(service, symbol)  # "maybe it works now"

    async def fetch_and_store():
        try:
            price = await fetch_price(service, symbol)
            service.cache.set(symbol, price)
            return price
        finally:
            del service.fetching[symbol]

    fetch = service.fetching[symbol] = asyncio.ensure_future(fetch_and_store())
    return await asyncio.shield(fetch)
''',
        # Only the lookup that started the fetch gets its error; the waiters get the exception object as a "price".
        "waiters-get-no-error": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    fetch = service.fetching.get(symbol)
    if fetch is not None:
        [outcome] = await asyncio.gather(asyncio.shield(fetch), return_exceptions=True)
        return outcome

    async def fetch_and_store():
        try:
            price = await fetch_price(service, symbol)
            service.cache.set(symbol, price)
            return price
        finally:
            del service.fetching[symbol]

    fetch = service.fetching[symbol] = asyncio.ensure_future(fetch_and_store())
    return await asyncio.shield(fetch)
''',
        # One lock for every symbol: single-flight, but different symbols wait for each other (hidden test).
        "one-global-lock": _FETCH_PRICE + '''

price_lock = asyncio.Lock()


async def lookup_price(service, symbol):
    async with price_lock:
        price = service.cache.get(symbol)
        if price is not MISSING:
            return price
        price = await fetch_price(service, symbol)
        service.cache.set(symbol, price)
        return price
''',
        # A refused connection escapes as ConnectionRefusedError (hidden test).
        "oserror-not-caught": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # Every 4xx becomes a 404: an upstream 403 (or 400, 429) tells the client the symbol does not exist.
        "every-4xx-is-404": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if 400 <= error.code < 500:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        log.warning("price of %s: %s", symbol, error)
        raise UpstreamError(502, "the price service is unreachable") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # The unreachable upstream's OS error goes into the message: "[Errno 111] Connection refused" reaches the client.
        "os-error-in-message": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        log.warning("price of %s: %s", symbol, error)
        raise UpstreamError(502, f"the price service is unreachable: {error}") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # The timeout's message names the upstream's address: its host and port reach the client.
        "upstream-url-in-message": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, f"no answer from {url} in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        log.warning("price of %s: %s", symbol, error)
        raise UpstreamError(502, "the price service is unreachable") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # Maps every failure right but logs nothing: the details are lost.
        "nothing-logged": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        raise UpstreamError(502, "the price service is unreachable") from None
    return float(json.loads(response.body)["price"])

''' + _LOOKUP_PRICE,
        # Returns the JSON value as it came: an upstream price of 3 is the int 3, not a float.
        "price-not-a-float": '''
async def fetch_price(service, symbol):
    url = f"{service.upstream_url}/prices/{symbol}"
    try:
        response = await AsyncHTTPClient().fetch(url, connect_timeout=service.upstream_timeout,
                                                 request_timeout=service.upstream_timeout)
    except HTTPClientError as error:
        log.warning("price of %s: %s", symbol, error)
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    except OSError as error:
        log.warning("price of %s: %s", symbol, error)
        raise UpstreamError(502, "the price service is unreachable") from None
    return json.loads(response.body)["price"]

''' + _LOOKUP_PRICE,
    },
    "report-endpoints": {
        # Makes the report inside the request: the client waits for the whole job.
        "job-awaited-in-request": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            return self.refuse(503, "shutting down", retry_after=RETRY_AFTER_SECONDS)
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        await self.service.insert_report(report_id, symbols)
        result = await self.service.make_report(self.service, symbols)
        await self.service.set_report(report_id, "done", result=result)
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT status, result, error FROM reports WHERE id = %s", (report_id,))
                row = await cur.fetchone()
        if row is None:
            return self.refuse(404, "no such report")
        status, result, error = row
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
        # No backpressure: waits for room in the queue, so the request hangs while it is full.
        "await-queue-put": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            return self.refuse(503, "shutting down", retry_after=RETRY_AFTER_SECONDS)
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        await self.service.insert_report(report_id, symbols)
        await self.service.queue.put((report_id, symbols))
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT status, result, error FROM reports WHERE id = %s", (report_id,))
                row = await cur.fetchone()
        if row is None:
            return self.refuse(404, "no such report")
        status, result, error = row
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
        # The id formatted into the SQL: a quote in the URL becomes a 500 (hidden test).
        "sql-formatted-id": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            return self.refuse(503, "shutting down", retry_after=RETRY_AFTER_SECONDS)
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        await self.service.insert_report(report_id, symbols)
        try:
            self.service.queue.put_nowait((report_id, symbols))
        except asyncio.QueueFull:
            await self.service.delete_report(report_id)
            return self.refuse(503, "queue full", retry_after=RETRY_AFTER_SECONDS)
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute(f"SELECT status, result, error FROM reports WHERE id = '{report_id}'")
                row = await cur.fetchone()
        if row is None:
            return self.refuse(404, "no such report")
        status, result, error = row
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
        # A refused report keeps its record; and shutdown is not checked (hidden tests).
        "refused-report-recorded": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        await self.service.insert_report(report_id, symbols)
        try:
            self.service.queue.put_nowait((report_id, symbols))
        except asyncio.QueueFull:
            return self.refuse(503, "queue full", retry_after=RETRY_AFTER_SECONDS)
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT status, result, error FROM reports WHERE id = %s", (report_id,))
                row = await cur.fetchone()
        if row is None:
            return self.refuse(404, "no such report")
        status, result, error = row
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
        # Queues the report, then records it: a worker that takes it at once updates a row that does not exist yet.
        "queued-before-recorded": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            return self.refuse(503, "shutting down", retry_after=RETRY_AFTER_SECONDS)
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        try:
            self.service.queue.put_nowait((report_id, symbols))
        except asyncio.QueueFull:
            return self.refuse(503, "too many reports waiting", retry_after=RETRY_AFTER_SECONDS)
        await self.service.insert_report(report_id, symbols)
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT status, result, error FROM reports WHERE id = %s", (report_id,))
                row = await cur.fetchone()
        if row is None:
            return self.refuse(404, "no such report")
        status, result, error = row
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
        # An unknown id is answered 200 with nulls instead of 404.
        "unknown-id-200": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            return self.refuse(503, "shutting down", retry_after=RETRY_AFTER_SECONDS)
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as error:
            return self.refuse(400, str(error))
        report_id = str(uuid.uuid4())
        await self.service.insert_report(report_id, symbols)
        try:
            self.service.queue.put_nowait((report_id, symbols))
        except asyncio.QueueFull:
            await self.service.delete_report(report_id)
            return self.refuse(503, "too many reports waiting", retry_after=RETRY_AFTER_SECONDS)
        self.set_status(202)
        self.set_header("Location", f"/reports/{report_id}")
        self.write({"id": report_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        async with self.service.pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT status, result, error FROM reports WHERE id = %s", (report_id,))
                row = await cur.fetchone()
        status, result, error = row if row is not None else (None, None, None)
        self.write({"id": report_id, "status": status, "result": result, "error": error})
''',
    },
    "stop-service": {
        # The pool is closed first, while a request in flight still needs it.
        "pool-closed-before-server": _STOP_START + '''
    service.pool.close()
    await service.pool.wait_closed()
    service.server.http_server.stop()
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
''',
        # Workers cancelled last and never awaited: they are still running when stop_service returns.
        "workers-not-awaited": _STOP_START + '''
    service.server.http_server.stop()
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
    for worker in service.workers:
        worker.cancel()
''',
        # No drain: the workers are cancelled at once, and accepted reports are lost.
        "no-drain": _STOP_START + '''
    service.server.http_server.stop()
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    await service.server.stop()
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
''',
        # The server stopped at once: the connection of a request in flight is cut.
        "server-stopped-abruptly": _STOP_START + '''
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
''',
        # Waits for the requests in flight before it stops listening: new connections are accepted while it drains.
        "listens-while-draining": _STOP_START + '''
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    service.server.http_server.stop()
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
''',
        # Waits a fixed drain_timeout for the requests instead of until they are done: an idle service takes 2 s.
        "fixed-sleep-for-requests": _STOP_START + '''
    service.server.http_server.stop()
    await asyncio.sleep(drain_timeout)
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
''',
        # Forgets step 4: reports the drain could not finish stay 'queued' or 'running' for ever.
        "unfinished-not-marked": _STOP_START + '''
    service.server.http_server.stop()
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    await service.server.stop()
    try:
        await asyncio.wait_for(service.queue.join(), drain_timeout)
    except TimeoutError:
        pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    service.pool.close()
    await service.pool.wait_closed()
''',
    },
}

RIGHT_ANSWERS = {
    "price-lookup": {
        # raise_error=False and the status read from the response; the standard reason phrases as messages; the first
        # lookup fetches itself and hands its outcome to the waiters through a future.
        "reason-phrases": '''
async def fetch_price(service, symbol):
    try:
        response = await AsyncHTTPClient().fetch(
            service.upstream_url + "/prices/" + symbol, raise_error=False,
            connect_timeout=service.upstream_timeout, request_timeout=service.upstream_timeout)
    except HTTPClientError as error:  # with raise_error=False: only a timeout (599) is raised
        log.warning("upstream timeout for %s: %s", symbol, error)
        raise UpstreamError(504, "Gateway Timeout") from None
    except OSError as error:
        log.warning("upstream unreachable for %s: %r", symbol, error)
        raise UpstreamError(502, "Bad Gateway") from None
    if response.code == 404:
        raise UpstreamError(404, "Not Found")
    if response.code == 599:
        log.warning("upstream timeout for %s: %s", symbol, response.error)
        raise UpstreamError(504, "Gateway Timeout")
    if response.code != 200:
        log.warning("upstream answered %s for %s: %s", response.code, symbol, response.body[:200])
        raise UpstreamError(502, "Bad Gateway")
    return float(json.loads(response.body)["price"])


async def lookup_price(service, symbol):
    cached = service.cache.get(symbol)
    if cached is not MISSING:
        return cached
    if symbol in service.fetching:  # a fetch of it is in flight: wait for its outcome, price or error
        return await asyncio.shield(service.fetching[symbol])
    waiting = asyncio.get_running_loop().create_future()
    service.fetching[symbol] = waiting
    try:
        cached = await fetch_price(service, symbol)
    except Exception as error:
        waiting.set_exception(error)
        waiting.exception()  # retrieved here: no "never retrieved" warning when nobody waited
        raise
    else:
        service.cache.set(symbol, cached)
        waiting.set_result(cached)
        return cached
    finally:
        service.fetching.pop(symbol, None)
        if not waiting.done():  # this lookup was cancelled: the waiters must not wait for ever
            waiting.cancel()
''',
    },
    "report-endpoints": {
        # pool.cursor() (a coroutine) instead of acquire(), finish() instead of write(), other messages.
        "pool-cursor-and-finish": '''
class ReportsHandler(ServiceHandler):
    async def post(self):
        if not self.service.accepting:
            self.refuse(503, "not accepting reports right now", retry_after=RETRY_AFTER_SECONDS)
            return
        try:
            symbols = parse_report_request(self.request.body)
        except ValueError as problem:
            self.refuse(400, str(problem))
            return
        new_id = str(uuid.uuid4())
        await self.service.insert_report(new_id, symbols)
        try:
            self.service.queue.put_nowait((new_id, symbols))
        except asyncio.QueueFull:
            await self.service.delete_report(new_id)
            self.refuse(503, "the report queue is full", retry_after=RETRY_AFTER_SECONDS)
            return
        self.set_status(202)
        self.set_header("Location", "/reports/" + new_id)
        self.finish({"id": new_id, "status": "queued"})


class ReportStatusHandler(ServiceHandler):
    async def get(self, report_id):
        with (await self.service.pool.cursor()) as cur:
            await cur.execute("SELECT id, status, result, error FROM reports WHERE id = %(id)s", {"id": report_id})
            rows = await cur.fetchall()
        if not rows:
            self.refuse(404, "unknown report")
            return
        [(found_id, status, result, error)] = rows
        self.finish({"id": found_id, "status": status, "result": result, "error": error})
''',
    },
    "stop-service": {
        # asyncio.timeout blocks instead of wait_for; the workers gathered with their cancellation in one step.
        "asyncio-timeout-blocks": '''
async def stop_service(service, drain_timeout=2.0):
    service.accepting = False
    service.server.http_server.stop()
    await wait_until(lambda: service.requests.current == 0, drain_timeout)
    await service.server.stop()
    try:
        async with asyncio.timeout(drain_timeout):
            await service.queue.join()
    except TimeoutError:
        log.warning("stopping %s: the queue did not drain in %s s", service.name, drain_timeout)
    workers = list(service.workers)
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    await service.mark_unfinished_cancelled()
    service.pool.close()
    await service.pool.wait_closed()
''',
    },
}
