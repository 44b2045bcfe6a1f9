"""The helper package every lesson uses: servers, the JSON client, the in-flight counter."""
import asyncio
import logging

import pytest
import tornado.web

from tornado_course import InFlight, fetch_json, start_server, stop_all_servers


def run(coro, timeout=20):
    """Run a test coroutine in a fresh loop, with a bound on how long it may take."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


class Hello(tornado.web.RequestHandler):
    def get(self):
        self.write({"hello": "world"})


def hello_app():
    return tornado.web.Application([(r"/", Hello)])


def test_start_server_serves_on_loopback_and_a_free_port():
    async def scenario():
        server = start_server(hello_app(), name="t-basic")
        try:
            assert server.url.startswith("http://127.0.0.1:") and server.port > 0
            assert await fetch_json(server.url + "/") == (200, {"hello": "world"})
        finally:
            await server.stop()

    run(scenario())


def test_starting_again_under_the_same_name_replaces_the_old_server():
    async def scenario():
        first = start_server(hello_app(), name="t-rerun")
        second = start_server(hello_app(), name="t-rerun")
        try:
            assert first.port != second.port
            code, _ = await fetch_json(first.url + "/")
            assert code == 599, "the first server should no longer accept connections"
            assert await fetch_json(second.url + "/") == (200, {"hello": "world"})
        finally:
            await stop_all_servers()

    run(scenario())


def test_stop_closes_open_connections_and_refuses_new_ones():
    async def scenario():
        server = start_server(hello_app(), name="t-stop")
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await asyncio.wait_for(reader.readuntil(b"}"), 5)
        await server.stop()
        assert await asyncio.wait_for(reader.read(), 5) == b"", "the open connection should be closed by stop()"
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", server.port)
        writer.close()

    run(scenario())


def test_stop_all_servers_stops_every_named_server():
    async def scenario():
        servers = [start_server(hello_app(), name=f"t-all-{i}") for i in range(3)]
        await stop_all_servers()
        for server in servers:
            assert (await fetch_json(server.url + "/"))[0] == 599

    run(scenario())


def test_start_server_without_a_running_loop_says_what_to_do():
    with pytest.raises(RuntimeError, match="needs a running event loop"):
        start_server(hello_app())


def test_server_warnings_go_to_stdout_not_stderr(capsys):
    async def scenario():
        server = start_server(hello_app(), name="t-log")
        try:
            assert (await fetch_json(server.url + "/missing"))[0] == 404
        finally:
            await server.stop()

    run(scenario())
    out, err = capsys.readouterr()
    assert "404 GET /missing" in out
    assert err == "", "nbgrader fails a test cell that writes to stderr"
    assert logging.getLogger("tornado").propagate is False


def test_any_logger_writes_to_the_cell_output_not_stderr(capsys):
    """A student's module logger, with no configuration of its own: without the course's handler, Python's
    last-resort handler would write it to stderr, which nbgrader scores as a failed test cell."""
    import tornado_course

    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = []  # as in a kernel: the root logger has no handler (pytest gives it its own)
    try:
        tornado_course.show_logs_in_cell_output()
        tornado_course.show_logs_in_cell_output()  # twice: still one handler, one line
        logging.getLogger("shop.users").warning("email %s already taken", "ada@example.com")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("shop").exception("the heartbeat failed")
    finally:
        root.handlers = saved
    out, err = capsys.readouterr()
    assert err == "", f"a logged warning reached stderr: {err!r}"
    assert out.count("WARNING shop.users: email ada@example.com already taken") == 1, out
    assert "ERROR shop: the heartbeat failed" in out and "ValueError: boom" in out, out


def test_logging_the_notebook_configured_itself_is_kept_and_never_doubled(capsys):
    import sys

    import tornado_course

    root = logging.getLogger()
    saved = root.handlers[:]
    own = logging.StreamHandler(sys.stdout)
    try:
        root.handlers = [own]  # as logging.basicConfig(handlers=[...], force=True) in a lesson leaves it
        tornado_course.show_logs_in_cell_output()
        assert root.handlers == [own]
        logging.getLogger("shop").warning("once")
        assert capsys.readouterr().out.count("once") == 1
    finally:
        root.handlers = saved


def test_fetch_json_sends_json_and_reports_no_answer_as_599():
    class Echo(tornado.web.RequestHandler):
        def post(self):
            self.write({"type": self.request.headers["Content-Type"], "body": self.request.body.decode()})

    async def scenario():
        server = start_server(tornado.web.Application([(r"/echo", Echo)]), name="t-echo")
        try:
            code, data = await fetch_json(server.url + "/echo", method="POST", body={"a": 1})
            assert code == 200 and data == {"type": "application/json", "body": '{"a": 1}'}
            assert await fetch_json(server.url + "/nope", method="POST", body="x") == (
                404, "<html><title>404: Not Found</title><body>404: Not Found</body></html>")
        finally:
            await server.stop()
        code, error = await fetch_json(server.url + "/echo")
        assert code == 599 and error.startswith("refused:") and "ConnectionRefusedError" in error, error

    run(scenario())


def test_fetch_json_with_headers_gives_the_response_headers_and_none_for_no_answer():
    class Limited(tornado.web.RequestHandler):
        def get(self):
            self.set_status(429)
            self.set_header("Retry-After", "7")
            self.write({"error": "too many requests"})

    async def scenario():
        server = start_server(tornado.web.Application([(r"/", Limited)]), name="t-headers")
        try:
            code, data, headers = await fetch_json(server.url + "/", with_headers=True)
            assert (code, data, headers.get("Retry-After")) == (429, {"error": "too many requests"}, "7")
        finally:
            await server.stop()
        code, error, headers = await fetch_json(server.url + "/", with_headers=True)
        assert code == 599 and error.startswith("refused:") and dict(headers) == {}, (code, error, headers)

    run(scenario())


def test_fetch_json_tells_a_timeout_from_a_refused_connection():
    class Stalls(tornado.web.RequestHandler):
        async def get(self):
            await released.wait()

    async def scenario():
        server = start_server(tornado.web.Application([(r"/", Stalls)]), name="t-stalls")
        try:
            code, error = await fetch_json(server.url + "/", timeout=0.2)
            assert code == 599 and error.startswith("timed out: no answer within 0.2 s"), error
        finally:
            released.set()
            await server.stop()

    released = asyncio.Event()
    run(scenario())


def test_in_flight_counts_the_peak_of_concurrent_work():
    seen = InFlight()

    async def work():
        async with seen:
            await asyncio.sleep(0.05)

    async def scenario():
        await asyncio.gather(*(work() for _ in range(4)))
        assert (seen.peak, seen.current, seen.total) == (4, 0, 4)
        seen.reset()
        for _ in range(3):
            await work()
        assert (seen.peak, seen.total) == (1, 3)

    run(scenario())
