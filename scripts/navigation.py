"""Generate the course's navigation from the lessons themselves.

    python scripts/navigation.py           # rewrite the index notebooks and every lesson's navigation bar
    python scripts/navigation.py --check   # exit 1 if anything would change

Writes solutions/index.ipynb and notebooks/index.ipynb (each lesson with its
estimated time and objectives, read from the lesson's first cell) and a
"previous | contents | next" bar at the top and bottom of every reference
notebook (markdown cells tagged `navigation`); `make release` carries the bars
into notebooks/. Edit the lessons, never these cells.

Once course.toml names the student repository ([student] repository and
branch), the bars and the index also link to the lesson in Binder, and the
student README (student/README.md, between its `binder` markers) gets the
Binder badge; while it is empty, no Binder link is written anywhere and the
README says how to set it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from course_config import BADGE, HOW_TO_SET, binder_url, student

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, NOTEBOOKS = ROOT / "solutions", ROOT / "notebooks"
STUDENT_README = ROOT / "student" / "README.md"
TAG = "navigation"
BINDER_BLOCK = re.compile(r"(<!-- binder:[^\n]*-->\n).*?(<!-- /binder -->)", re.S)


def lesson_paths() -> list[Path]:
    return sorted(p for p in SOLUTIONS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def describe(path: Path) -> dict:
    """Title, estimated time and objectives from a lesson's first cell."""
    first = nbformat.read(path, as_version=4).cells[0].source
    title = re.search(r"^# Lesson (\d+): (.+)$", first, re.M)
    minutes = re.search(r"\*\*Estimated time:\*\*\s*(\d+) minutes", first)
    if not (title and minutes):
        sys.exit(f"{path}: the first cell needs '# Lesson NN: Title' and '**Estimated time:** N minutes'")
    objectives = re.search(r"\*\*You will be able to\*\*\n((?:- .*\n?(?:  .*\n?)*)+)", first)
    return {"number": title.group(1), "title": title.group(2).strip(), "minutes": int(minutes.group(1)),
            "objectives": objectives.group(1).strip() if objectives else "",
            "link": f"{path.parent.name}/{path.name}"}


def bar(lessons: list[dict], i: int, settings) -> str:
    parts = []
    if i > 0:
        parts.append(f"[← {lessons[i - 1]['number']} {lessons[i - 1]['title']}](../{lessons[i - 1]['link']})")
    parts.append("[Contents](../index.ipynb)")
    if i + 1 < len(lessons):
        parts.append(f"[{lessons[i + 1]['number']} {lessons[i + 1]['title']} →](../{lessons[i + 1]['link']})")
    url = binder_url(settings, f"notebooks/{lessons[i]['link']}")
    if url:
        parts.append(f"[Open in Binder]({url})")
    return " | ".join(parts)


def with_bars(path: Path, text: str):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if TAG not in c.metadata.get("tags", [])]
    top = nbformat.v4.new_markdown_cell(text, id="navigation-top", metadata={"tags": [TAG]})
    bottom = nbformat.v4.new_markdown_cell(text, id="navigation-bottom", metadata={"tags": [TAG]})
    nb.cells = [cells[0], top, *cells[1:], bottom]
    return nb


def index(lessons: list[dict], settings):
    total = sum(lesson["minutes"] for lesson in lessons)
    url = binder_url(settings, "notebooks/index.ipynb")
    intro = (f"# Async Tornado, hands-on\n\n{len(lessons)} lessons, about {total // 60} h {total % 60:02d} min in all. "
             "Each lesson starts real Tornado servers inside the notebook, shows each common mistake failing and then "
             "fixed, and ends with exercises: run the tests under each one, then *Validate* the whole notebook.\n\n"
             "| lesson | time |\n|---|---|\n"
             + "\n".join(f"| [{l['number']} {l['title']}]({l['link']}) | {l['minutes']} min |" for l in lessons)
             + (f"\n\n[Open the course in Binder]({url}) (nothing to install; a Binder session stops after about "
                "10 idle minutes and loses your work: download your notebooks)." if url else ""))
    cells = [nbformat.v4.new_markdown_cell(intro, id="contents")]
    for lesson in lessons:
        cells.append(nbformat.v4.new_markdown_cell(
            f"## [{lesson['number']} {lesson['title']}]({lesson['link']})\n\n**{lesson['minutes']} minutes.** "
            f"You will be able to:\n\n{lesson['objectives']}", id=f"lesson-{lesson['number']}"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


def readme(settings) -> str:
    """student/README.md with its binder block rewritten: the badge, or how to get one."""
    text = STUDENT_README.read_text(encoding="utf-8")
    if not BINDER_BLOCK.search(text):
        sys.exit(f"{STUDENT_README.relative_to(ROOT)} has lost its '<!-- binder: ... -->' ... '<!-- /binder -->' lines")
    url = binder_url(settings, "notebooks/index.ipynb")
    block = (f"[![Binder]({BADGE})]({url}) Open the course in Binder: nothing to install.\n" if url else
             f"*No Binder link yet: this edition's public repository is not set. To add one, {HOW_TO_SET}.*\n")
    return BINDER_BLOCK.sub(lambda m: m.group(1) + block + m.group(2), text, count=1)


def planned() -> dict[Path, str]:
    """Every file this script writes, with its content."""
    settings = student()
    paths = lesson_paths()
    lessons = [describe(p) for p in paths]
    files = {p: nbformat.writes(with_bars(p, bar(lessons, i, settings))) + "\n" for i, p in enumerate(paths)}
    text = nbformat.writes(index(lessons, settings)) + "\n"
    files[SOLUTIONS / "index.ipynb"] = files[NOTEBOOKS / "index.ipynb"] = text
    files[STUDENT_README] = readme(settings)
    return files


def main() -> None:
    files = planned()
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        if stale:
            sys.exit(f"navigation is out of date in {[str(p.relative_to(ROOT)) for p in stale]}: "
                     "run `make navigation` (then `make release`)")
        return
    for path in stale:
        path.write_text(files[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
