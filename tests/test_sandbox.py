"""Grading a class that contains hostile or broken submissions: each is contained, gets
the marks it earned before its fault, and every other student's grade is unchanged."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from autograder import sandbox, submissions
from autograder.grading import GradingRun

pytestmark = pytest.mark.skipif(sandbox.available() is not None, reason=f"no sandbox here: {sandbox.available()}")

LESSON = "00-tornado-in-jupyter"
MARKER = "301.25"  # `sleep 301.25`: stray processes a submission tries to leave behind
REPO_FILE = Path(__file__).resolve().parent.parent / "tornado_course" / "__init__.py"

# Each replaces the last exercise's solution cell (stop-server), after exercises 1 and 2 have earned their points.
HOSTILE = {
    "hangs": "while True:\n    pass",
    "kills-its-kernel": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    "exits-the-interpreter": "import os\nos._exit(3)",
    "forks": f"""
import os, subprocess
children = []
try:
    for _ in range(2000):
        children.append(subprocess.Popen(["sleep", "{MARKER}"]))
except OSError as error:
    print("stopped after", len(children), "processes:", type(error).__name__)
if os.fork() == 0:  # a daemon that outlives the kernel, if it can
    os.setsid()
    os.execvp("sleep", ["sleep", "{MARKER}"])
""",
    "eats-memory": "hoard = bytearray(16 * 1024 ** 3)",
    "squats-ports": """
import socket
squatted = []
for port in range(20000, 20200):
    s = socket.socket()
    s.bind(("127.0.0.1", port))
    s.listen()
    squatted.append(s)
print("squatting", len(squatted), "ports")
""",
    "floods-output": "for _ in range(200_000):\n    print('x' * 200)",
    "tampers-with-files": f"""
import glob, os, socket
attempts = {{}}
for path in ["{REPO_FILE}", "/work", "/root"]:
    try:
        with open(path if path.endswith(".py") else os.path.join(path, "owned.txt"), "a") as f:
            f.write("# owned")
        attempts[path] = "WROTE"
    except OSError as error:
        attempts[path] = type(error).__name__
roots = ["/work", "/root", "/home", "/tmp", "/srv", "/var", "/opt"]
found = lambda pattern: [p for root in roots for p in glob.glob(root + pattern, recursive=True)][:3]
attempts["solutions"] = found("/**/solutions/*/*.ipynb")
attempts["gradebook"] = found("/**/gradebook.db")
attempts["submissions"] = found("/**/submitted/*/*")
try:
    socket.create_connection(("192.0.2.1", 80), timeout=2)
    attempts["network"] = "CONNECTED"
except OSError as error:
    attempts["network"] = type(error).__name__
print(attempts)
async def stop_server(server):
    server.stop()
    await server.close_all_connections()
""",
}


def stray_processes():
    return [p.pid for p in psutil.process_iter(["cmdline"]) if MARKER in " ".join(p.info["cmdline"] or [])]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    reference = submissions.reference_answers(LESSON)
    students = {"honest": reference,
                "partial": {**reference, "report-handler": "report_seen = InFlight()\nReportHandler = None"}}
    students.update({name: {**reference, "stop-server": code.strip()} for name, code in HOSTILE.items()})
    for student, answers in students.items():
        submissions.write(submissions.submission(LESSON, answers), work / "submitted", student, LESSON)
    before = hashlib.sha256(REPO_FILE.read_bytes()).hexdigest()
    done = subprocess.run([sys.executable, "-m", "autograder.grading", str(work / "submitted"), "--out",
                           str(work / "graded"), "--workers", "4", "--cell-timeout", "10", "--notebook-timeout", "90"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    return GradingRun(work / "graded"), work, before, done.stdout


def scores(run, student):
    return run.cell_scores(student, LESSON)


def test_honest_students_get_exactly_their_grades(graded):
    run, *_ = graded
    full = submissions.points(LESSON)
    assert scores(run, "honest") == full
    assert scores(run, "partial") == {**full, "test-report-handler": 0.0}


@pytest.mark.parametrize("student", ["hangs", "kills-its-kernel", "exits-the-interpreter", "eats-memory"])
def test_a_fault_costs_only_what_comes_after_it(graded, student):
    run, _, _, output = graded
    full = submissions.points(LESSON)
    assert scores(run, student) == {**full, "test-stop-server": 0.0}, output


@pytest.mark.parametrize("student, reason", [("hangs", "longer than 10 s"), ("kills-its-kernel", "kernel died"),
                                             ("exits-the-interpreter", "kernel died"),
                                             ("floods-output", "characters of output")])
def test_the_summary_and_feedback_say_what_happened(graded, student, reason):
    run, work, _, output = graded
    problems = {(r["student"]): r["problem"] for r in map(json.loads, (work / "graded" / "progress.jsonl").open())}
    assert reason in (problems[student] or ""), problems[student]
    assert f"{student} / {LESSON}" in output
    if student != "floods-output":
        [html] = run.feedback_html(student, LESSON)
        assert ("GradingStopped" in html.read_text() or "CellTimeoutError" in html.read_text())


def test_forks_are_limited_and_killed(graded):
    run, *_ = graded
    assert stray_processes() == [], "processes started by a submission outlived its grading"
    assert scores(run, "forks")["test-greeting-handler"] == 2.0


def test_files_outside_the_sandbox_are_untouched_and_unseen(graded):
    run, work, before, _ = graded
    assert hashlib.sha256(REPO_FILE.read_bytes()).hexdigest() == before
    nb = json.loads(next((work / "graded" / "autograded" / "tampers-with-files" / LESSON).glob("*.ipynb")).read_text())
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                      for o in c.get("outputs", []))
    attempts = eval(next(line for line in printed.splitlines() if line.startswith("{")))  # the dict it printed
    assert attempts[str(REPO_FILE)] != "WROTE", "the course's own files must be read-only to a submission"
    for folder in ("/work", "/root"):  # writable only in the sandbox's private, throw-away root
        assert not Path(folder, "owned.txt").exists(), f"a submission wrote {folder}/owned.txt on the host"
    assert attempts["solutions"] == [] and attempts["gradebook"] == [] and attempts["submissions"] == [], attempts
    assert attempts["network"] != "CONNECTED"
    assert scores(run, "tampers-with-files") == submissions.points(LESSON)


def test_squatted_ports_and_floods_do_not_leak(graded):
    run, *_ = graded
    full = submissions.points(LESSON)
    assert scores(run, "squats-ports")["test-greeting-handler"] == full["test-greeting-handler"]
    [html] = run.feedback_html("floods-output", LESSON)
    assert html.stat().st_size < 5_000_000, "the flood reached the feedback"
