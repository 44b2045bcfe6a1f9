"""Tamper-evident grading: each layer of autograder/verify.py catches its cheats on its own, and never flags
honest work.

- the static scan, over every reference answer and wrong answer of every lesson (honest: nothing found) and
  over each cheat (found);
- the probes and the execution reply, in a real (sandboxed) kernel, with the static scan left out: each cheat,
  on a small notebook, is found by what the kernel itself shows the grader.
The whole grader against a hostile class is in test_sandbox.py.
"""
import asyncio

import nbformat
import pytest

from autograder import record, sandbox, submissions, unit, verify
from autograder.execute import Plan, execute
from autograder.pipeline import lessons
from autograder.settings import Settings

# Each, in the solution cell, makes failing tests look passed, or fakes the measurement they read.
CHEATS = {
    "silences-tracebacks": "get_ipython().showtraceback = lambda *args, **kwargs: None",
    "swallows-errors-with-a-custom-handler": "get_ipython().set_custom_exc((Exception,), lambda *args, **kwargs: None)",
    "blanks-later-cells": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    "blanks-cells-with-asserts": ("get_ipython().input_transformers_cleanup.append(\n"
                                  "    lambda lines: ['pass\\n'] if any('assert' in l for l in lines) else lines)"),
    "removes-asserts-from-the-ast": """
import ast
class NoAsserts(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()
get_ipython().ast_transformers.append(NoAsserts())
""",
    "patches-the-helper-class": "InFlight.peak = property(lambda self: 5)",
    "rewrites-a-count": "seen._peak = 5",
    "replaces-the-measurement-object": ("class Fake:\n    peak = 5\n    def __enter__(self): return self\n"
                                        "    def __exit__(self, *exc): pass\nseen = Fake()"),
    # invented here:
    "turns-error-replies-into-ok": """
kernel = get_ipython().kernel
original = kernel.do_execute
async def do_execute(*args, **kwargs):
    reply = await original(*args, **kwargs)
    return {**reply, "status": "ok"} if reply.get("status") == "error" else reply
kernel.do_execute = do_execute
get_ipython().showtraceback = lambda *args, **kwargs: None
""",
    "replaces-a-builtin": "import builtins\nbuiltins.max = lambda *args, **kwargs: 5",
    "traces-and-skips-lines": "import sys\nsys.settrace(lambda *args: None)",
    "hooks-every-cell": "get_ipython().events.register('post_run_cell', lambda result: None)",
    "obfuscates-its-way-in": ("reach = getattr(__import__('buil' + 'tins'), 'ev' + 'al')\n"
                              "reach('get_' + 'ipython()').showtraceback = lambda *args, **kwargs: None"),
    "patches-a-library-function": "import asyncio\nasyncio.gather = lambda *aws, **kwargs: None",
}

COURSE = "from tornado_course import InFlight\nseen = InFlight()\n\ndef work():\n    with seen:\n        pass"
TESTS = ["work()\nassert seen.peak == 5, f'seen.peak is {seen.peak}, expected 5'",
         "assert max(1, 2) == 2 and 1 + 1 == 3, 'arithmetic still works'"]


def small_notebook(answer: str):
    cells = [nbformat.v4.new_code_cell(COURSE),
             nbformat.v4.new_code_cell(answer, metadata={"nbgrader": {"solution": True, "grade": False,
                                                                      "grade_id": "answer", "locked": False}})]
    for number, test in enumerate(TESTS):
        cells.append(nbformat.v4.new_code_cell(test, metadata={"nbgrader": {
            "grade": True, "solution": False, "grade_id": f"test-{number}", "points": 1, "locked": True}}))
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                          "display_name": "Python 3"}})


