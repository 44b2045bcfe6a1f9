import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# nbgrader and nbval start kernels and shell out to `alembic`: both must come from this environment.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ["JUPYTER_CONFIG_PATH"] = str(ROOT / "autograder")
# Options given to this run (PYTEST_ADDOPTS=--durations=40, say) are read by now; the kernels it starts must not
# inherit them, or lesson 12's own pytest (ipytest) prints other reports than its stored ones.
os.environ.pop("PYTEST_ADDOPTS", None)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT



@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure (browser screenshots)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
