"""Run All, as a student does it.

Every reference notebook survives running all its cells twice in the same kernel (a student re-running cells),
after which a restart runs it again from scratch (nbval). Every released notebook, untouched, runs to its last
cell: each exercise's checks report that it is not done yet, and the notebook goes on.
"""
import nbformat
import pytest
from nbclient import NotebookClient

from autograder.pipeline import NOTEBOOKS, SOLUTIONS, lessons
from tornado_course.checks import FAILED, PASSED


def run_all(path, lesson, runs=("first",)):
    """Run every code cell of the notebook at ``path`` in one kernel, ``len(runs)`` times over; a cell that raises
    fails the test, naming the cell. Returns the notebook with the outputs of the last run."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for attempt in runs:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except Exception as error:  # CellExecutionError, timeouts
                    pytest.fail(f"{lesson}: cell {index} failed on the {attempt} run of all cells:\n{error}")
                stderr = [o.text for o in cell.outputs if o.get("name") == "stderr"]
                # nbgrader scores a test cell that writes to stderr as failed.
                assert not (graded(cell) and stderr), (
                    f"{lesson}: test cell {index} wrote to stderr ({attempt} run): {stderr}")
    return nb


def graded(cell) -> bool:
    return cell.metadata.get("nbgrader", {}).get("grade", False)


@pytest.mark.parametrize("lesson", lessons())
def test_run_all_twice_in_one_kernel(lesson, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    [path] = sorted((SOLUTIONS / lesson).glob("*.ipynb"))
    nb = run_all(path, lesson, runs=("first", "second"))
    for index, cell in enumerate(nb.cells):
        if graded(cell) and cell.cell_type == "code":
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert FAILED not in text, f"{lesson}: the reference's test cell {index} reported a failed check: {text}"


@pytest.mark.parametrize("lesson", lessons())
def test_an_untouched_notebook_runs_all_to_the_last_cell_and_every_exercise_reports(lesson, monkeypatch):
    """A student's first Run All: no cell stops the notebook; each test cell says its checks failed, and why."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)  # a student's kernel, not nbgrader's
    [path] = sorted((NOTEBOOKS / lesson).glob("*.ipynb"))
    nb = run_all(path, lesson)
    for index, cell in enumerate(nb.cells):
        if not (graded(cell) and cell.cell_type == "code"):
            continue
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert FAILED in text and PASSED not in text, (
            f"{lesson}: test cell {index} of the untouched notebook did not report a failed check "
            f"(every test cell wraps its checks in `with checking(...)`); its output: {text!r}")
