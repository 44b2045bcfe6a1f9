"""Plausible wrong answers to lesson 12, by solution cell: each must lose exactly its exercise's points.

The answers are test suites (check functions): a wrong one misses a planted fault, or fails a correct
implementation that is written otherwise or is slower."""

_LIMITER_HEAD = '''
async def check_rate_limiter(make_app):
    clock = FakeClock()
    server = start_server(make_app(3, clock), name="check-limiter")
    try:
        async def hit():
            return await AsyncHTTPClient().fetch(server.url + "/hit", raise_error=False)
'''
_LIMITER_TAIL = '''
    finally:
        await server.stop()
'''


def _limiter(body):
    return _LIMITER_HEAD + body + _LIMITER_TAIL


_FULL_LIMITER = '''
        for number in (1, 2, 3):
            response = await hit()
            assert response.code == 200, f"request {number} answered {response.code}"
        response = await hit()
        assert response.code == 429, f"request 4 answered {response.code}"
        retry = response.headers.get("Retry-After", "")
        assert retry.isdigit() and 1 <= int(retry) <= 60, f"Retry-After {retry!r}"
'''

_TIMEOUT_STEPS = '''
async def check_timeout(make_app):
    cancelled = []

    async def stuck():
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def quick():
        await asyncio.sleep(0.05)
        return "42.5"

    late = start_server(make_app(stuck, 0.1), name="check-timeout-late")
    in_time = start_server(make_app(quick, 1), name="check-timeout-in-time")
    try:
'''
_TIMEOUT_TAIL = '''
    finally:
        await late.stop()
        await in_time.stop()
'''


def _timeout(body, steps=_TIMEOUT_STEPS):
    return steps + body + _TIMEOUT_TAIL


_CONCURRENCY_HEAD = '''
async def check_concurrency(make_app):
    timeline = Timeline()
    server = start_server(make_app(timeline), name="check-concurrency")
    try:
'''
_CONCURRENCY_TAIL = '''
    finally:
        await server.stop()
'''


def _concurrency(body):
    return _CONCURRENCY_HEAD + body + _CONCURRENCY_TAIL


