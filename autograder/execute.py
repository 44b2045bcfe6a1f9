"""Execute: run a sanitized notebook in a fresh sandboxed kernel, cell by cell, with the grader's probes.

``execute(source, dest, settings, spec_dir, plan)`` runs every code cell of
``source`` and writes the executed notebook to ``dest``. It enforces the limits
itself, so that the summary can name the real cause of a fault:

- a cell over ``cell_timeout`` is interrupted; if the kernel does not answer
  within ``interrupt_grace`` (a cell that ignores the interrupt), the kernel
  is killed and replaced, the cells before it are replayed, and grading goes on
  with the next cell;
- a kernel that dies (it exited, crashed or was killed at the memory limit) is
  replaced the same way;
- the notebook as a whole stops at ``notebook_timeout``; more than
  ``max_output_chars`` of output is dropped.

Cells that could not run get an error output naming the cause, so they score
zero and the feedback says why. Around the cells the student's code runs in,
it runs the probes of ``verify`` and returns what they found.
"""
from __future__ import annotations

import asyncio
import atexit
import json
import math
import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox, verify
from .settings import Settings

MAX_RESTARTS = 3     # new kernels per notebook, after a hang or a death
PROBE_TIMEOUT = 30   # seconds for one probe (it takes milliseconds)
REPLAY, PING, PROBE = -1, -2, -3  # cell indexes of the grader's own cells
CHECK_FAILED = "[check failed]"  # tornado_course.checks.FAILED (not imported: that sets up the kernel's logging)


@dataclass
class Plan:
    """Which cells the student's code runs in (probed around), and which are graded."""
    student: set[int] = field(default_factory=set)   # solution cells, and every cell the student wrote or changed
    graded: set[int] = field(default_factory=set)    # graded test cells
    measures: set[str] = field(default_factory=set)  # names the tests read measurements from (must be InFlight)
    probe: bool = True


@dataclass
class Result:
    problem: str | None = None                          # None when every cell ran to its end
    findings: list[verify.Finding] = field(default_factory=list)
    kernel_start: float = 0.0                           # seconds to start the (first) kernel, probes included
    kernel_cpu: float = 0.0                             # CPU seconds the last kernel's processes used (make bench)


class GradingStopped(Exception):
    pass


def _stop_output_pollers(*clients) -> None:
    """Cancel nbclient's output poller of a cell of ``clients`` that timed out: nbclient leaves it running, and
    it would take (and drop) the next cells' output from the kernel. Other notebooks' pollers are left alone."""
    for task in asyncio.all_tasks():
        coro = task.get_coro()
        frame = getattr(coro, "cr_frame", None)
        if (coro.__qualname__.endswith("_async_poll_output_msg") and not task.done() and frame is not None
                and any(frame.f_locals.get("self") is client for client in clients)):
            task.cancel()


def error_output(reason: str, ename: str = "GradingStopped"):
    import nbformat

    return nbformat.v4.new_output("error", ename=ename, evalue=reason, traceback=[f"{ename}: {reason}"])


