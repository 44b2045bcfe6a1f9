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


async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    async with service.locks.setdefault(symbol, asyncio.Lock()):
        price = service.cache.get(symbol)
        if price is not MISSING:
            return price
        price = await fetch_price(service, symbol)
        service.cache.set(symbol, price)
        return price
''',
        # Truthiness instead of MISSING: a cached 0.0 counts as a miss (hidden test).
        "falsy-miss": _FETCH_PRICE + '''

async def lookup_price(service, symbol):
    price = service.cache.get(symbol, None)
    if price:
        return price
    async with service.locks.setdefault(symbol, asyncio.Lock()):
        price = service.cache.get(symbol, None)
        if price:
            return price
        price = await fetch_price(service, symbol)
        service.cache.set(symbol, price)
        return price
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
        if error.code == 404:
            raise UpstreamError(404, f"no price for {symbol}") from None
        if error.code == 599:
            raise UpstreamError(504, "the price service did not answer in time") from None
        raise UpstreamError(502, "the price service failed") from None
    return float(json.loads(response.body)["price"])


async def lookup_price(service, symbol):
    price = service.cache.get(symbol)
    if price is not MISSING:
        return price
    async with service.locks.setdefault(symbol, asyncio.Lock()):
        price = service.cache.get(symbol)
        if price is not MISSING:
            return price
        price = await fetch_price(service, symbol)
        service.cache.set(symbol, price)
        return price
''',
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
    },
}