def execute_all(work, notebooks: dict, settings: dict | None = None, at_once: int = 3):
    """Run each notebook (name -> notebook) in a kernel of its own, ``at_once`` at a time, probes on, with the
    ``Settings`` overrides given per name (default: a 20 s cell limit); returns (results, executed notebooks)."""
    use_sandbox = sandbox.available() is None
    spec_dir = sandbox.kernel_spec_dir() if use_sandbox else None
    plan = Plan(student={1}, graded={2, 3})
    slots = asyncio.Semaphore(at_once)

    async def one(name, notebook):
        source, dest = work / f"{name}.ipynb", work / "out" / f"{name}.ipynb"
        nbformat.write(notebook, source)
        limits = (settings or {}).get(name, {"cell_timeout": 20, "notebook_timeout": 120})
        async with slots:
            return name, await execute(source, dest, Settings(use_sandbox=use_sandbox, **limits), spec_dir, plan)

    async def every():
        return dict(await asyncio.gather(*(one(n, nb) for n, nb in notebooks.items())))

    results = asyncio.run(every())
    return results, {name: nbformat.read(work / "out" / f"{name}.ipynb", as_version=4) for name in notebooks}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every cheat, and an honest answer, run in a kernel of its own (three at a time), probes on."""
    answers = {"honest": "pass", **{name: code.strip() for name, code in CHEATS.items()}}
    return execute_all(tmp_path_factory.mktemp("probes"), {n: small_notebook(a) for n, a in answers.items()})


def test_an_honest_answer_is_not_flagged_by_the_probes(executed):
    results, outputs = executed
    assert results["honest"].findings == [] and results["honest"].problem is None
    errors = [o.evalue for c in outputs["honest"].cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == ["seen.peak is 1, expected 5", "arithmetic still works"], errors


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_the_probes_catch_each_cheat_without_the_static_scan(executed, cheat):
    results, outputs = executed
    findings = results[cheat].findings
    assert findings, f"{cheat}: the probes saw nothing ({results[cheat].problem})"
    assert min(f.cell for f in findings) <= 2, f"{cheat}: found only after the first test ran: {findings}"


def test_a_suppressed_error_still_scores_zero(executed):
    """The execution reply says the cell raised: an error output is put back, so nbgrader scores it zero."""
    _, outputs = executed
    for cheat in ("silences-tracebacks", "obfuscates-its-way-in"):
        test_cell = outputs[cheat].cells[3]
        assert any(o.output_type == "error" and "suppressed" in o.evalue for o in test_cell.outputs), (
            cheat, test_cell.outputs)


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_the_static_scan_catches_each_cheat(cheat):
    facts = verify.LessonFacts.of(small_notebook("..."), small_notebook("pass"))
    cells = small_notebook(CHEATS[cheat].strip()).cells
    assert verify.scan(cells, facts), f"{cheat} looks like honest code to the scan"


@pytest.mark.parametrize("lesson", lessons())
def test_the_static_scan_never_flags_a_reference_or_wrong_answer(lesson):
    facts = unit.lesson_facts(lesson)
    answers = {"reference": submissions.reference_answers(lesson), "untouched": {}}
    reference = answers["reference"]
    for cell, wrongs in submissions.wrong_answers(lesson).items():
        for name, code in wrongs.items():
            answers[f"{cell}/{name}"] = {**reference, cell: code.strip("\n")}
    for name, given in answers.items():
        cells = nbformat.from_dict(submissions.submission(lesson, given)).cells
        found = verify.scan(cells, facts)
        assert found == [], f"{lesson} {name}: honest code flagged: {found}"


# The cheat's tests stop before the probe after them runs: the second call to work() hangs.
STALLS = {
    "ignores-the-interrupt": "signal.signal(signal.SIGINT, signal.SIG_IGN)\n        time.sleep(1000)",
    "outlasts-the-notebook": "time.sleep(1000)",
    "outlasts-the-notebook-ignoring-the-interrupt": "signal.signal(signal.SIGINT, signal.SIG_IGN)\n        time.sleep(1000)",
}
STALL_SETTINGS = {"ignores-the-interrupt": {"cell_timeout": 3, "interrupt_grace": 2, "notebook_timeout": 120},
                  "outlasts-the-notebook": {"cell_timeout": 120, "interrupt_grace": 5, "notebook_timeout": 25},
                  "outlasts-the-notebook-ignoring-the-interrupt": {"cell_timeout": 120, "interrupt_grace": 2,
                                                                    "notebook_timeout": 25}}


def stalling_answer(stall: str, cheat: bool) -> str:
    return ("import signal, time\ncalls = []\n" + ("InFlight.peak = property(lambda self: 5)\n" if cheat else "")
            + f"def work():\n    calls.append(1)\n    if len(calls) > 1:\n        {STALLS[stall]}\n"
            + "    with seen:\n        pass")


def stalling_notebook(stall: str, cheat: bool):
    notebook = small_notebook(stalling_answer(stall, cheat))
    notebook.cells[3].source = "work()"  # the second call: it stalls
    return notebook


@pytest.fixture(scope="module")
def stalled(tmp_path_factory):
    """Each stall, with and without a cheat before it, in a kernel of its own (all at once: they mostly sleep)."""
    cases = {(stall, cheat): f"{stall}-{'cheat' if cheat else 'honest'}" for stall in STALLS for cheat in (True, False)}
    results, _ = execute_all(tmp_path_factory.mktemp("stalls"),
                             {name: stalling_notebook(*case) for case, name in cases.items()},
                             {name: STALL_SETTINGS[case[0]] for case, name in cases.items()}, at_once=len(cases))
    return {case: results[name] for case, name in cases.items()}


@pytest.mark.parametrize("stall", sorted(STALLS))
def test_a_cheat_whose_tests_stall_is_still_found(stalled, stall):
    """The probe after the tests never ran in the kernel the cheat ran in: the grader checks all the same (a new
    kernel with the cells replayed, or the old one after an interrupt), and charges the cheat's cell."""
    result = stalled[stall, True]
    assert result.problem, f"{stall}: the notebook was expected to stall"
    assert [f.cell for f in result.findings] and min(f.cell for f in result.findings) == 1, (
        f"{stall}: the cheat was not found: {result.findings} ({result.problem})")