def _stream(text: str):
    import nbformat

    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _client(nb, settings: Settings, km):
    """An nbclient NotebookClient that keeps at most ``max_output_chars`` of the notebook's output and
    remembers each cell's execute reply."""
    from nbclient import NotebookClient

    cap = settings.max_output_chars

    class _Client(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            self.output_chars += len(json.dumps(msg.get("content", {})))
            if self.output_chars > cap:
                if not self.truncated:
                    self.truncated = True
                    outs.append(_stream(f"[the grader dropped further output: more than {cap} characters]\n"))
                return None
            return super().output(outs, msg, display_id, cell_index)

    client = _Client(nb, km=km, kernel_name=km.kernel_name, timeout=settings.cell_timeout, allow_errors=True,
                     interrupt_on_timeout=False, record_timing=False, shutdown_kernel="immediate",
                     resources={"metadata": {"path": str(Path(km.connection_file).parent)}})
    client.output_chars, client.truncated, client.replies = 0, False, {}

    def on_cell_executed(cell, cell_index, execute_reply):
        client.replies[cell_index] = execute_reply.get("content", {})

    client.on_cell_executed = on_cell_executed
    return client


class Runner:
    """One notebook's execution: a kernel (replaced when it hangs or dies), its client, and the probes."""

    def __init__(self, nb, settings: Settings, spec_dir: str | None, plan: Plan):
        import nbformat
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import AsyncKernelManager

        self.nb, self.settings, self.plan = nb, settings, plan
        self.rundir = Path(tempfile.mkdtemp(prefix="grading-"))
        if settings.use_sandbox:
            sandbox.write_limits(self.rundir, settings.limits)
            self.km = AsyncKernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc", ip=str(self.rundir / "kernel"),
                                         connection_file=str(self.rundir / "kernel.json"),
                                         kernel_spec_manager=KernelSpecManager(kernel_dirs=[spec_dir]))
        else:
            self.km = AsyncKernelManager(kernel_name="python3", connection_file=str(self.rundir / "kernel.json"))
        self.client = _client(nb, settings, self.km)
        self.side = _client(nbformat.v4.new_notebook(), Settings(max_output_chars=10 ** 9), self.km)
        self.side.iopub_timeout = PROBE_TIMEOUT  # a probe's answer may queue behind a flood of the cell's output
        self.deadline = time.monotonic() + settings.notebook_timeout
        self.marker = f"grader-probe-{secrets.token_hex(16)}:"
        self.fingerprints: verify.Fingerprints | None = None
        self.findings: list[verify.Finding] = []
        self.restarts = 0

    # -- the kernel ----------------------------------------------------------------------------------------------
    async def start(self, again: bool = False) -> None:
        """Start the kernel (``again``: kill it and start a new one, on the same connection) and take the
        probes' first fingerprints."""
        if again:
            if getattr(self.client, "kc", None) is not None:
                self.client.kc.stop_channels()
                self.client.kc = None
            await self.km.restart_kernel(now=True)  # not shutdown: that destroys the manager's zmq context
        elif self.settings.use_sandbox:
            await self.client.async_start_new_kernel()  # the sandbox sets the kernel's environment
        else:  # as nbgrader's own execution does: the course's checks raise instead of reporting
            await self.client.async_start_new_kernel(env={**os.environ, "NBGRADER_EXECUTION": "autograde"})
        await self.client.async_start_new_kernel_client()
        if self.plan.probe:
            first = await self.probe(detail=True)
            if first is None:
                raise GradingStopped("the grader's checks could not run in a new kernel")
            self.fingerprints = verify.Fingerprints(first, self.plan.measures)

    def kernel_cpu(self) -> float:
        """CPU seconds used so far by the kernel's processes (the sandbox and all in it): for make bench."""
        try:
            import psutil

            top = psutil.Process(self.km.provisioner.process.pid)
            return sum(sum(p.cpu_times()[:2]) for p in [top, *top.children(recursive=True)])
        except Exception:  # gone already, or no process to look at: not worth a failure
            return 0.0

    async def stop(self) -> None:
        atexit.unregister(self.client._cleanup_kernel)  # nbclient leaves it registered
        if getattr(self.client, "kc", None) is not None:
            self.client.kc.stop_channels()
            self.client.kc = None
        if self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)  # kills the sandbox and every process in it
        if self.settings.use_sandbox:
            sandbox.cleanup(self.rundir)  # and its pids cgroup, if it had one

    async def replace_kernel(self, before: int, window: int | None = None) -> bool:
        """A new kernel in which the code cells before index ``before`` that ran have run again (their new
        outputs are discarded). False when no more kernels may be started.

        ``window``: the first cell of the probe run the old kernel stopped in, which was never checked. Its
        cells are replayed after the cells before it, and checked as they would have been: a cell whose
        tests hang (or are made to hang) is not a way past the probes."""
        if self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        await self.start(again=True)
        ran = sorted(i for i in self.client.replies if 0 <= i < before)
        settled = [i for i in ran if window is None or i < window]
        unchecked = [i for i in ran if window is not None and i >= window]
        if not await self.replay(settled):
            return False
        if self.plan.probe:
            after = await self.probe()
            if after is None:
                return False
            self.fingerprints.accept(after, await self.detail(self.fingerprints.changed(after)))
        if unchecked:
            if not await self.replay(unchecked):
                return False
            if self.plan.probe:
                await self.check(window)
        return True

    async def replay(self, indexes: list[int]) -> bool:
        for index in indexes:
            copy = self.nb.cells[index].copy()
            copy.outputs = []
            if await self.run(copy, REPLAY) not in ("ok", "error"):
                return False
        return True

    # -- cells ---------------------------------------------------------------------------------------------------
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def run(self, cell, index: int, timeout: float | None = None) -> str:
        """Run one cell: "ok", "error" (it raised), "timeout", "hung" (ignored the interrupt), "dead", "late".
        A negative ``index`` is the grader's own cell (a replay, a probe): it runs through a client of its own,
        outside the notebook, and its output is not counted."""
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        limit = timeout or self.settings.cell_timeout
        if index not in (PING, PROBE):  # the grader's checks have limits of their own, past the notebook's
            limit = min(limit, self.remaining())
        if limit <= 0:
            return "late"
        client = self.client if index >= 0 else self.side
        if index < 0:  # nbclient stores the cell at its index in the client's notebook
            self.side.kc, self.side.nb.cells = self.client.kc, [cell]
        client.timeout = max(1, math.ceil(limit))  # nbclient takes whole seconds
        try:
            await client.async_execute_cell(cell, max(index, 0), store_history=index >= 0)
        except CellTimeoutError:
            if limit < (timeout or self.settings.cell_timeout):
                return "late"
            _stop_output_pollers(self.client, self.side)
            if index < 0:
                return "hung"  # the grader's own cell: the kernel is stuck, no interrupt of its own
            await self.km.interrupt_kernel()
            return "timeout" if await self.responsive() else "hung"
        except DeadKernelError:
            return "dead"
        reply = client.replies.pop(0, {}) if index < 0 else client.replies.get(index, {})
        return "error" if reply.get("status") == "error" else "ok"

    async def responsive(self) -> bool:
        """Whether the kernel, after an interrupt, runs a cell within the interrupt grace and its output comes
        back to that cell. The first answer after an interrupt can lose its output (an ipykernel race), so a
        second ping decides; after an interrupted await the output may never come back: then it is not."""
        import nbformat

        for _ in range(2):
            ping = nbformat.v4.new_code_cell(f"print({self.marker + 'alive'!r})")
            if await self.run(ping, PING, self.settings.interrupt_grace) != "ok":
                return False
            if any(self.marker + "alive" in o.get("text", "") for o in ping.outputs):
                return True
        return False

    async def probe(self, detail: list[str] | bool = ()) -> dict | None:
        """Run the grader's probe; its answer, or None when it did not answer as written."""
        import nbformat

        known = sorted(set(self.fingerprints.bound) | self.plan.measures) if self.fingerprints else []
        cell = nbformat.v4.new_code_cell(verify.probe_source(self.marker, detail, known))
        status = await self.run(cell, PROBE, PROBE_TIMEOUT)
        return verify.read_probe(cell.outputs, self.marker) if status == "ok" else None

    async def detail(self, groups: list[str]) -> dict:
        if not groups:
            return {}
        answer = await self.probe(groups)
        return answer["detail"] if answer else {}

    async def check(self, index: int) -> None:
        """Probe after cell ``index``, which the student's code ran in: record what it changed."""
        after = await self.probe()
        if after is None:
            self.findings.append(verify.Finding(index, "the grader's check after this cell did not run as written "
                                                       "(the cell changed how cells run)"))
            return
        changed = self.fingerprints.changed(after)
        detail = await self.detail(changed)
        for group in changed:
            self.findings.append(verify.Finding(index, self.fingerprints.describe(group, detail.get(group))))
        for problem in self.fingerprints.measurement_problems(after):
            self.findings.append(verify.Finding(index, problem))
        self.fingerprints.accept(after, detail)

    async def check_at_the_end(self, window: int) -> None:
        """The notebook ran out of time inside the probe run that ``window`` opened: stop the cell and check."""
        _stop_output_pollers(self.client, self.side)
        await self.km.interrupt_kernel()
        if await self.responsive():
            await self.check(window)
        else:
            self.findings.append(verify.Finding(window, "the notebook ran out of time in the tests after this cell "
                                                        "and the kernel ignored the interrupt, so the grader could "
                                                        "not check what this cell changed"))

    async def settle(self) -> None:
        """Probe before a watched cell: what the course's own cells changed since the last probe is the new normal."""
        after = await self.probe()
        if after is not None:
            self.fingerprints.accept(after, await self.detail(self.fingerprints.changed(after)))

    def exit_code(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process.poll() if process is not None else None


async def execute(source: Path, dest: Path, settings: Settings, spec_dir: str | None, plan: Plan) -> Result:
    """Run the sanitized notebook ``source`` and write it to ``dest``; what stopped it and what the probes found."""
    import nbformat

    nb = nbformat.read(source, as_version=4)
    runner = Runner(nb, settings, spec_dir, plan)
    result, faults, stopped = Result(), [], None  # faults: what went wrong and was got over; stopped: what ended it
    try:
        started = time.perf_counter()
        await runner.start()
        result.kernel_start = time.perf_counter() - started
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        watched = {i for i in code if plan.probe and (i in plan.student or i in plan.graded)}
        # Probes go around each run of consecutive watched cells (one of the student's cells and the tests after it);
        # what changed is charged to the run's first cell.
        following = dict(zip(code, code[1:]))
        probed_last, window = True, None  # the last thing run was a probe (or the start)
        for index in code:
            cell = nb.cells[index]
            if window is not None and index in plan.student:  # each of the student's cells opens a run of its own
                await runner.check(window)
                probed_last, window = True, None
            if index in watched and window is None:
                window = index
                if not probed_last:
                    await runner.settle()
            status = await runner.run(cell, index)
            probed_last = False
            if status == "late":
                stopped = f"the notebook ran longer than {settings.notebook_timeout} s (the notebook limit) and was stopped"
                if window is not None:
                    await runner.check_at_the_end(window)
                break
            if status in ("timeout", "hung"):
                cell.outputs.append(error_output(f"this cell ran longer than {settings.cell_timeout} s "
                                                 "and was interrupted"))
                faults.append(f"cell {index} ran longer than {settings.cell_timeout} s (the cell limit) and was "
                              + ("interrupted" if status == "timeout" else
                                 "interrupted; it ignored the interrupt, so a new kernel graded the rest"))
            if status == "dead":
                cause = kernel_death_cause(runner.rundir, runner.exit_code(), settings.limits.memory_mb)
                cell.outputs.append(error_output(f"the kernel died while this cell ran: {cause}"))
                faults.append(f"cell {index}: the kernel died ({cause}); a new kernel graded the rest")
            if status in ("hung", "dead"):
                if not await runner.replace_kernel(index, window):
                    stopped = "no new kernel could take over: the rest was not run"
                    break
                probed_last, window = True, None
                continue
            reply = runner.client.replies.get(index, {})
            if reply.get("ename") == "MemoryError":
                faults.append(f"cell {index} went over the memory limit ({settings.limits.memory_mb} MB): MemoryError")
            if status == "error" and not any(o.output_type == "error" for o in cell.outputs):
                reason = (f"this cell raised {reply.get('ename', 'an error')}: {reply.get('evalue', '')}"
                          " (its error display was suppressed)")
                cell.outputs.append(error_output(reason, reply.get("ename") or "Error"))
                if not runner.client.truncated:  # else the grader itself dropped it, over the output limit
                    result.findings.append(verify.Finding(index, "a cell raised an error whose display was suppressed"))
            if window is not None and following.get(index) not in watched:
                await runner.check(window)
                probed_last, window = True, None
    except GradingStopped as error:
        stopped = str(error)
    except Exception as error:  # a kernel that never started, ...
        stopped = f"the notebook could not be run ({type(error).__name__}: {error})"[:300]
    finally:
        result.kernel_cpu = runner.kernel_cpu()
        await runner.stop()
        shutil.rmtree(runner.rundir, ignore_errors=True)
    for index, cell in enumerate(nb.cells):
        if (stopped and cell.cell_type == "code" and cell.source.strip()
                and index not in runner.client.replies and not any(o.output_type == "error" for o in cell.outputs)):
            cell.outputs.append(error_output(stopped))
    for index in plan.graded:
        explain_stderr(nb.cells[index], runner.client.replies.get(index, {}))
        if reported_a_failed_check(nb.cells[index]):
            result.findings.append(verify.Finding(index, "a check reported its failure instead of raising, as it "
                                                         "does only outside nbgrader: the grading switch was "
                                                         "turned off"))
    if runner.client.truncated:
        faults.append(f"more than {settings.max_output_chars} characters of output (the rest was dropped)")
    result.problem = "; ".join(faults + [stopped] if stopped else faults) or None
    result.findings = sorted(result.findings + runner.findings, key=lambda f: f.cell)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest)
    return result


