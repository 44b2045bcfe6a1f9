"""Intake takes submissions as plain data: links, escaping zip paths and unusable student ids are refused and
named, and every other submission is taken. (No kernel: these are the grader's first steps.)"""
import os
import stat
import zipfile

from autograder import intake

LESSON = "00-tornado-in-jupyter"
LESSONS = [LESSON, "01-async-handlers"]


def notebook(folder, student, lesson=LESSON, name=f"{LESSON}.ipynb", text='{"cells": []}'):
    path = folder / student / lesson / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_links_are_never_followed(tmp_path):
    tree, secret = tmp_path / "submitted", tmp_path / "reference.ipynb"
    secret.write_text('{"the": "reference answers"}')
    notebook(tree, "honest")
    (tree / "linker" / LESSON).mkdir(parents=True)
    (tree / "linker" / LESSON / f"{LESSON}.ipynb").symlink_to(secret)
    beside = notebook(tree, "neighbour")
    (beside.parent / "gradebook.db").symlink_to(tmp_path / "gradebook.db")
    (tree / "folder-link").symlink_to(tree / "honest")
    taken = intake.copy_submissions(tree, tmp_path / "copy", LESSONS)

    assert taken.jobs == [("honest", LESSON), ("neighbour", LESSON)]
    assert "symbolic link" in taken.refused[("linker", LESSON)]
    assert not (tmp_path / "copy" / "linker").exists(), "nothing of a refused notebook is copied"
    assert any("neighbour" in line and "gradebook.db" in line and "link" in line for line in taken.skipped), taken.skipped
    assert any(line.startswith("folder-link") and "link" in line for line in taken.skipped), taken.skipped
    for path in (tmp_path / "copy").rglob("*"):
        assert not path.is_symlink(), f"{path} was copied as a link"


def test_student_ids_that_nbgrader_would_read_as_patterns_are_refused(tmp_path):
    tree = tmp_path / "submitted"
    good = ["ada", "bob.smith@example.org", "s-123_4+x"]
    bad = ["*", "a?", "[ab]", " space", ".hidden"]
    for student in good + bad:
        notebook(tree, student)
    taken = intake.copy_submissions(tree, tmp_path / "copy", LESSONS)
    assert sorted(s for s, _ in taken.jobs) == sorted(good)
    for student in bad:
        assert any(f"student folder {student!r}: refused" in line for line in taken.skipped), (student, taken.skipped)
    assert any("pattern" in line for line in taken.skipped if "'*'" in line)


def test_other_entries_are_named_and_do_not_stop_the_rest(tmp_path):
    tree = tmp_path / "submitted"
    notebook(tree, "ada")
    notebook(tree, "ada", lesson="99-not-a-lesson")
    notebook(tree, "ada", name="notes.txt")
    (tree / "ada" / LESSON / "timestamp.txt").write_text("2026-11-30 10:00:00")
    (tree / "stray.ipynb").write_text("{}")
    (tree / "empty" / LESSON).mkdir(parents=True)
    os.mkfifo(tree / "ada" / LESSON / "pipe")
    taken = intake.copy_submissions(tree, tmp_path / "copy", LESSONS)
    assert taken.jobs == [("ada", LESSON)]
    assert (tmp_path / "copy" / "ada" / LESSON / "timestamp.txt").exists(), "nbgrader's timestamp is kept"
    text = "\n".join(taken.skipped)
    for expected in ("99-not-a-lesson: skipped, not a lesson", "notes.txt: skipped", "stray.ipynb",
                     f"empty/{LESSON}: skipped, no notebook", "pipe: skipped, a special"):
        assert expected in text, (expected, text)


