"""The timeline recorder: spans recorded by a real server, their overlap, and the pictures drawn from them."""
import asyncio
import time

import matplotlib
import pytest
import tornado.web

from tornado_course import Timeline, fetch_json, percentiles, plot_latencies, start_server

matplotlib.use("Agg")


def served_five_at_once(blocking: bool) -> Timeline:
    """Five requests sent at once to a handler that waits 0.05 s, awaiting or blocking; the server records them."""
    timeline = Timeline()

    class Slow(tornado.web.RequestHandler):
        async def get(self):
            with timeline.span("requests", self.get_query_argument("n")):
                if blocking:
                    time.sleep(0.05)
                else:
                    await asyncio.sleep(0.05)
            self.write({})

    async def scenario():
        server = start_server(tornado.web.Application([(r"/", Slow)]), name="t-timeline")
        try:
            answers = await asyncio.gather(*(fetch_json(f"{server.url}/?n={n}") for n in range(5)))
            assert [code for code, _ in answers] == [200] * 5
        finally:
            await server.stop()

    asyncio.run(asyncio.wait_for(scenario(), 20))
    return timeline


def rows_of(ax) -> list[float]:
    return [bar.get_y() + bar.get_height() / 2 for bar in ax.patches]


def test_awaited_requests_overlap_and_are_drawn_on_rows_of_their_own():
    timeline = served_five_at_once(blocking=False)
    assert timeline.peak("requests") == 5 and timeline.peak() == 5
    ax = timeline.plot(title="awaited")
    spans = timeline.spans
    assert len(ax.patches) == 5, "one bar per span"
    assert [bar.get_x() for bar in ax.patches] == [s.start for s in spans], "bars in order of start, at their start"
    assert len(set(rows_of(ax))) == 5, "five overlapping spans: five rows"
    assert spans[0].start == 0 and all(s.seconds >= 0.05 for s in spans)
    labels = ", ".join(s.label for s in spans)
    assert timeline.describe() == f"requests: 5 spans ({labels}), at most 5 at once"


def test_blocked_requests_never_overlap_and_share_one_row():
    timeline = served_five_at_once(blocking=True)
    assert timeline.peak("requests") == 1
    ax = timeline.plot()
    assert len(ax.patches) == 5 and len(set(rows_of(ax))) == 1
    assert timeline.describe().endswith("at most 1 at once")
    ends = [s.end for s in timeline.spans]
    starts = [s.start for s in timeline.spans]
    assert all(start >= end for start, end in zip(starts[1:], ends)), "each started after the one before ended"


def test_lanes_are_banded_in_order_and_a_span_is_kept_when_the_block_raises():
    timeline = Timeline()
    timeline.record("worker 1", 10.0, 11.0, "job 1")
    timeline.record("worker 2", 10.5, 12.0, "job 2")
    with pytest.raises(ValueError):
        with timeline.span("worker 1", "job 3"):
            raise ValueError("the job failed")
    assert timeline.lanes() == ["worker 1", "worker 2"]
    assert [s.label for s in timeline.spans] == ["job 1", "job 2", "job 3"]
    assert timeline.spans[0].start == 0.0 and timeline.spans[1].start == 0.5
    ax = timeline.plot()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["worker 1", "worker 2"]
    assert timeline.describe() == ("worker 1: 2 spans (job 1, job 3), at most 1 at once\n"
                                   "worker 2: 1 span (job 2), at most 1 at once")
    assert Timeline().describe() == "no spans recorded"
    with pytest.raises(ValueError, match="before it starts"):
        timeline.record("worker 1", 2.0, 1.0)


def test_an_async_span_records_too():
    timeline = Timeline()

    async def job():
        async with timeline.span("jobs", 1):
            await asyncio.sleep(0)

    asyncio.run(job())
    [span] = timeline.spans
    assert (span.lane, span.label) == ("jobs", "1")


def test_percentiles_are_nearest_rank_and_the_latency_plot_shows_them():
    assert percentiles(range(1, 101)) == {50: 50, 95: 95, 99: 99}
    assert percentiles([0.35, 0.11, 0.12]) == {50: 0.12, 95: 0.35, 99: 0.35}
    assert percentiles([7]) == {50: 7, 95: 7, 99: 7}
    with pytest.raises(ValueError):
        percentiles([])
    ax = plot_latencies({"async": [0.1] * 10, "blocking": [0.1 * n for n in range(1, 11)]})
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["async: p50 100 ms, p95 100 ms, p99 100 ms", "blocking: p50 500 ms, p95 1000 ms, p99 1000 ms"]


def test_the_throughput_plot_draws_a_line_per_name_against_the_clients():
    from tornado_course.timeline import plot_throughput

    ax = plot_throughput({"async": {4: 160.0, 1: 45.0, 16: 600.0}, "blocking": {1: 45.0, 4: 48.0, 16: 48.0}})
    assert [line.get_label() for line in ax.lines] == ["async", "blocking"]
    assert list(ax.lines[0].get_xdata()) == [1, 4, 16] and list(ax.lines[0].get_ydata()) == [45.0, 160.0, 600.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "4", "16"]
    assert ax.get_ylim()[0] == 0
