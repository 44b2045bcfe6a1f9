"""tornado_course.testing: waiting with a bound, a clock that moves when told, recorded logs, JSON error answers."""
import asyncio
import logging

import pytest
import tornado.web
from tornado.httpclient import AsyncHTTPClient

from tornado_course import fetch_json, start_server
from tornado_course.testing import FakeClock, JsonHandler, RecordedLogs, recorded_logs, wait_until, within


def run(coro, timeout=10):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def test_wait_until_is_true_as_soon_as_the_condition_holds_and_false_after_the_timeout():
    async def scenario():
        flag = asyncio.Event()
        asyncio.get_running_loop().call_later(0.05, flag.set)
        assert await wait_until(flag.is_set, timeout=5)
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert not await wait_until(lambda: False, timeout=0.1)
        assert loop.time() - started < 5, "it waited far past its timeout"

    run(scenario())


def test_within_names_what_did_not_finish_and_lets_the_awaitables_own_errors_through():
    async def never():
        await asyncio.Event().wait()

    async def own_timeout():
        raise TimeoutError("the upstream timed out")

    async def scenario():
        assert await within(asyncio.sleep(0, result=7), seconds=1) == 7
        with pytest.raises(AssertionError, match="stop\\(\\) did not finish within 0.1 s"):
            await within(never(), seconds=0.1, what="stop()")
        with pytest.raises(TimeoutError, match="the upstream timed out"):
            await within(own_timeout(), seconds=1)

    run(scenario())


def test_the_fake_clock_moves_only_when_told_and_never_back():
    clock = FakeClock()
    assert clock() == 1000.0 and clock() == 1000.0
    clock.advance(60)
    assert clock() == 1060.0
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_recorded_logs_keeps_the_records_of_the_block_with_their_traceback_and_puts_the_level_back():
    logger = logging.getLogger("t-jobs")
    logger.setLevel(logging.WARNING)
    with recorded_logs("t-jobs") as records:
        logger.info("a job started")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("a job failed")
    logger.warning("after the block")
    assert [r.getMessage() for r in records] == ["a job started", "a job failed"]
    assert records[1].exc_info[0] is ValueError
    assert logger.level == logging.WARNING and not any(
        type(h).__name__ == "RecordedLogs" for h in logger.handlers)


def test_recorded_logs_not_shown_keeps_the_records_from_the_root_handlers_and_puts_propagation_back():
    printed = RecordedLogs()
    logging.getLogger().addHandler(printed)
    try:
        with recorded_logs("t-prices", level=logging.WARNING, shown=False) as records:
            logging.getLogger("t-prices.lookups").warning("price of TEA: timeout")
        logging.getLogger("t-prices").warning("after the block")
    finally:
        logging.getLogger().removeHandler(printed)
    assert [r.getMessage() for r in records] == ["price of TEA: timeout"]
    assert [r.getMessage() for r in printed.records] == ["after the block"]
    assert logging.getLogger("t-prices").propagate


def test_json_handler_answers_errors_as_json_with_the_reason_and_never_an_exceptions_text():
    class Items(JsonHandler):
        def get(self, what):
            if what == "missing":
                raise tornado.web.HTTPError(404, reason=f"no item {self.get_query_argument('as', 'missing')!r}")
            if what == "plain":
                raise tornado.web.HTTPError(403)
            raise RuntimeError("password=hunter2 in the connection string")

    async def scenario():
        server = start_server(tornado.web.Application([(r"/items/(\w+)", Items)]), name="t-json-handler")
        try:
            assert await fetch_json(server.url + "/items/missing") == (404, {"error": "no item 'missing'"})
            assert await fetch_json(server.url + "/items/plain") == (403, {"error": "Forbidden"})
            assert await fetch_json(server.url + "/items/crash") == (500, {"error": "Internal Server Error"})
            for asked in ["caf%C3%A9", "a%0D%0AX-Injected:%201", "x" * 3000]:  # a reason quoting the client
                response = await AsyncHTTPClient().fetch(f"{server.url}/items/missing?as={asked}", raise_error=False)
                assert (response.code, response.reason) == (404, "Not Found"), (response.code, response.reason)
                assert "X-Injected" not in response.headers
        finally:
            await server.stop()

    run(scenario())


def test_wait_until_awaits_a_coroutine_condition():
    async def scenario():
        checks = []

        async def third_time():
            checks.append(1)
            await asyncio.sleep(0)
            return len(checks) >= 3

        assert await wait_until(third_time, timeout=5, interval=0)
        assert len(checks) == 3

        async def never():
            return False

        assert not await wait_until(never, timeout=0.05)

    asyncio.run(scenario())


def test_within_reports_work_cancelled_by_something_else():
    async def scenario():
        async def cancels_itself():
            asyncio.current_task().cancel()
            await asyncio.sleep(1)

        with pytest.raises(AssertionError, match="stop\\(\\) was cancelled before it finished"):
            await within(cancels_itself(), seconds=1, what="stop()")

    asyncio.run(scenario())
