"""A short way to call a lesson's server and look at its answer."""
from __future__ import annotations

import json

from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.httputil import HTTPHeaders
from tornado.simple_httpclient import HTTPTimeoutError


async def fetch_json(url: str, method: str = "GET", body=None, headers: dict | None = None,
                     timeout: float = 5.0, with_headers: bool = False) -> tuple:
    """Request ``url``; return ``(status code, body)`` and never raise on an HTTP error.
    ``with_headers=True`` returns ``(status code, body, response headers)`` (no headers for a 599)::

        code, body, headers = await fetch_json(server.url + "/report", with_headers=True)
        headers.get("Retry-After")

    The body is parsed JSON when it is JSON, else the text. A ``body`` that is
    not ``str`` or ``bytes`` is sent as JSON. Code 599 is Tornado's label for
    *no HTTP answer at all*, never a status a server sent; the text then says
    which of the two it was, as lesson 03 teaches to tell them apart::

        code, data = await fetch_json(server.url + "/greet?name=Ada")
        # (599, "refused: nothing accepted the connection (ConnectionRefusedError: ...)")
        # (599, "timed out: no answer within 5.0 s (HTTPTimeoutError: Timeout during request)")

    ``timeout`` (5 s unless given) bounds both connecting and the whole request,
    so a cell never waits for ever; Tornado's own default would be 20 s.
    """
    if body is not None and not isinstance(body, (str, bytes)):
        body = json.dumps(body)
        headers = {"Content-Type": "application/json", **(headers or {})}
    try:
        response = await AsyncHTTPClient().fetch(
            url, method=method, body=body, headers=headers, raise_error=False,
            connect_timeout=timeout, request_timeout=timeout,
            allow_nonstandard_methods=True,
        )
    except HTTPTimeoutError as error:
        code, data, got = 599, f"timed out: no answer within {timeout} s ({type(error).__name__}: {error})", HTTPHeaders()
    except (OSError, HTTPClientError) as error:  # refused, reset, unreachable: no HTTP answer either
        cause = "refused: nothing accepted the connection" if isinstance(error, ConnectionRefusedError) \
            else "no answer: the connection failed"
        code, data, got = 599, f"{cause} ({type(error).__name__}: {error})", HTTPHeaders()
    else:
        code, got = response.code, response.headers
        data = response.body.decode("utf-8", errors="replace") if response.body else ""
        try:
            data = json.loads(data)
        except ValueError:
            pass
    return (code, data, got) if with_headers else (code, data)