@pytest.mark.parametrize("stall", ["ignores-the-interrupt", "outlasts-the-notebook"])
def test_an_honest_answer_whose_tests_stall_is_not_flagged(stalled, stall):
    result = stalled[stall, False]
    assert result.problem and result.findings == [], (stall, result.findings, result.problem)


# The checks' switch: outside nbgrader a failed check reports and the notebook goes on; a submission that turns the
# switch off, or replaces the helper, must gain nothing.
CHECKED_COURSE = COURSE + "\nfrom tornado_course import checking"
CHECKED_TESTS = [f"with checking('test {n}'):\n" + "\n".join("    " + line for line in test.splitlines())
                 for n, test in enumerate(TESTS)]
CHECK_CHEATS = {
    "turns-off-the-grading-switch": "import os\nos.environ.pop('NBGRADER_EXECUTION', None)",
    "shadows-the-check-helper": "import contextlib\n\ndef checking(name):\n    return contextlib.suppress(Exception)",
    "patches-the-check-helper": "import tornado_course.checks as checks\nchecks.grading = lambda: False",
}
# Beyond what the static scan recognises: only what the kernel shows the grader catches it.
CHECK_CHEATS_PAST_THE_SCAN = {
    "turns-off-the-switch-by-a-built-name": "import os\nos.environ.pop('NBGRA' + 'DER_EXECUTION', None)",
}


def checked_notebook(answer: str):
    notebook = small_notebook(answer)
    notebook.cells[0].source = CHECKED_COURSE
    for cell, test in zip(notebook.cells[2:], CHECKED_TESTS):
        cell.source = test
    return notebook


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    work = tmp_path_factory.mktemp("checked")
    answers = {"honest": "pass", **CHECK_CHEATS, **CHECK_CHEATS_PAST_THE_SCAN}
    results, _ = execute_all(work, {name: checked_notebook(answer) for name, answer in answers.items()})
    for name, result in results.items():  # as the pipeline does next: the graded cells from a finding on score zero
        record.mark_tampering(work / "out" / f"{name}.ipynb", result.findings)
    return results, {name: nbformat.read(work / "out" / f"{name}.ipynb", as_version=4) for name in answers}


def test_under_the_grader_an_honest_failed_check_raises(checked):
    results, outputs = checked
    assert results["honest"].findings == [], results["honest"]
    errors = [o.evalue for c in outputs["honest"].cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == ["seen.peak is 1, expected 5", "arithmetic still works"], errors


@pytest.mark.parametrize("cheat", sorted({**CHECK_CHEATS, **CHECK_CHEATS_PAST_THE_SCAN}))
def test_turning_the_checks_off_scores_zero_and_is_found_without_the_static_scan(checked, cheat):
    results, outputs = checked
    assert results[cheat].findings and min(f.cell for f in results[cheat].findings) <= 2, results[cheat]
    for test_cell in outputs[cheat].cells[2:]:
        assert any(o.output_type == "error" for o in test_cell.outputs), (cheat, test_cell.outputs)


@pytest.mark.parametrize("cheat", sorted(CHECK_CHEATS))
def test_the_static_scan_catches_each_way_of_turning_the_checks_off(cheat):
    facts = verify.LessonFacts.of(checked_notebook("..."), checked_notebook("pass"))
    assert verify.scan(checked_notebook(CHECK_CHEATS[cheat]).cells, facts), f"{cheat} looks honest to the scan"


def test_importing_another_part_of_a_package_the_lesson_imports_is_not_a_redefinition():
    course = "import tornado.web\nfrom tornado_course import InFlight\nseen = InFlight()"
    notebook = small_notebook("...")
    notebook.cells[0].source = course
    notebook.cells[2].source = "assert isinstance(tornado.web.Application([]), tornado.web.Application), 'app'"
    facts = verify.LessonFacts.of(notebook, notebook)
    assert "tornado" in facts.protected
    for honest in ("import tornado.gen", "import tornado.web", "import tornado", "from tornado import gen"):
        assert verify.scan_cell(honest, facts) == [], honest
    for rebinding in ("tornado = None", "import asyncio as tornado", "from json import tornado"):
        assert verify.scan_cell(rebinding, facts), f"{rebinding!r} rebinds the lesson's `tornado`"
