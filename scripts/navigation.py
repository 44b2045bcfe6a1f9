"""Generate the course's navigation from the lessons themselves.

    python scripts/navigation.py           # rewrite the index notebooks and every lesson's navigation bar
    python scripts/navigation.py --check   # exit 1 if anything would change

Writes solutions/index.ipynb and notebooks/index.ipynb (each lesson with its
objectives, read from the lesson's first cell, and its estimated time), a
"previous | contents | next" bar at the top and bottom of every reference
notebook (markdown cells tagged `navigation`), and each lesson's time wherever
it is stated: the "**Estimated time:**" line of its header, the workshop
guide's schedules and table, the README's lesson table (all computed by
scripts/estimates.py from the lesson's content). `make release` carries the
bars and headers into notebooks/. Edit the lessons, never these cells.

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
from estimates import HOW_IT_IS_COUNTED, estimate, with_estimate

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, NOTEBOOKS = ROOT / "solutions", ROOT / "notebooks"
STUDENT_README = ROOT / "student" / "README.md"
WORKSHOP_GUIDE = ROOT / "docs" / "workshop-guide.md"
COURSE_README = ROOT / "README.md"
SCHEDULES = re.compile(r"(<!-- schedules:[^\n]*-->\n).*?(<!-- /schedules -->)", re.S)
SETUP = ("setup check: everyone runs the first three cells of lesson 00 (Binder or local)", 10)
# A workshop's order: lesson numbers, or (what, minutes) for what is not a lesson.
HALF_DAY = [SETUP, "00", ("break", 15), "01"]
FULL_DAY = [SETUP, "00", ("break", 15), "01", ("lunch", 60), "02", ("break", 15), "03"]
TAG = "navigation"
BINDER_BLOCK = re.compile(r"(<!-- binder:[^\n]*-->\n).*?(<!-- /binder -->)", re.S)


def lesson_paths() -> list[Path]:
    return sorted(p for p in SOLUTIONS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def describe(path: Path) -> dict:
    """Title, estimated time and objectives from a lesson's first cell."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source
    title = re.search(r"^# Lesson (\d+): (.+)$", first, re.M)
    if not title:
        sys.exit(f"{path}: the first cell needs '# Lesson NN: Title'")
    objectives = re.search(r"\*\*You will be able to\*\*\n((?:- .*\n?(?:  .*\n?)*)+)", first)
    value = estimate(nb)
    return {"number": title.group(1), "title": title.group(2).strip(), "estimate": value, "minutes": value.total,
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


def with_bars(path: Path, text: str, lesson: dict):
    """The lesson with its navigation bars and its estimated time rewritten."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if TAG not in c.metadata.get("tags", [])]
    cells[0].source = with_estimate(cells[0].source, lesson["estimate"])
    top = nbformat.v4.new_markdown_cell(text, id="navigation-top", metadata={"tags": [TAG]})
    bottom = nbformat.v4.new_markdown_cell(text, id="navigation-bottom", metadata={"tags": [TAG]})
    nb.cells = [cells[0], top, *cells[1:], bottom]
    return nb


def index(lessons: list[dict], settings):
    total = sum(lesson["minutes"] for lesson in lessons)
    url = binder_url(settings, "notebooks/index.ipynb")
    intro = (f"# Async Tornado, hands-on\n\n{len(lessons)} lessons, about {duration(total)} in all. "
             "Each lesson starts real Tornado servers inside the notebook, shows each common mistake failing and then "
             "fixed, and ends with exercises: run the tests under each one, then *Validate* the whole notebook.\n\n"
             f"{PREREQUISITES}\n\n"
             f"Times are computed from each lesson's content ({HOW_IT_IS_COUNTED}): take them as a first guide, "
             "and keep your own pace.\n\n"
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


PREREQUISITES = """**Before lesson 00 you need:**
- **Python:** functions, classes and methods, exceptions (`try`/`except`/`finally`, `raise`), `with` blocks,
  dictionaries and f-strings;
- **HTTP:** what a request (method, path, query string, headers, body) and a response (status code, body) are, and what
  JSON looks like;
- **`async`/`await`:** that `async def` makes a coroutine function and that its result runs only when awaited. Tasks,
  `asyncio.gather` and everything after are taught here, from lesson 00 on.

Nothing else: no Tornado, no asyncio internals, no databases (lesson 04 starts its own PostgreSQL)."""


def duration(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def schedule(plan: list, lessons: dict[str, dict]) -> tuple[str, int]:
    """A schedule's table (start time of each item, then its end) and its length in minutes."""
    rows, clock = [], 0
    for item in plan:
        what, minutes = ((f"{item} {lessons[item]['title']} ({lessons[item]['minutes']} min)",
                          lessons[item]["minutes"]) if isinstance(item, str) else (f"{item[0]} ({item[1]} min)", item[1]))
        rows.append(f"| {clock // 60}:{clock % 60:02d} | {what} |")
        clock += minutes
    rows.append(f"| {clock // 60}:{clock % 60:02d} | end |")
    return "| time | what |\n|---|---|\n" + "\n".join(rows), clock


def workshop_guide(lessons: list[dict]) -> str:
    """docs/workshop-guide.md with its schedules and its per-lesson minutes computed from the lessons' estimates."""
    text = WORKSHOP_GUIDE.read_text(encoding="utf-8")
    if not SCHEDULES.search(text):
        sys.exit(f"{WORKSHOP_GUIDE.relative_to(ROOT)} has lost its '<!-- schedules: ... -->' ... '<!-- /schedules -->' lines")
    by_number = {lesson["number"]: lesson for lesson in lessons}
    half, half_minutes = schedule(HALF_DAY, by_number)
    full, full_minutes = schedule(FULL_DAY, by_number)
    def rest(plan):
        return ", ".join(n for n in by_number if n not in plan)

    block = (f"**Half day ({duration(half_minutes)}, a break included):** the core of async Tornado; lessons "
             f"{rest(HALF_DAY)} as homework.\n\n{half}\n\n"
             f"**Full day ({duration(full_minutes)}, breaks included):**\n\n{full}\n\n"
             f"Lessons {rest(FULL_DAY)} make a second day or homework.\n")
    text = SCHEDULES.sub(lambda m: m.group(1) + block + m.group(2), text, count=1)
    for lesson in lessons:  # the "minutes" column of the per-lesson table
        text = re.sub(rf"^\| {lesson['number']} \| \d+ \|", f"| {lesson['number']} | {lesson['minutes']} |", text,
                      flags=re.M)
    return text


def course_readme(lessons: list[dict]) -> str:
    """README.md with the time of each lesson in its table computed from the lesson's estimate."""
    text = COURSE_README.read_text(encoding="utf-8")
    for lesson in lessons:
        text = re.sub(rf"^(\| \[{lesson['number']} [^\n]*\]\(notebooks/{re.escape(lesson['link'])}\) \|.*\| )\d+ min \|$",
                      lambda m: f"{m.group(1)}{lesson['minutes']} min |", text, flags=re.M)
    return text


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
    files = {p: nbformat.writes(with_bars(p, bar(lessons, i, settings), lessons[i])) + "\n"
             for i, p in enumerate(paths)}
    text = nbformat.writes(index(lessons, settings)) + "\n"
    files[SOLUTIONS / "index.ipynb"] = files[NOTEBOOKS / "index.ipynb"] = text
    files[STUDENT_README] = readme(settings)
    files[WORKSHOP_GUIDE] = workshop_guide(lessons)
    files[COURSE_README] = course_readme(lessons)
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
