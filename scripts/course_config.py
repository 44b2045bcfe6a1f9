"""The course's settings, read from course.toml at the top of the repository.

    from course_config import student, binder_url
    settings = student()                      # the [student] table
    binder_url(settings, "notebooks/index.ipynb")   # None while no repository is set

Used by scripts/navigation.py (the Binder badge and links) and
scripts/student_edition.py (where the student edition is pushed).
"""
from __future__ import annotations

import re
import tomllib
from urllib.parse import quote
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "course.toml"
BINDER = "https://mybinder.org/v2/gh"
BADGE = "https://mybinder.org/badge_logo.svg"
HOW_TO_SET = ('set `repository = "owner/name"` (and `branch`) under `[student]` in the instructor repository\'s '
              "`course.toml`, then run `make navigation` and `make release` there")


@dataclass(frozen=True)
class Student:
    repository: str  # "owner/name" on GitHub, or "" while the edition is not published
    branch: str
    remote: str      # where --push pushes

    @property
    def published(self) -> bool:
        return bool(self.repository)


def student(path: Path = CONFIG) -> Student:
    """The [student] table of course.toml, checked."""
    table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("student", {})
    repository = table.get("repository", "").strip()
    branch = table.get("branch", "").strip() or "main"
    if repository and not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", repository):
        raise SystemExit(f"{path}: [student] repository must be 'owner/name' on GitHub, not {repository!r}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch) or ".." in branch:
        raise SystemExit(f"{path}: [student] branch {branch!r} is not a usable branch name")
    remote = table.get("remote", "").strip() or (f"https://github.com/{repository}.git" if repository else "")
    return Student(repository, branch, remote)


def binder_url(settings: Student, notebook: str) -> str | None:
    """mybinder.org's link opening ``notebook`` (a path inside the edition) in JupyterLab; None when unpublished."""
    if not settings.published:
        return None
    return f"{BINDER}/{settings.repository}/{quote(settings.branch, safe='')}?urlpath=lab/tree/{notebook}"
