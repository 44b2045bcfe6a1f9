"""The capstone's infrastructure (tornado_course.capstone): the price upstream, the JSON client with headers, the
load generator, and what-is-left-behind probes."""
import asyncio
import time

import tornado.web
from tornado.httpclient import AsyncHTTPClient

from tornado_course import start_server, stop_all_servers
from tornado_course.capstone import (PriceUpstream, load_test, refusing_url, request_json, running_tasks)


def run(coro, timeout=30):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def test_the_upstream_answers_prices_errors_and_counts_every_fetch():
    async def scenario():
        upstream = PriceUpstream(name="t-capstone-up").start()
        try:
            answers = {s: (await request_json(f"{upstream.url}/prices/{s}"))[:2] for s in ["TEA", "FREE", "BROKEN", "NOPE"]}
            assert answers["TEA"] == (200, {"symbol": "TEA", "price": 4.5})
            assert answers["FREE"] == (200, {"symbol": "FREE", "price": 0.0})
            assert answers["BROKEN"][0] == 500 and answers["NOPE"][0] == 404
            assert upstream.fetches == {"TEA": 1, "FREE": 1, "BROKEN": 1, "NOPE": 1}
            code, body, _ = await request_json(f"{upstream.url}/prices/SLOW", timeout=0.3)
            assert code == 599 and "Timeout" in body
            assert upstream.seen.total == 5
            assert await _wait(lambda: upstream.seen.current == 0, 2), "a fetch whose client hung up went on"
            upstream.reset()
            assert upstream.fetches == {} and upstream.seen.peak == 0
        finally:
            await upstream.stop()

    run(scenario())


async def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


def test_a_held_symbol_waits_inside_the_upstream_until_its_gate_is_set():
    async def scenario():
        upstream = PriceUpstream(name="t-capstone-hold").start()
        try:
            with upstream.holding("MILK") as gate:
                calls = [asyncio.ensure_future(request_json(f"{upstream.url}/prices/MILK")) for _ in range(3)]
                assert await _wait(lambda: upstream.seen.current == 3, 3), "the held fetches did not all arrive"
                await asyncio.sleep(0.2)
                assert not any(call.done() for call in calls), "a held fetch answered before its gate was set"
                gate.set()
                answers = await asyncio.gather(*calls)
            assert [a[:2] for a in answers] == [(200, {"symbol": "MILK", "price": 1.2})] * 3
            assert upstream.gates == {}, "leaving the block ends the hold"
            with upstream.holding("TEA"):
                call = asyncio.ensure_future(request_json(f"{upstream.url}/prices/TEA"))
                assert await _wait(lambda: upstream.fetches["TEA"] == 1, 3)
            assert (await call)[0] == 200, "leaving the block releases the held fetches"
        finally:
            await upstream.stop()

    run(scenario())


def test_request_json_returns_headers_and_a_599_for_a_refused_connection():
    class Created(tornado.web.RequestHandler):
        def post(self):
            self.set_status(202)
            self.set_header("Location", "/things/1")
            self.write({"got": self.request.body.decode()})

    async def scenario():
        server = start_server(tornado.web.Application([(r"/things", Created)]), name="t-capstone-json")
        try:
            code, body, headers = await request_json(server.url + "/things", "POST", {"a": 1})
            assert (code, body, headers.get("Location")) == (202, {"got": '{"a": 1}'}, "/things/1")
            code, body, headers = await request_json(refusing_url() + "/x", timeout=1)
            assert code == 599 and "Connection refused" in body and headers == {}
            assert refusing_url() == refusing_url()
        finally:
            await stop_all_servers()

    run(scenario())


def test_load_test_runs_its_clients_at_once_and_measures_every_request():
    seen = {"now": 0, "peak": 0}

    class Work(tornado.web.RequestHandler):
        async def get(self):
            seen["now"] += 1
            seen["peak"] = max(seen["peak"], seen["now"])
            await asyncio.sleep(0.05)
            seen["now"] -= 1
            self.write({})

    async def scenario():
        server = start_server(tornado.web.Application([(r"/", Work)]), name="t-capstone-load")
        try:
            result = await load_test(server.url + "/", clients=4, requests=10)
            assert result.codes == {200: 10} and len(result.latencies) == 10 and result.clients == 4
            assert all(latency >= 0.05 for latency in result.latencies)
            assert seen["peak"] == 4, "four clients at once, each one request at a time"
            assert 0 < result.throughput <= 4 / 0.05, "at most (clients / the work's seconds) per second"
            seen["peak"] = 0
            shared = await load_test(server.url + "/", clients=20, requests=20, client=AsyncHTTPClient())
            assert shared.codes == {200: 20} and seen["peak"] <= 10, "the shared client runs at most 10 at once"
        finally:
            await server.stop()

    run(scenario())


def test_running_tasks_names_the_unfinished_tasks_with_a_prefix():
    async def scenario():
        task = asyncio.create_task(asyncio.sleep(5), name="t-left-1")
        done = asyncio.create_task(asyncio.sleep(0), name="t-left-2")
        await done
        assert running_tasks("t-left-") == ["t-left-1"]
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert running_tasks("t-left-") == []

    run(scenario())
