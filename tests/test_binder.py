"""Binder reads binder/: repo2docker's own dry run (it prints the Dockerfile it would build, no Docker needed)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile():
    repo2docker = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    done = subprocess.run([repo2docker, "--no-build", "--debug", "."], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def test_binder_builds_python_3_11_from_binder_environment_yml(dockerfile):
    assert "Building conda environment for python=3.11" in dockerfile
    assert '--file "binder/environment.yml"' in dockerfile


def test_binder_runs_post_build_and_uses_start(dockerfile):
    assert "RUN ./binder/postBuild" in dockerfile
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile
