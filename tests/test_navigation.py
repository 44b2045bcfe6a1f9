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
