"""``checking``: a failing check reports and the notebook goes on, except under nbgrader, where it raises."""
import asyncio

import pytest
import tornado.web

from autograder.execute import CHECK_FAILED
from tornado_course import checking, fetch_json, start_server
from tornado_course.checks import FAILED, PASSED


@pytest.fixture
def student(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def test_a_failed_check_reports_its_message_and_the_cell_goes_on(student, capsys):
    after = []
    with checking("Exercise 1"):
        assert 1 + 1 == 3, "1 + 1 answered 2, expected 3"
        after.append("not reached")
    after.append("the next statement")
    out = capsys.readouterr().out
    assert out.startswith(f"{FAILED} Exercise 1: 1 + 1 answered 2, expected 3\n"), out
    assert "did not run" in out and after == ["the next statement"]


def test_passing_checks_say_so(student, capsys):
    with checking("Exercise 2"):
        assert True
    assert capsys.readouterr().out == f"{PASSED} Exercise 2\n"


def test_an_error_that_is_not_an_assertion_is_named_with_where_it_was_raised(student, capsys):
    def handler():
        raise NotImplementedError("write GreetingHandler.get")

    with checking("Exercise 1"):
        handler()
    out = capsys.readouterr().out
    assert f"{FAILED} Exercise 1: NotImplementedError: write GreetingHandler.get (in handler, line" in out, out


def test_code_not_written_yet_is_said_so(student, capsys):
    def handler():
        raise NotImplementedError()  # nbgrader's stub

    with checking("Exercise 2"):
        handler()
    out = capsys.readouterr().out
    assert f"{FAILED} Exercise 2: not written yet: NotImplementedError (in handler, line" in out, out
    assert "replace `raise NotImplementedError()` with your code" in out


def check_greeting_served_by(handler_class, capsys) -> str:
    """Run a check of GET /greet against a real server of ``handler_class``; what the check printed."""
    async def scenario():
        server = start_server(tornado.web.Application([(r"/greet", handler_class)]), name="t-greet")
        try:
            with checking("Exercise 1"):
                code, _ = await fetch_json(server.url + "/greet")
                assert code == 200, f"GET /greet answered status {code}, expected 200"
        finally:
            await server.stop()

    asyncio.run(asyncio.wait_for(scenario(), 10))
    return capsys.readouterr().out


def test_a_stub_the_server_ran_is_said_not_written_yet_with_what_the_check_saw(student, capsys):
    class GreetingHandler(tornado.web.RequestHandler):
        def get(self):
            raise NotImplementedError()  # nbgrader's stub, run by the server: the check sees a 500

    out = check_greeting_served_by(GreetingHandler, capsys)
    assert (f"{FAILED} Exercise 1: not written yet: the server ran code that raised NotImplementedError (in get, line"
            in out), out
    assert "(the check said: GET /greet answered status 500, expected 200" in out, out


def test_a_server_error_that_is_not_a_stub_is_reported_as_the_check_saw_it(student, capsys):
    class GreetingHandler(tornado.web.RequestHandler):
        def get(self):
            raise NotImplementedError("a method this handler does not support")  # written, not a stub

    out = check_greeting_served_by(GreetingHandler, capsys)
    assert f"{FAILED} Exercise 1: GET /greet answered status 500, expected 200" in out, out
    assert "not written yet" not in out, out


def test_under_nbgrader_a_failed_check_raises(nbgrader, capsys):
    with pytest.raises(AssertionError, match="expected 3"):
        with checking("Exercise 1"):
            assert 1 + 1 == 3, "expected 3"
    assert FAILED not in capsys.readouterr().out


def test_an_interrupt_or_a_cancellation_is_never_swallowed(student):
    with pytest.raises(KeyboardInterrupt):
        with checking("Exercise 1"):
            raise KeyboardInterrupt
    with pytest.raises(asyncio.CancelledError):
        with checking("Exercise 1"):
            raise asyncio.CancelledError


def test_async_with_works_too(student, capsys):
    async def cell():
        async with checking("Exercise 3"):
            await asyncio.sleep(0)
            assert False, "the worker never stopped"

    asyncio.run(cell())
    assert f"{FAILED} Exercise 3: the worker never stopped" in capsys.readouterr().out


def test_the_grader_looks_for_the_report_the_helper_prints():
    assert CHECK_FAILED == FAILED
