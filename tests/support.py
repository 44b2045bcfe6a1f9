"""Code the tests share: `make lab` started and stopped, repo2docker's dry run with what it must show, and an empty
PostgreSQL gradebook on the embedded server.

Test modules import it as `support` (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

import collections
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

URL = r"(http://127\.0\.0\.1:\d+)/\S*\?token=(\w+)"


def listening(base: str) -> bool:
    host, port = base.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def make_lab(cwd: Path, env: dict | None = None, timeout: float = 180):
    """Run `make lab` in ``cwd`` (in a process group of its own); yield (base URL, token) once it has printed
    its URL and accepts connections there (Jupyter prints the URL just before it listens).

    It gets a free port of its own (JUPYTER_PORT, no retries: never another server's 8888). Fails the test with
    the end of the output if no URL comes within ``timeout`` seconds. The output is read on a thread all along
    (so the server never blocks on a full pipe) and printed if the test fails; the group is killed at the end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BROWSER": "true", "JUPYTER_PORT": str(port), "JUPYTER_PORT_RETRIES": "0", **(env or {})}
    proc = subprocess.Popen(["make", "lab"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env=env)
    seen: collections.deque[str] = collections.deque(maxlen=200)
    printed = threading.Event()

    def read() -> None:
        for raw in proc.stdout:
            seen.append(raw.decode(errors="replace"))
            if re.search(URL, seen[-1]):
                printed.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        while not printed.wait(0.2) and proc.poll() is None and time.monotonic() < deadline:
            pass
        found = next((m for m in map(re.compile(URL).search, list(seen)) if m), None)
        while found and proc.poll() is None and time.monotonic() < deadline and not listening(found.group(1)):
            time.sleep(0.1)
        if found is None or not listening(found.group(1)):
            pytest.fail(f"`make lab` in {cwd} printed no URL that answers within {timeout} s:\n"
                        + "".join(list(seen)[-40:]))
        try:
            yield found.groups()
        except BaseException:
            print(f"`make lab` in {cwd} printed:\n" + "".join(seen))
            raise
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        reader.join(10)


def repo2docker_dry_run(repo: Path) -> str:
    """repo2docker's dry run of ``repo``: the Dockerfile it would build and its log (no Docker needed)."""
    repo2docker = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    done = subprocess.run([repo2docker, "--no-build", "--debug", str(repo)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def assert_builds_python_3_11_from_binder_environment_yml(dockerfile: str) -> None:
    assert "Building conda environment for python=3.11" in dockerfile
    assert '--file "binder/environment.yml"' in dockerfile


def assert_runs_post_build_and_uses_start(dockerfile: str) -> None:
    assert "RUN ./binder/postBuild" in dockerfile
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile


def gradebook_database() -> str:
    """An empty database on the embedded server: a postgresql:// URL (the grader picks the psycopg2 driver;
    autograder.grading.sqlalchemy_url gives what nbgrader itself takes)."""
    import psycopg2

    from tornado_course.database import database_url

    server = database_url()
    name = f"gradebook_{os.getpid()}_{time.monotonic_ns()}"
    admin = psycopg2.connect(server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))
