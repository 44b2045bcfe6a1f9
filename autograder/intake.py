"""Intake: what was handed in, copied into the class folder as plain data.

A submission is data, never a link: nothing here follows a symbolic link, so a
link cannot make the grader read (and grade, or copy into feedback) a file that
is not the student's. Every entry that is not taken is named, with the reason,
for the run's summary; one bad folder or entry never stops the others.

- ``unpack(zip, folder)``: a zip of nbgrader's submitted/ tree, extracted
  entry by entry; links and paths that leave the tree are refused.
- ``copy_submissions(tree, dest)``: submitted/{student}/{lesson}/ into the
  class folder. A link in place of a notebook is refused and marked for a zero
  and a flag (``Intake.refused``); a link or other file beside it is skipped.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# nbgrader reads student and assignment ids as glob patterns: *, ? and [ would match other students' folders.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")
KEPT_BESIDE = {"timestamp.txt"}  # nbgrader's submission time, for late penalties


@dataclass
class Intake:
    jobs: list[tuple[str, str]] = field(default_factory=list)          # (student, lesson) with a notebook to grade
    refused: dict[tuple[str, str], str] = field(default_factory=dict)  # (student, lesson) -> why it gets a zero
    skipped: list[str] = field(default_factory=list)                   # entries not taken, with the reason


def check_student_id(name: str) -> str | None:
    """None when ``name`` can be a student id, else why not."""
    if STUDENT_ID.fullmatch(name) and name not in (".", ".."):
        return None
    if set(name) & set("*?[]"):
        return "nbgrader would read its '*', '?' or '[' as a pattern matching other students' folders"
    return "a student id is letters, digits and . _ @ + - (at most 100, starting with a letter or digit)"


def unpack(archive: Path, target: Path) -> list[str]:
    """Extract a zip of submitted/ (``{student}/{lesson}/{file}``, optionally under ``submitted/``) into
    ``target``, entry by entry. Returns the entries refused, with the reason."""
    refused = []
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            name = member.filename
            path = PurePosixPath(name.replace("\\", "/"))
            mode = member.external_attr >> 16
            if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
                refused.append(f"zip entry {name!r}: refused, its path leaves the submitted tree")
                continue
            if stat.S_ISLNK(mode):
                refused.append(f"zip entry {name!r}: refused, it is a symbolic link (submissions are files)")
                continue
            if member.is_dir():
                continue
            parts = path.parts[1:] if path.parts and path.parts[0] == "submitted" else path.parts
            if len(parts) != 3:
                refused.append(f"zip entry {name!r}: skipped, not at {{student}}/{{lesson}}/{{file}}")
                continue
            out = target.joinpath(*parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(zipped.read(member))
    return refused


def _copy_file(source: Path, dest: Path) -> None:
    """Copy a regular file's bytes without following a link (O_NOFOLLOW: a link swapped in now fails)."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as src:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read())


def _kind(entry: os.DirEntry) -> str:
    if entry.is_symlink():
        return "link"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    if entry.is_file(follow_symlinks=False):
        return "file"
    return "special"


def copy_submissions(tree: Path, dest: Path, lessons: list[str]) -> Intake:
    """Copy ``tree`` (submitted/{student}/{lesson}/...) into ``dest`` as plain files; say what was not taken."""
    intake = Intake()
    for student in sorted(os.scandir(tree), key=lambda e: e.name):
        where = f"{student.name}/"
        if _kind(student) != "folder":
            intake.skipped.append(f"{where}: skipped, a {_kind(student)} where a student's folder belongs")
            continue
        if why := check_student_id(student.name):
            intake.skipped.append(f"student folder {student.name!r}: refused, {why}; rename it to grade it")
            continue
        for lesson in sorted(os.scandir(student.path), key=lambda e: e.name):
            where = f"{student.name}/{lesson.name}"
            if lesson.name not in lessons:
                intake.skipped.append(f"{where}: skipped, not a lesson of this course")
                continue
            if _kind(lesson) != "folder":
                intake.skipped.append(f"{where}: skipped, a {_kind(lesson)} where the lesson's folder belongs")
                continue
            notebooks = 0
            for entry in sorted(os.scandir(lesson.path), key=lambda e: e.name):
                kind, name = _kind(entry), entry.name
                if name.endswith(".ipynb") and kind == "link":
                    intake.refused[(student.name, lesson.name)] = (
                        f"{name} is a symbolic link, not the student's file: refused, zero, check it by hand")
                elif name.endswith(".ipynb") and kind == "file":
                    _copy_file(Path(entry.path), dest / student.name / lesson.name / name)
                    notebooks += 1
                elif name in KEPT_BESIDE and kind == "file":
                    _copy_file(Path(entry.path), dest / student.name / lesson.name / name)
                else:
                    intake.skipped.append(f"{where}/{name}: skipped, a {kind} that is not a notebook")
            if (student.name, lesson.name) in intake.refused:
                continue  # graded as zero, whatever else the folder holds
            if notebooks:
                intake.jobs.append((student.name, lesson.name))
            else:
                intake.skipped.append(f"{where}: skipped, no notebook in it")
    return intake
