"""The lessons' pictures of concurrency are drawn from what their servers recorded.

A figure is checked by what it is made of, never by its pixels: each figure cell of a reference notebook draws a
``tornado_course.Timeline`` (or latencies measured by the lesson's own load test) and prints what it drew, a
``Timeline.describe()`` (spans per lane, their labels in order of start, the most at once). nbval re-runs every
reference notebook and requires that printed text again, so the count and order hold on every run;
``tests/test_timeline.py`` proves that ``plot()`` draws exactly one bar per span, in that order.
"""
import re

import nbformat
import pytest

from autograder.pipeline import SOLUTIONS

# Where the point is a shape in time (issue 13): blocking vs awaiting, one by one vs gather, a bounded fan-out,
# PeriodicCallback vs a sleep loop, workers draining a queue, the capstone's load test.
LESSONS_WITH_FIGURES = ["00-tornado-in-jupyter", "01-async-handlers", "03-http-client", "07-periodic-tasks",
                        "08-queues-and-workers", "11-capstone", "12-testing-async-code"]
DESCRIBED = re.compile(r"^[^\n:]+: \d+ spans?( \([^\n]*\))?, at most \d+ at once$", re.M)  # Timeline.describe()
DRAWS = re.compile(r"\.plot\(|plot_latencies\(|plot_throughput\(")


def figure_cells(lesson):
    [path] = sorted((SOLUTIONS / lesson).glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    return [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and any("image/png" in output.get("data", {}) for output in cell.outputs)]


@pytest.mark.parametrize("lesson", LESSONS_WITH_FIGURES)
def test_the_lesson_stores_figures_drawn_from_recorded_spans(lesson):
    cells = figure_cells(lesson)
    assert cells, f"{lesson}: no figure is stored in the reference notebook (run `make solutions`)"
    for index, cell in cells:
        assert DRAWS.search(cell.source), f"{lesson}: cell {index} shows a figure not drawn by a course plot call"
        printed = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
        if ".plot(" in cell.source:
            assert ".describe()" in cell.source and DESCRIBED.search(printed), (
                f"{lesson}: cell {index} draws a timeline but does not print timeline.describe(), which nbval "
                f"re-checks on every run; it printed {printed!r}")
        else:
            assert printed.strip(), f"{lesson}: cell {index} draws latencies but prints no count of what it drew"


def test_figure_cells_elsewhere_follow_the_same_rule():
    for path in sorted(SOLUTIONS.glob("*/*.ipynb")):
        lesson = path.parent.name
        if lesson not in LESSONS_WITH_FIGURES:
            for index, cell in figure_cells(lesson):
                assert DRAWS.search(cell.source), f"{lesson}: cell {index} shows a figure not drawn by a course plot call"
