"""A short way to call a lesson's server and look at its answer."""
from __future__ import annotations

import json

from tornado.httpclient import AsyncHTTPClient, HTTPClientError


async def fetch_json(url: str, method: str = "GET", body=None, headers: dict | None = None,
                     timeout: float = 5.0) -> tuple[int, object]:
    """Request ``url``; return ``(status code, body)`` and never raise on an HTTP error.

    The body is parsed JSON when it is JSON, else the text. A ``body`` that is
    not ``str`` or ``bytes`` is sent as JSON. Code 599 means no HTTP answer at
    all (connection refused, or no answer within ``timeout`` seconds)::

        code, data = await fetch_json(server.url + "/greet?name=Ada")
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
    except (OSError, HTTPClientError) as error:  # refused, reset, or timed out: no HTTP answer
        return 599, f"{type(error).__name__}: {error}"
    text = response.body.decode("utf-8", errors="replace") if response.body else ""
    try:
        return response.code, json.loads(text)
    except ValueError:
        return response.code, text
