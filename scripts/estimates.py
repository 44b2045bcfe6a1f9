"""How long a lesson takes, computed from what it holds, never typed by hand.

    from estimates import estimate
    estimate(nbformat.read(path, as_version=4))   # Estimate(reading=21, running=12, exercises=30)
    python scripts/estimates.py                   # the figures for every lesson, and how they are made

A lesson's time is the sum of three parts, each rounded up to whole minutes:

- reading: its prose at READING_WORDS_PER_MINUTE, and the code of its cells at CODE_LINES_PER_MINUTE
  (code is read more slowly than prose; the hidden tests are not counted, students never see them);
- running: RUN_MINUTES_PER_DEMO for each demo cell (a code cell that is neither a solution nor a test):
  run it, look at what it printed;
- exercises: MINUTES_PER_EXERCISE for each exercise (a solution cell), whatever its size.

scripts/navigation.py writes the result into each lesson's header, the index and the workshop guide
(tests/test_navigation.py checks that nothing drifted).
"""
from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

READING_WORDS_PER_MINUTE = 150  # technical prose, read to understand, not skimmed
CODE_LINES_PER_MINUTE = 12
RUN_MINUTES_PER_DEMO = 0.5
MINUTES_PER_EXERCISE = 12

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)
HOW_IT_IS_COUNTED = (f"prose at {READING_WORDS_PER_MINUTE} words and code at {CODE_LINES_PER_MINUTE} lines a "
                     f"minute, {RUN_MINUTES_PER_DEMO * 60:.0f} s to run and look at each demo cell, and "
                     f"{MINUTES_PER_EXERCISE} minutes for each exercise")


@dataclass(frozen=True)
class Estimate:
    reading: int    # minutes
    running: int
    exercises: int

    @property
    def total(self) -> int:
        return self.reading + self.running + self.exercises

    def header(self) -> str:
        """The line a lesson's first cell carries."""
        return (f"**Estimated time:** {self.total} minutes ({self.reading + self.running} reading and running, "
                f"{self.exercises} for the exercises)")


def role(cell) -> str:
    nbgrader = cell.metadata.get("nbgrader", {})
    if cell.cell_type != "code":
        return "prose"
    return "solution" if nbgrader.get("solution") else "test" if nbgrader.get("grade") else "demo"


def estimate(nb) -> Estimate:
    words = code_lines = demos = exercises = 0
    for cell in nb.cells:
        if "navigation" in cell.metadata.get("tags", []):
            continue
        kind = role(cell)
        if kind == "prose":
            words += len(re.findall(r"\w+", ESTIMATED_TIME.sub("", cell.source)))
            continue
        visible = SOLUTION.sub("", HIDDEN.sub("", cell.source))  # what a student reads: no answer, no hidden test
        code_lines += sum(1 for line in visible.splitlines() if line.strip() and not line.strip().startswith("#"))
        demos += kind == "demo"
        exercises += kind == "solution"
    reading = math.ceil(words / READING_WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE)
    return Estimate(reading, math.ceil(demos * RUN_MINUTES_PER_DEMO), exercises * MINUTES_PER_EXERCISE)


ESTIMATED_TIME = re.compile(r"\*\*Estimated time:\*\*[^\n]*")


def with_estimate(first_cell: str, value: Estimate) -> str:
    """A lesson's first cell with its estimate line rewritten."""
    if not ESTIMATED_TIME.search(first_cell):
        sys.exit("a lesson's first cell needs a line starting '**Estimated time:**'")
    return ESTIMATED_TIME.sub(value.header(), first_cell, count=1)


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    print(f"counted as: {HOW_IT_IS_COUNTED}")
    for path in sorted((root / "solutions").glob("*/*.ipynb")):
        value = estimate(nbformat.read(path, as_version=4))
        print(f"{path.parent.name:34} {value.total:4} min = reading {value.reading} + running {value.running} "
              f"+ exercises {value.exercises}")


if __name__ == "__main__":
    main()
