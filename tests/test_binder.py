"""Binder reads binder/: repo2docker's own dry run (it prints the Dockerfile it would build, no Docker needed).
The student edition's binder/ gets the same checks (tests/test_student_edition.py)."""
from pathlib import Path

import pytest
from support import (assert_builds_python_3_11_from_binder_environment_yml, assert_runs_post_build_and_uses_start,
                     repo2docker_dry_run)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile():
    return repo2docker_dry_run(ROOT)


def test_binder_builds_python_3_11_from_binder_environment_yml(dockerfile):
    assert_builds_python_3_11_from_binder_environment_yml(dockerfile)


def test_binder_runs_post_build_and_uses_start(dockerfile):
    assert_runs_post_build_and_uses_start(dockerfile)
