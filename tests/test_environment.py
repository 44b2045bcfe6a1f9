"""One declaration (pyproject.toml), one lock (constraints.txt), and the conda files generated from them."""
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_conda_environments_are_generated_from_the_lock():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_environment.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_installed_versions_are_the_locked_ones():
    wrong = []
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            try:
                installed = version(name)
            except PackageNotFoundError:
                installed = None
            if installed != pinned:
                wrong.append(f"{name}: locked {pinned}, installed {installed}")
    assert not wrong, "the environment differs from constraints.txt (run make install):\n" + "\n".join(wrong)


def test_python_is_3_11_everywhere():
    assert sys.version_info[:2] == (3, 11)
    assert 'requires-python = ">=3.11,<3.12"' in (ROOT / "pyproject.toml").read_text()
    for env in ("environment.yml", "binder/environment.yml"):
        assert re.search(r"^\s*- python=3\.11$", (ROOT / env).read_text(), re.M), env


def test_binder_scripts():
    post_build = (ROOT / "binder" / "postBuild").read_text()
    start = (ROOT / "binder" / "start").read_text()
    assert "set -e" in post_build and "pip install --no-deps -e ." in post_build
    assert start.rstrip().endswith('exec "$@"')
    assert (ROOT / "binder" / "start").stat().st_mode & 0o111 and (ROOT / "binder" / "postBuild").stat().st_mode & 0o111