WRONG_ANSWERS = {
    "limiter-check": {
        # Makes the requests, asserts nothing: passes every limiter, the faulty ones too.
        "asserts-nothing": _limiter('''
        for _ in range(5):
            await hit()
        clock.advance(60)
        await hit()
'''),
        # Only status codes: a 429 without Retry-After passes.
        "only-status-codes": _limiter('''
        for number in (1, 2, 3):
            assert (await hit()).code == 200
        assert (await hit()).code == 429
        clock.advance(60)
        assert (await hit()).code == 200
'''),
        # "Refused" as "not 200": a 403 passes.
        "refused-is-not-200": _limiter('''
        for number in (1, 2, 3):
            assert (await hit()).code == 200
        response = await hit()
        assert response.code != 200, "the fourth request went through"
        assert response.headers.get("Retry-After", "").isdigit()
        clock.advance(60)
        assert (await hit()).code == 200
'''),
        # Checks the first request and the one past the limit, not the ones between: refusing the limit-th passes.
        "skips-the-middle": _limiter('''
        assert (await hit()).code == 200, "the first request was refused"
        await hit()
        await hit()
        response = await hit()
        assert response.code == 429
        assert response.headers.get("Retry-After", "").isdigit()
        clock.advance(60)
        assert (await hit()).code == 200
'''),
        # Never moves the clock: a limiter that ignores the clock it was given passes.
        "never-moves-the-clock": _limiter(_FULL_LIMITER),
        # Asserts the reference's bodies: fails a correct limiter that writes others.
        "asserts-the-body": _limiter('''
        for number in (1, 2, 3):
            response = await hit()
            assert response.code == 200
            assert json.loads(response.body) == {"remaining": 3 - number}, response.body
        response = await hit()
        assert response.code == 429
        assert response.headers.get("Retry-After", "").isdigit()
        clock.advance(60)
        assert (await hit()).code == 200
''').replace("async def check_rate_limiter", "import json\n\n\nasync def check_rate_limiter"),
        # Asserts one exact Retry-After: fails a correct limiter that always says 60 (also a valid answer).
        "exact-retry-after": _limiter(_FULL_LIMITER + '''
        clock.advance(59)
        response = await hit()
        assert response.code == 429 and response.headers.get("Retry-After") == "1", response.headers
        clock.advance(1)
        assert (await hit()).code == 200
'''),
    },
    "concurrency-check": {
        # One request after the other: never five at once, so it fails a correct service.
        "one-by-one": _concurrency('''
        for _ in range(5):
            code, _ = await fetch_json(server.url + "/work")
            assert code == 200
        assert timeline.peak("requests") == 5, f"peak {timeline.peak('requests')}"
'''),
        # Overlap of two "proves" concurrency: a bound of three passes.
        "peak-at-least-two": _concurrency('''
        answers = await asyncio.gather(*(fetch_json(server.url + "/work") for _ in range(5)))
        assert all(code == 200 for code, _ in answers)
        assert timeline.peak("requests") >= 2, "no overlap"
'''),
        # A stopwatch on top of the timeline: fails a correct service whose requests take 0.5 s.
        "stopwatch": _concurrency('''
        started = time.monotonic()
        answers = await asyncio.gather(*(fetch_json(server.url + "/work") for _ in range(5)))
        elapsed = time.monotonic() - started
        assert all(code == 200 for code, _ in answers)
        assert timeline.peak("requests") == 5
        assert elapsed < 0.4, f"five requests at once took {elapsed:.2f} s"
'''),
        # The peak only: a service that answers 503 to some passes.
        "ignores-the-statuses": _concurrency('''
        await asyncio.gather(*(fetch_json(server.url + "/work") for _ in range(5)))
        assert timeline.peak("requests") == 5, f"peak {timeline.peak('requests')}"
'''),
        # Counts answers on the client: five answers come back from a blocking service too.
        "counts-answers-not-overlap": _concurrency('''
        answers = await asyncio.gather(*(fetch_json(server.url + "/work") for _ in range(5)))
        assert [code for code, _ in answers] == [200] * 5
        assert len(answers) == 5, "not five answers"
'''),
        # Asserts nothing.
        "asserts-nothing": _concurrency('''
        await asyncio.gather(*(fetch_json(server.url + "/work") for _ in range(5)))
'''),
    },
    "timeout-check": {
        # Status codes only: a step left running, a plain-text error and a wrong body pass.
        "only-status-codes": _timeout('''
        code, _ = await fetch_json(late.url + "/quote")
        assert code == 504
        code, _ = await fetch_json(in_time.url + "/quote")
        assert code == 200
'''),
        # The in-time step returns at once: a service that reads timeout as milliseconds still answers it in time.
        "instant-step-for-in-time": _timeout('''
        code, body = await fetch_json(late.url + "/quote")
        assert code == 504 and isinstance(body, dict) and "error" in body, (code, body)
        assert cancelled == [True], "not cancelled"
        code, body = await fetch_json(in_time.url + "/quote")
        assert (code, body) == (200, {"quote": "42.5"}), (code, body)
''', steps=_TIMEOUT_STEPS.replace("await asyncio.sleep(0.05)\n", "")),
        # Tests only the late path: the in-time answers are never looked at.
        "never-tests-in-time": _timeout('''
        code, body = await fetch_json(late.url + "/quote")
        assert code == 504 and isinstance(body, dict) and "error" in body, (code, body)
        assert cancelled == [True], "not cancelled"
'''),
        # Asserts the reference's error text: fails a correct service with another.
        "exact-error-text": _timeout('''
        code, body = await fetch_json(late.url + "/quote")
        assert (code, body) == (504, {"error": "the quote took too long"}), (code, body)
        assert cancelled == [True], "not cancelled"
        code, body = await fetch_json(in_time.url + "/quote")
        assert (code, body) == (200, {"quote": "42.5"}), (code, body)
'''),
        # Never looks at the cancellation: a service that leaves the step running passes.
        "no-cancellation-check": _timeout('''
        code, body = await fetch_json(late.url + "/quote")
        assert code == 504 and isinstance(body, dict) and "error" in body, (code, body)
        code, body = await fetch_json(in_time.url + "/quote")
        assert (code, body) == (200, {"quote": "42.5"}), (code, body)
'''),
        # Accepts any 4xx or 5xx for the late step: the guide's 408 passes.
        "any-error-status": _timeout('''
        code, body = await fetch_json(late.url + "/quote")
        assert code >= 400 and isinstance(body, dict) and "error" in body, (code, body)
        assert cancelled == [True], "not cancelled"
        code, body = await fetch_json(in_time.url + "/quote")
        assert (code, body) == (200, {"quote": "42.5"}), (code, body)
'''),
    },
}

