"""notebooks/ is exactly what nbgrader releases from solutions/ today, and leaks nothing."""
import filecmp
import subprocess
import sys

from autograder.pipeline import NOTEBOOKS, SOLUTIONS, lessons
from autograder.submissions import load, source

LEAKS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def test_student_notebooks_match_a_fresh_release(tmp_path):
    done = subprocess.run([sys.executable, "-m", "autograder.pipeline", "release", "--dest", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(NOTEBOOKS) for p in NOTEBOOKS.rglob("*")  # index.ipynb: scripts/navigation.py
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts and p.name != "index.ipynb")
    assert fresh == committed, "notebooks/ has other files than a release would make: run `make release`"
    drifted = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, NOTEBOOKS / p, shallow=False)]
    assert not drifted, f"{drifted} differ from a fresh release of solutions/: run `make release` and commit"


def test_every_lesson_is_released():
    assert lessons(), "solutions/ has no lesson"
    for lesson in lessons():
        assert list((NOTEBOOKS / lesson).glob("*.ipynb")), f"{lesson} has no student notebook: run `make release`"


def test_student_notebooks_hold_no_solution_hidden_test_or_output():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        for index, cell in enumerate(load(path)["cells"]):
            leaked = [m for m in LEAKS if m in source(cell)]
            assert not leaked, f"{path.name} cell {index} leaks {leaked}"
            assert not cell.get("outputs"), f"{path.name} cell {index} carries outputs"


def test_reference_notebooks_are_executed():
    for path in sorted(SOLUTIONS.rglob("*.ipynb")):
        never_run = [i for i, c in enumerate(load(path)["cells"])
                     if c["cell_type"] == "code" and source(c).strip() and c.get("execution_count") is None]
        assert not never_run, f"{path.name}: cells {never_run} were never run; run `make solutions`"
