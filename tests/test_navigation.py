"""The index notebooks, every lesson's navigation bar and the student README's Binder block are what
scripts/navigation.py generates."""
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def test_navigation_is_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "navigation.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_lesson_is_in_the_index_and_every_link_resolves():
    index = nbformat.read(ROOT / "notebooks" / "index.ipynb", as_version=4)
    text = "\n".join(c.source for c in index.cells)
    for lesson in sorted(p for p in (ROOT / "notebooks").glob("*/*.ipynb")):
        assert f"]({lesson.parent.name}/{lesson.name})" in text, f"{lesson.name} is missing from the index"
        for cell in nbformat.read(lesson, as_version=4).cells:
            if "navigation" in cell.metadata.get("tags", []):
                for target in cell.source.split("](")[1:]:
                    target = target.split(")")[0]
                    if target.startswith("https://mybinder.org/"):
                        continue  # Binder links: tests/test_student_edition.py checks them against the edition
                    path = (lesson.parent / target).resolve()
                    assert path.exists(), f"{lesson.name}: the navigation link to {path} is broken"


def test_the_student_readme_has_its_generated_binder_block():
    text = (ROOT / "student" / "README.md").read_text()
    assert text.count("<!-- binder:") == 1 and text.count("<!-- /binder -->") == 1


def test_every_workshop_schedule_adds_up():
    """Each item starts when the one before it ends, and the schedule's stated length is its end."""
    import re

    guide = (ROOT / "docs" / "workshop-guide.md").read_text()
    schedules = re.findall(r"\*\*[^*(]+\((\d+) h (\d+) min[^)]*\):\*\*[^\n]*\n\n((?:\|[^\n]*\n)+)", guide)
    assert len(schedules) >= 2, "the workshop guide's schedules are missing"
    for hours, minutes, table in schedules:
        rows = re.findall(r"^\| (\d+):(\d\d) \| (.*?) \|$", table, re.M)
        clock = 0
        for (h, m, what), (h2, m2, _) in zip(rows, rows[1:]):
            assert int(h) * 60 + int(m) == clock, f"{what!r} starts at {h}:{m}, expected {clock // 60}:{clock % 60:02d}"
            clock += int(re.search(r"\((\d+) min\)$", what).group(1))
        assert (int(rows[-1][0]) * 60 + int(rows[-1][1]), rows[-1][2]) == (clock, "end")
        assert int(hours) * 60 + int(minutes) == clock, "the schedule's stated length is not its end"


def test_a_lessons_estimate_counts_prose_code_demos_and_exercises():
    sys.path.insert(0, str(ROOT / "scripts"))
    from estimates import CODE_LINES_PER_MINUTE, MINUTES_PER_EXERCISE, READING_WORDS_PER_MINUTE, estimate

    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("**Estimated time:** 1 minutes\n\n" + "word " * READING_WORDS_PER_MINUTE),
        v4.new_code_cell("\n".join(f"x{n} = {n}" for n in range(CODE_LINES_PER_MINUTE))),  # a demo
        v4.new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
                         metadata={"nbgrader": {"solution": True, "grade": False}}),
        v4.new_code_cell("assert f() == 1\n### BEGIN HIDDEN TESTS\n" + "assert f()\n" * 100 + "### END HIDDEN TESTS\n",
                         metadata={"nbgrader": {"solution": False, "grade": True}}),
    ])
    value = estimate(nb)
    # one minute of prose (the estimate line itself not counted), one of demo code, then 1 + 1 lines of code the
    # student reads (the def, the visible assert; not the answer, not the hidden tests), rounded up
    assert (value.reading, value.running, value.exercises) == (3, 1, MINUTES_PER_EXERCISE)
    assert value.header() == (f"**Estimated time:** {4 + MINUTES_PER_EXERCISE} minutes (4 reading and running, "
                              f"{MINUTES_PER_EXERCISE} for the exercises)")