RIGHT_ANSWERS = {
    "limiter-check": {
        # A limit of 1, a request object of its own, and the window checked from the other side.
        "limit-of-one": '''
from tornado.httpclient import HTTPRequest


async def check_rate_limiter(make_app):
    fake = FakeClock(start=5000)
    app_server = start_server(make_app(1, fake), name="my-limiter-check")
    client = AsyncHTTPClient()
    try:
        async def status_and_retry():
            answer = await client.fetch(HTTPRequest(app_server.url + "/hit"), raise_error=False)
            return answer.code, answer.headers.get("Retry-After")

        first = await status_and_retry()
        assert first[0] == 200, f"the only allowed request got {first}"
        code, retry = await status_and_retry()
        assert code == 429, f"one past the limit got {code}"
        assert retry is not None and retry.strip().isdigit() and 0 < int(retry) <= 60, f"bad Retry-After {retry!r}"
        fake.advance(30)
        assert (await status_and_retry())[0] == 429, "allowed again after half the window"
        fake.advance(30)
        assert (await status_and_retry())[0] == 200, "still refused once the window passed"
    finally:
        await app_server.stop()
''',
    },
    "concurrency-check": {
        # Tasks and asyncio.wait; the overlap counted from the spans themselves.
        "tasks-and-spans": '''
async def check_concurrency(make_app):
    recorded = Timeline()
    srv = start_server(make_app(recorded), name="my-concurrency-check")
    try:
        tasks = [asyncio.ensure_future(fetch_json(srv.url + "/work")) for _ in range(5)]
        await asyncio.wait(tasks)
        statuses = sorted(t.result()[0] for t in tasks)
        assert statuses == [200, 200, 200, 200, 200], statuses
        spans = [s for s in recorded.spans if s.lane == "requests"]
        latest_start = max(s.start for s in spans)
        overlapping = sum(1 for s in spans if s.start <= latest_start < s.end)
        assert len(spans) == 5 and overlapping == 5, f"{overlapping} of {len(spans)} spans in progress together"
    finally:
        await srv.stop()
''',
    },
    "timeout-check": {
        # One flag-driven step per app, a Future nobody resolves, and asyncio.Event for the cancellation.
        "futures-and-flags": '''
async def check_timeout(make_app):
    was_cancelled = asyncio.Event()

    async def hangs():
        try:
            await asyncio.get_running_loop().create_future()
        finally:
            was_cancelled.set()

    async def a_bit_slow():
        await asyncio.sleep(0.03)
        return 7

    servers = [start_server(make_app(hangs, 0.05), name="mine-late"),
               start_server(make_app(a_bit_slow, 2), name="mine-in-time")]
    try:
        status, payload = await fetch_json(servers[0].url + "/quote")
        assert status == 504, status
        assert type(payload) is dict and payload.get("error"), payload
        assert was_cancelled.is_set(), "step still running when the 504 came"
        status, payload = await fetch_json(servers[1].url + "/quote")
        assert status == 200 and payload == {"quote": 7}, (status, payload)
    finally:
        for s in servers:
            await s.stop()
''',
    },
}
