"""The lessons' PostgreSQL: embedded by default, DATABASE_URL when set, quiet, stopped at exit."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

# Starts the embedded server, queries it through aiopg, prints what it used.
SCRIPT = """
import asyncio, json, os
import aiopg
import tornado_course.database as db

async def main():
    url = db.database_url()
    async with aiopg.create_pool(url, timeout=10) as pool:
        async with pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT 40 + %s", (2,))
                (answer,) = await cur.fetchone()
    print(json.dumps({"url": url, "answer": answer, "embedded": db._server is not None, "uid": os.geteuid()}))

asyncio.run(main())
"""


def run_script(env_changes=None, prefix=()):
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "DATABASE_URL")}
    env.update(env_changes or {})
    done = subprocess.run([*prefix, sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"the script failed:\n{done.stderr}"
    return json.loads(done.stdout), done.stderr


def socket_dir(url: str) -> Path:
    return Path(url.split("host=")[1].split("&")[0])


def assert_stopped_and_removed(url):
    folder = socket_dir(url)
    assert not folder.exists(), f"{folder} should be deleted when the process exits"
    leftovers = [p.pid for p in psutil.process_iter(["name", "cmdline"])
                 if p.info["name"] == "postgres" and str(folder) in " ".join(p.info["cmdline"] or [])]
    assert not leftovers, f"postgres processes left running for {folder}: {leftovers}"


def test_embedded_postgres_starts_quietly_answers_and_stops_at_exit():
    result, stderr = run_script()
    assert result["answer"] == 42 and result["embedded"]
    assert stderr == "", f"nothing may reach a notebook's stderr, got: {stderr!r}"
    assert_stopped_and_removed(result["url"])


@pytest.mark.skipif(os.geteuid() != 0, reason="already running as an ordinary user: the test above covers it")
def test_embedded_postgres_as_an_ordinary_user():
    """Binder runs as `jovyan`; a user namespace gives this process an ordinary uid (1000)."""
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "--user", "--map-user=1000", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare --user is not available here, so no ordinary uid can be had")
    result, stderr = run_script(prefix=("unshare", "--user", "--map-user=1000", "--map-group=1000"))
    assert result["uid"] == 1000 and result["answer"] == 42 and result["embedded"]
    assert stderr == "", f"nothing may reach a notebook's stderr, got: {stderr!r}"
    assert_stopped_and_removed(result["url"])


def test_database_url_is_used_when_set(monkeypatch):
    import tornado_course.database as db

    monkeypatch.delenv("DATABASE_URL", raising=False)
    try:  # a server of this process's own stands for "any other server"
        url = db.database_url()
        result, _ = run_script({"DATABASE_URL": url})
        assert result == {"url": url, "answer": 42, "embedded": False, "uid": os.geteuid()}
    finally:
        db.stop_database()
    assert_stopped_and_removed(url)


FRESH_SCRIPT = """
import json, psycopg2
from tornado_course import fresh_database
first, second = fresh_database("case"), fresh_database("case")
with psycopg2.connect(first) as conn, conn.cursor() as cur:
    cur.execute("CREATE TABLE only_here (x int)")
with psycopg2.connect(second) as conn, conn.cursor() as cur:
    cur.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")
    (seen,) = cur.fetchone()
names = [psycopg2.connect(d).info.dbname for d in (first, second)]
print(json.dumps({"names": names, "seen_in_second": seen}))
"""


def test_fresh_databases_are_separate_and_dropped_at_exit(monkeypatch):
    import psycopg2
    import tornado_course.database as db

    monkeypatch.delenv("DATABASE_URL", raising=False)
    try:
        url = db.database_url()
        done = subprocess.run([sys.executable, "-c", FRESH_SCRIPT], env={**os.environ, "DATABASE_URL": url},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        result = json.loads(done.stdout)
        assert len(set(result["names"])) == 2 and result["seen_in_second"] == 0, result
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (result["names"],))
            assert cur.fetchall() == [], "databases made by fresh_database() must be dropped when the process exits"
    finally:
        db.stop_database()
