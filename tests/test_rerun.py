"""Every reference notebook survives running all its cells twice in the same kernel
(a student re-running cells), after which a restart runs it again from scratch (nbval)."""
import nbformat
import pytest
from nbclient import NotebookClient

from autograder.pipeline import SOLUTIONS, lessons


@pytest.mark.parametrize("lesson", lessons())
def test_run_all_twice_in_one_kernel(lesson):
    [path] = sorted((SOLUTIONS / lesson).glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for attempt in ("first", "second"):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except Exception as error:  # CellExecutionError, timeouts
                    pytest.fail(f"{lesson}: cell {index} failed on the {attempt} run of all cells:\n{error}")
                stderr = [o.text for o in cell.outputs if o.get("name") == "stderr"]
                graded = cell.metadata.get("nbgrader", {}).get("grade", False)
                # nbgrader scores a test cell that writes to stderr as failed.
                assert not (graded and stderr), f"{lesson}: test cell {index} wrote to stderr ({attempt} run): {stderr}"