def reported_a_failed_check(cell) -> bool:
    """A graded cell whose output holds a ``checking`` failure report, and no error: score it zero (the report
    says a check failed), and say so. Whatever the kernel's environment says, a failed check is a failure."""
    outputs = cell.get("outputs", [])
    if any(o.output_type == "error" for o in outputs):
        return False
    for output in outputs:
        if output.output_type == "stream" and output.name == "stdout":
            for line in output.text.splitlines():
                if line.startswith(CHECK_FAILED):
                    cell.outputs.append(error_output(f"a check failed: {line[len(CHECK_FAILED):].strip()}",
                                                     "CheckFailed"))
                    return True
    return False


def explain_stderr(cell, reply: dict) -> None:
    """A graded cell whose tests passed but which wrote to stderr: nbgrader scores it zero, and says nothing. Say why."""
    if reply.get("status") != "ok" or any(o.output_type == "error" for o in cell.get("outputs", [])):
        return
    stderr = [o for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stderr"]
    if stderr:
        first = next((line for o in stderr for line in o.text.splitlines() if line.strip()), "")[:200]
        cell.outputs.append(error_output(
            "the tests in this cell passed, but the cell wrote to stderr, and nbgrader scores any output on stderr "
            f"as a failure. It wrote: {first!r}. Print to stdout instead (logging from any logger already goes to "
            "stdout in this course, unless the code reconfigured it).", "WroteToStderr"))


def kernel_death_cause(rundir: Path, code: int | None, memory_mb: int) -> str:
    """Why the kernel stopped, from its exit status and what it wrote to its log (``sandbox.KERNEL_LOG``)."""
    try:
        log = (rundir / sandbox.KERNEL_LOG).read_text(errors="replace")[-4000:]
    except OSError:
        log = ""
    if "MemoryError" in log or "Cannot allocate memory" in log or "bad_alloc" in log:
        return f"it went over the memory limit ({memory_mb} MB)"
    if code is None:
        return "it crashed or was killed"
    if code < 0 or code > 128:
        return f"it was killed by signal {-code if code < 0 else code - 128}"
    return f"the code made the kernel exit with code {code}"
