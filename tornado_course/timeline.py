"""A timeline of the work a server observes, and pictures of it.

The server records each span of work itself (a request, a query, a job, a
periodic run), on one clock; one call draws them. Spans of one lane that
overlap are drawn on rows of their own, so overlap (concurrency) is what you
see::

    from tornado_course import Timeline
    timeline = Timeline()

    class SlowHandler(tornado.web.RequestHandler):
        async def get(self):
            with timeline.span("requests", self.get_query_argument("n")):
                await asyncio.sleep(0.2)

    # ... five requests at once, then:
    timeline.plot(title="five requests, awaited")   # five rows: they overlapped
    timeline.peak("requests")                       # 5

Latencies of a load test, summed up and drawn::

    percentiles([0.11, 0.12, 0.35])                 # {50: 0.12, 95: 0.35, 99: 0.35}
    plot_latencies({"async": fast, "blocking": slow})

matplotlib is imported only when something is drawn.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    lane: str     # what kind of work, or who did it: "requests", "worker 1"
    label: str    # which one: "3", "job 7"
    start: float  # seconds since the timeline's first span started
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


class _Recording:
    """One span being recorded: a context manager, plain or async."""

    def __init__(self, timeline: "Timeline", lane: str, label: str):
        self.timeline, self.lane, self.label = timeline, lane, label

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.timeline.record(self.lane, self.started, time.perf_counter(), self.label)
        return False

    async def __aenter__(self):
        return self.__enter__()

    async def __aexit__(self, *exc_info):
        return self.__exit__(*exc_info)


class Timeline:
    """Spans of work on one clock (``time.perf_counter``), in the order they ended."""

    def __init__(self):
        self._raw: list[tuple[str, str, float, float]] = []

    def span(self, lane: str, label: str = "") -> _Recording:
        """``with timeline.span("requests", "3"):`` (or ``async with``) records the time the block took,
        even when it raises."""
        return _Recording(self, lane, str(label))

    def record(self, lane: str, start: float, end: float, label: str = "") -> None:
        """Add a span measured elsewhere, in ``time.perf_counter()`` seconds."""
        if end < start:
            raise ValueError(f"a span cannot end ({end}) before it starts ({start})")
        self._raw.append((lane, str(label), start, end))

    def clear(self) -> None:
        self._raw.clear()

    @property
    def spans(self) -> list[Span]:
        """Every span, in order of start, with times in seconds since the first one started."""
        if not self._raw:
            return []
        origin = min(start for _, _, start, _ in self._raw)
        return sorted((Span(lane, label, start - origin, end - origin) for lane, label, start, end in self._raw),
                      key=lambda s: (s.start, s.end))

    def lanes(self) -> list[str]:
        """The lanes, in the order their first span started."""
        return list(dict.fromkeys(s.lane for s in self.spans))

    def peak(self, lane: str | None = None) -> int:
        """The most spans (of ``lane``, or of any lane) in progress at the same moment."""
        spans = self.spans
        return len(_rows([i for i, s in enumerate(spans) if lane is None or s.lane == lane], spans))

    def describe(self) -> str:
        """What a figure of the timeline shows, in words that stay the same from run to run: for each lane, how
        many spans, their labels in order of start, and the most at once::

            requests: 5 spans (1, 2, 3, 4, 5), at most 5 at once
        """
        lines = []
        for lane in self.lanes():
            spans = [s for s in self.spans if s.lane == lane]
            labels = ", ".join(s.label for s in spans if s.label)
            lines.append(f"{lane}: {len(spans)} span{'s' if len(spans) != 1 else ''}"
                         f"{f' ({labels})' if labels else ''}, at most {self.peak(lane)} at once")
        return "\n".join(lines) if lines else "no spans recorded"

    def plot(self, ax=None, title: str | None = None):
        """Draw the spans as bars against time, a band per lane, a row for each span that overlaps another;
        returns the matplotlib Axes (one bar per span, in ``ax.patches``, in order of start)."""
        import matplotlib.pyplot as plt

        spans = self.spans
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.5 + 0.35 * max(1, _row_count(spans))))
        ticks, names, y = [], [], 0
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        placed = {}  # index of a span -> (its row, its colour)
        for number, lane in enumerate(self.lanes()):
            rows = _rows([i for i, s in enumerate(spans) if s.lane == lane], spans)
            for row, members in enumerate(rows):
                for index in members:
                    placed[index] = (y + row, colours[number % len(colours)])
            ticks.append(y + (len(rows) - 1) / 2)
            names.append(lane)
            y += len(rows) + 0.5
        for index, span in enumerate(spans):  # in order of start, so that ax.patches is too
            row, colour = placed[index]
            ax.barh(row, max(span.seconds, 1e-4), left=span.start, height=0.8, color=colour, edgecolor="black",
                    linewidth=0.5)
            if span.label:
                ax.text(span.start + span.seconds / 2, row, span.label, ha="center", va="center", fontsize=8)
        ax.set_yticks(ticks, names)
        ax.invert_yaxis()
        ax.set_xlabel("seconds")
        ax.set_xlim(left=0)
        if title:
            ax.set_title(title)
        return ax


def _rows(indexes: list[int], spans: list[Span]) -> list[list[int]]:
    """The spans at ``indexes`` (in order of start) put on the fewest rows in which none overlap: as many rows
    as their peak."""
    rows: list[list[int]] = []
    for index in indexes:
        for row in rows:
            if spans[row[-1]].end <= spans[index].start:
                row.append(index)
                break
        else:
            rows.append([index])
    return rows


def _row_count(spans: list[Span]) -> int:
    lanes = dict.fromkeys(s.lane for s in spans)
    return sum(len(_rows([i for i, s in enumerate(spans) if s.lane == lane], spans)) for lane in lanes)


def percentiles(values, points=(50, 95, 99)) -> dict[int, float]:
    """The nearest-rank percentiles of ``values``: p95 is the smallest value that at least 95 % of them do
    not exceed (a value that was measured, never an interpolation)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentiles of no values")
    return {p: ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in points}


def plot_latencies(samples: dict[str, list[float]], ax=None, bins: int = 30):
    """Histograms of latencies (seconds), one per name, with their p50, p95 and p99 in the legend; returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    for name, values in samples.items():
        marks = percentiles(values)
        ax.hist(values, bins=bins, alpha=0.6,
                label=f"{name}: p50 {marks[50] * 1000:.0f} ms, p95 {marks[95] * 1000:.0f} ms, p99 {marks[99] * 1000:.0f} ms")
    ax.set_xlabel("latency (seconds)")
    ax.set_ylabel("requests")
    ax.legend()
    return ax


def plot_throughput(results: dict[str, dict[int, float]], ax=None):
    """Throughput (requests per second) against concurrency (clients at once), a line per name::

        plot_throughput({"async": {1: 45.0, 4: 170.0, 16: 610.0}, "blocking": {1: 45.0, 4: 48.0, 16: 48.0}})

    returns the Axes (one line per name, in ``ax.lines``, in the order given)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    for name, by_clients in results.items():
        clients = sorted(by_clients)
        ax.plot(clients, [by_clients[c] for c in clients], marker="o", label=name)
    every = sorted({c for by_clients in results.values() for c in by_clients})
    if every and every[0] > 0:
        ax.set_xscale("log", base=2)
        ax.set_xticks(every, [str(c) for c in every])
    ax.set_xlabel("clients at once")
    ax.set_ylabel("requests per second")
    ax.set_ylim(bottom=0)
    ax.legend()
    return ax