def test_zip_entries_that_leave_the_tree_or_are_links_are_refused(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"submitted/ada/{LESSON}/{LESSON}.ipynb", '{"cells": []}')
        z.writestr(f"bob/{LESSON}/{LESSON}.ipynb", '{"cells": []}')
        z.writestr(f"../evil/{LESSON}/x.ipynb", "{}")
        z.writestr("submitted/../../evil.ipynb", "{}")
        z.writestr("/etc/evil.ipynb", "{}")
        link = zipfile.ZipInfo(f"cyd/{LESSON}/{LESSON}.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/work/main/solutions/00-tornado-in-jupyter/00-tornado-in-jupyter.ipynb")
        z.writestr("README.txt", "hello")
    refused = intake.unpack(archive, tmp_path / "out")
    text = "\n".join(refused)
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.ipynb")) == [
        f"ada/{LESSON}/{LESSON}.ipynb", f"bob/{LESSON}/{LESSON}.ipynb"]
    for name in (f"../evil/{LESSON}/x.ipynb", "submitted/../../evil.ipynb", "/etc/evil.ipynb"):
        assert f"zip entry {name!r}: refused, its path leaves the submitted tree" in text, text
    assert f"zip entry 'cyd/{LESSON}/{LESSON}.ipynb': refused, it is a symbolic link" in text
    assert "zip entry 'README.txt': skipped" in text
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))
    assert not (tmp_path / "evil").exists()


def test_an_lms_download_is_placed_by_the_course_pattern_and_every_file_it_cannot_place_is_named(tmp_path):
    """A flat zip as Canvas's "Download Submissions" gives it, read with c.FileNameCollectorPlugin.named_regexp from
    autograder/nbgrader_config.py, as `nbgrader zip_collect` would."""
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"adalovelace_1001_5001_{LESSON}.ipynb", '{"ada": 1}')
        z.writestr(f"bobby_LATE_1002_5002_{LESSON}-1.ipynb", '{"bob": 1}')  # Canvas's late mark, a renamed copy
        z.writestr("cyd_1003_5003_01-async-handlers.ipynb", '{"cyd": 1}')
        z.writestr(f"dan_1004_5004_{LESSON}.ipynb", "{}")
        z.writestr(f"dan_1004_5005_{LESSON}-1.ipynb", "{}")     # two notebooks for one lesson: which one?
        z.writestr("eve_1005_5006_homework.ipynb", "{}")           # no lesson of the course
        z.writestr("notes on the class.ipynb", "{}")               # not the LMS's naming
        z.writestr("folder/frank_1006_5007_01-async-handlers.ipynb", '{"frank": 1}')  # an LMS's sub-folder
    problems = "\n".join(intake.unpack(archive, tmp_path / "out", LESSONS))
    placed = {p.relative_to(tmp_path / "out").as_posix(): p.read_text() for p in (tmp_path / "out").rglob("*.ipynb")}
    assert placed == {f"adalovelace/{LESSON}/{LESSON}.ipynb": '{"ada": 1}',
                      f"bobby/{LESSON}/{LESSON}.ipynb": '{"bob": 1}',
                      "cyd/01-async-handlers/01-async-handlers.ipynb": '{"cyd": 1}',
                      "frank/01-async-handlers/01-async-handlers.ipynb": '{"frank": 1}'}
    assert f"dan/{LESSON}: skipped, 2 notebooks" in problems, problems
    assert "'homework.ipynb' is no lesson's notebook" in problems
    assert "zip entry 'notes on the class.ipynb': skipped, its name does not match the LMS pattern" in problems
    taken = intake.copy_submissions(tmp_path / "out", tmp_path / "class", LESSONS)
    assert sorted(taken.jobs) == [("adalovelace", LESSON), ("bobby", LESSON), ("cyd", "01-async-handlers"),
                                  ("frank", "01-async-handlers")]


def test_an_lms_pattern_with_a_timestamp_keeps_it_for_nbgraders_late_penalty(tmp_path):
    """Blackboard-like names carry the submission time: it becomes timestamp.txt, as zip_collect writes it."""
    pattern = r"(?P<student_id>[a-z]+)_attempt_(?P<timestamp>[^_]+)_(?P<file_id>.+)"
    archive = tmp_path / "bb.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"ada_attempt_2026-11-30 14:05:01_{LESSON}.ipynb", "{}")
        z.writestr(f"bob_attempt_yesterday 1:2_{LESSON}.ipynb", "{}")
    problems = intake.unpack(archive, tmp_path / "out", LESSONS, named_regexp=pattern)
    assert (tmp_path / "out" / "ada" / LESSON / "timestamp.txt").read_text() == "2026-11-30 14:05:01"
    assert not (tmp_path / "out" / "bob" / LESSON / "timestamp.txt").exists()
    assert any("'yesterday 1:2' is not a date: graded as on time" in p for p in problems), problems
