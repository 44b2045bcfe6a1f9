"""Grading a class that contains hostile or broken submissions: each is contained, gets
the marks it earned before its fault, and every other student's grade is unchanged."""
import csv
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
ROOT = Path(__file__).resolve().parent.parent
REPO_FILE = ROOT / "tornado_course" / "__init__.py"

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


# Each replaces the first exercise's solution cell (greeting-handler); the kernel is replaced and the cells before
# are replayed, so the later exercises still earn their points.
FIRST_CELL_FAULTS = {
    "awaits-forever-first": "import asyncio\nawait asyncio.Event().wait()",
    "ignores-the-interrupt-first": "import time\nwhile True:\n    try:\n        time.sleep(1000)\n    except KeyboardInterrupt:\n        pass",
    "exits-first": "import os\nos._exit(3)",
}

# Cheats that fake results (test_tampering.py proves each detection layer on its own): the cells from the
# cheat's on score zero and the submission is flagged. Each is on an otherwise empty notebook, except the patched
# measurement, which goes with an answer that serves the reports one by one (as in the issue: 4/6 without the
# patch, 6/6 with it, before the grader looked).
SEQUENTIAL_REPORTS = "time.sleep(delay)  # blocks the event loop: one report at a time"
CHEATS = {
    "silences-tracebacks": {"greeting-handler": "get_ipython().showtraceback = lambda *args, **kwargs: None"},
    "blanks-test-cells": {"greeting-handler": (
        "get_ipython().input_transformers_cleanup.append(\n"
        "    lambda lines: ['pass\\n'] if any('assert' in l for l in lines) else lines)")},
    "removes-asserts": {"greeting-handler": (
        "import ast\nclass NoAsserts(ast.NodeTransformer):\n    def visit_Assert(self, node):\n"
        "        return ast.Pass()\nget_ipython().ast_transformers.append(NoAsserts())")},
    "turns-error-replies-into-ok": {"greeting-handler": (
        "kernel = get_ipython().kernel\noriginal = kernel.do_execute\n"
        "async def do_execute(*args, **kwargs):\n    reply = await original(*args, **kwargs)\n"
        "    return {**reply, 'status': 'ok'} if reply.get('status') == 'error' else reply\n"
        "kernel.do_execute = do_execute\nget_ipython().showtraceback = lambda *args, **kwargs: None")},
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
    students.update({name: {**reference, "greeting-handler": code} for name, code in FIRST_CELL_FAULTS.items()})
    students.update(CHEATS)
    sequential = reference["report-handler"].replace(
        "async with report_seen:\n            await asyncio.sleep(delay)",
        f"import time\n        with report_seen:\n            {SEQUENTIAL_REPORTS}")
    assert SEQUENTIAL_REPORTS in sequential, "the reference report handler changed: update this test"
    students["sequential"] = {**reference, "report-handler": sequential}
    students["sequential-with-patched-peak"] = {
        **reference, "report-handler": sequential + "\nInFlight.peak = property(lambda self: 5)"}
    for student, answers in students.items():
        submissions.write(submissions.submission(LESSON, answers), work / "submitted", student, LESSON)
    # Outside the kernel: links, copied and deleted cells, an id nbgrader reads as a pattern.
    submitted = work / "submitted"
    (submitted / "linked-to-the-reference" / LESSON).mkdir(parents=True)
    (submitted / "linked-to-the-reference" / LESSON / f"{LESSON}.ipynb").symlink_to(
        ROOT / "solutions" / LESSON / f"{LESSON}.ipynb")
    beside = submissions.write(submissions.submission(LESSON, reference), submitted, "gradebook-beside", LESSON)
    (beside.parent / "gradebook.db").symlink_to(work / "graded" / "gradebook.db")
    submissions.write(submissions.submission(LESSON, reference), submitted, "*", LESSON)
    edited = submissions.submission(LESSON, reference)
    edited["cells"] = [c for c in edited["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id")
                       != "test-greeting-handler"]
    submissions.write(edited, submitted, "deleted-a-test-cell", LESSON)
    copied = submissions.submission(LESSON, reference)
    test_cell = next(c for c in copied["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "test-stop-server")
    copied["cells"].append(json.loads(json.dumps(test_cell)))
    submissions.write(copied, submitted, "copied-a-test-cell", LESSON)
    before = hashlib.sha256(REPO_FILE.read_bytes()).hexdigest()
    done = subprocess.run([sys.executable, "-m", "autograder.grading", str(work / "submitted"), "--out",
                           str(work / "graded"), "--workers", "4", "--cell-timeout", "10", "--notebook-timeout", "90"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    return GradingRun(work / "graded"), work, before, done.stdout


def progress(work):
    return {r["student"]: r for r in map(json.loads, (work / "graded" / "progress.jsonl").open())}


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
                                             ("kills-its-kernel", "killed by signal 9"),
                                             ("exits-the-interpreter", "kernel died"),
                                             ("exits-the-interpreter", "exit with code 3"),
                                             ("floods-output", "characters of output")])
def test_the_summary_and_feedback_say_what_happened(graded, student, reason):
    run, work, _, output = graded
    problems = {student: row["problem"] for student, row in progress(work).items()}
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


@pytest.mark.parametrize("student", sorted(FIRST_CELL_FAULTS))
def test_a_hang_or_a_dead_kernel_costs_its_cell_and_the_rest_is_graded(graded, student):
    run, work, _, output = graded
    full = submissions.points(LESSON)
    assert scores(run, student) == {**full, "test-greeting-handler": 0.0}, progress(work)[student]
    row = progress(work)[student]
    expected = "kernel died" if student == "exits-first" else "longer than 10 s (the cell limit)"
    assert expected in row["problem"], row["problem"]
    assert "the kernel died (the code exited" not in row["problem"]
    # The notebook limit is 90 s: a hang costs about the cell limit (10 s) plus the interrupt grace (5 s).
    assert row["seconds"] < 50, f"{student} took {row['seconds']:.0f} s: a hang should cost about the cell limit"


@pytest.mark.parametrize("student", sorted(CHEATS) + ["sequential-with-patched-peak"])
def test_cheats_score_zero_on_what_they_faked_and_are_flagged(graded, student):
    run, work, _, output = graded
    full = submissions.points(LESSON)
    kept = {"test-greeting-handler": 2.0} if student == "sequential-with-patched-peak" else {}
    assert scores(run, student) == {**{test: 0.0 for test in full}, **kept}
    flag = progress(work)[student]["tampering"]
    assert flag, f"{student} was not flagged"
    assert f"{student} / {LESSON}: " in output.split("TAMPERING SUSPECTED")[-1], output
    with open(work / "graded" / "grades.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["student_id"] == student)
    assert row["tampering_suspected"] == flag
    [html] = run.feedback_html(student, LESSON)
    assert "tampering suspected" in html.read_text()


def test_without_its_patch_the_sequential_answer_loses_only_its_exercise(graded):
    run, work, *_ = graded
    assert scores(run, "sequential") == {**submissions.points(LESSON), "test-report-handler": 0.0}
    assert not progress(work)["sequential"]["tampering"]


def test_no_honest_or_merely_faulty_submission_is_flagged(graded):
    _, work, *_ = graded
    flagged = {s for s, row in progress(work).items() if row.get("tampering")}
    assert flagged == set(CHEATS) | {"sequential-with-patched-peak", "linked-to-the-reference"}, flagged


def test_a_link_in_place_of_a_notebook_is_zero_and_flagged(graded):
    run, work, _, output = graded
    assert run.totals()[("linked-to-the-reference", LESSON)] == 0.0
    assert "symbolic link" in progress(work)["linked-to-the-reference"]["tampering"]
    assert run.feedback_html("linked-to-the-reference", LESSON) == [], "the reference must not reach any feedback"
    assert not (work / "graded" / "submitted" / "linked-to-the-reference" / LESSON / f"{LESSON}.ipynb").exists()


def test_a_link_beside_a_notebook_is_skipped_and_named(graded):
    run, _, _, output = graded
    assert run.totals()[("gradebook-beside", LESSON)] == sum(submissions.points(LESSON).values())
    assert f"gradebook-beside/{LESSON}/gradebook.db: skipped, a link" in output, output


def test_a_student_id_that_is_a_pattern_is_refused_and_touches_nobody_else(graded):
    run, work, _, output = graded
    assert "student folder '*': refused" in output, output
    assert not any(student == "*" for student, _ in run.totals())
    assert scores(run, "honest") == submissions.points(LESSON)
    assert not (work / "graded" / "feedback" / "*").exists()


def test_deleted_and_copied_test_cells_are_named_and_still_graded(graded):
    run, work, *_ = graded
    full = submissions.points(LESSON)
    assert scores(run, "deleted-a-test-cell") == full, "a deleted test cell is put back and graded"
    assert "['test-greeting-handler'] were deleted or stripped" in progress(work)["deleted-a-test-cell"]["problem"]
    assert scores(run, "copied-a-test-cell") == full
    assert "['test-stop-server'] appear more than once" in progress(work)["copied-a-test-cell"]["problem"]
