"""Intake: what was handed in, copied into the class folder as plain data.

A submission is data, never a link: nothing here follows a symbolic link, so a
link cannot make the grader read (and grade, or copy into feedback) a file that
is not the student's. Every entry that is not taken is named, with the reason,
for the run's summary; one bad folder or entry never stops the others.

- ``unpack(zip, folder, lessons)``: a zip of nbgrader's submitted/ tree,
  extracted entry by entry; links and paths that leave the tree are refused.
  A notebook outside that layout is an LMS download's flat file
  (``smithj_12345_67890_00-tornado-in-jupyter.ipynb``): nbgrader's own
  ``FileNameCollectorPlugin`` reads the student (and a timestamp, if the pattern has
  one) from its name with ``c.FileNameCollectorPlugin.named_regexp`` (set in
  autograder/nbgrader_config.py: change it there for another LMS, as for
  ``nbgrader zip_collect``); the lesson is the one whose notebook name the
  file's ``file_id`` starts with. A file it cannot place is named, with why.
- ``copy_submissions(tree, dest)``: submitted/{student}/{lesson}/ into the
  class folder. A link in place of a notebook is refused and marked for a zero
  and a flag (``Intake.refused``); a link or other file beside it is skipped.
"""
from __future__ import annotations

import logging
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# nbgrader reads student and assignment ids as glob patterns: *, ? and [ would match other students' folders.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")
KEPT_BESIDE = {"timestamp.txt", "submission_secret.txt"}  # nbgrader exchange: submission time (late penalties), feedback key


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


def lms_pattern() -> str:
    """``c.FileNameCollectorPlugin.named_regexp`` from the course's nbgrader configuration."""
    from .pipeline import course_config

    return course_config().FileNameCollectorPlugin.named_regexp


class LmsFiles:
    """Place an LMS download's flat notebooks as ``{student}/{lesson}/{lesson}.ipynb`` (see the module's docstring)."""

    def __init__(self, lessons: list[str], named_regexp: str):
        from nbgrader.plugins import FileNameCollectorPlugin

        self.lessons = sorted(lessons, key=len, reverse=True)  # the longest name that fits wins
        quiet = logging.getLogger("autograder.intake.lms")  # the plugin warns of each file it cannot match;
        quiet.propagate = False                              # intake names them itself, with what to do
        if not quiet.handlers:
            quiet.addHandler(logging.NullHandler())
        self.collector = FileNameCollectorPlugin(named_regexp=named_regexp, log=quiet)
        self.placed: dict[tuple[str, str], list[tuple[str, bytes, str | None]]] = {}
        self.problems: list[str] = []

    def add(self, name: str, data: bytes) -> None:
        info = self.collector.collect(PurePosixPath(name).name)
        if not info:
            self.problems.append(f"zip entry {name!r}: skipped, its name does not match the LMS pattern "
                                 "(c.FileNameCollectorPlugin.named_regexp in autograder/nbgrader_config.py)")
            return
        student, file_id = info["student_id"], info["file_id"]
        lesson = next((l for l in self.lessons if file_id.startswith(l)), None)
        if why := check_student_id(student):
            self.problems.append(f"zip entry {name!r}: refused, student id {student!r}: {why}")
        elif lesson is None:
            self.problems.append(f"zip entry {name!r}: skipped, {file_id!r} is no lesson's notebook of this course")
        else:
            self.placed.setdefault((student, lesson), []).append((name, data, info.get("timestamp")))

    def write(self, target: Path) -> None:
        from nbgrader.utils import parse_utc

        for (student, lesson), files in sorted(self.placed.items()):
            if len(files) > 1:
                names = ", ".join(repr(name) for name, _, _ in files)
                self.problems.append(f"{student}/{lesson}: skipped, {len(files)} notebooks ({names}): "
                                     "keep the one to grade and grade again")
                continue
            [(name, data, stamp)] = files
            folder = target / student / lesson
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{lesson}.ipynb").write_bytes(data)
            if stamp:  # nbgrader's late-penalty time, as zip_collect keeps it
                try:
                    (folder / "timestamp.txt").write_text(str(parse_utc(stamp)))
                except ValueError:
                    self.problems.append(f"zip entry {name!r}: its timestamp {stamp!r} is not a date: graded as on time")


def unpack(archive: Path, target: Path, lessons: list[str] | None = None, named_regexp: str | None = None) -> list[str]:
    """Extract a zip of submitted/ (``{student}/{lesson}/{file}``, optionally under ``submitted/``) or an LMS
    download (flat notebooks named by student) into ``target``, entry by entry. Returns the entries refused or
    skipped, with the reason."""
    refused = []
    flat = LmsFiles(lessons or [], named_regexp if named_regexp is not None else lms_pattern())
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
            if len(parts) == 3 and parts[1] in (lessons or [parts[1]]):
                out = target.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zipped.read(member))
            elif path.suffix == ".ipynb" and len(parts) != 3:
                flat.add(name, zipped.read(member))
            elif len(parts) == 3:
                refused.append(f"zip entry {name!r}: skipped, {parts[1]!r} is not a lesson of this course")
            else:
                refused.append(f"zip entry {name!r}: skipped, neither at {{student}}/{{lesson}}/{{file}} nor a notebook")
    flat.write(target)
    return refused + flat.problems


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
