"""Plausible wrong answers to lesson 07, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "heartbeat": {
        # The guide's stop(): cancel() only asks; the task is still running when stop() returns.
        "stop-without-await": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")
            else:
                self.beats += 1

    async def stop(self):
        if self._task is not None:
            self._task.cancel()
            self._task = None
''',
        # No try around each beat: the 3rd beat's ConnectionError ends the loop for good.
        "no-per-run-catch": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            await self.beat()
            self.beats += 1

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
        # Guide style: a `running` flag; the loop only notices it after its sleep, so a task outlives stop().
        "flag-only-stop": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self.running = False
        self._task = None

    async def start(self):
        if self._task is None:
            self.running = True
            self._task = asyncio.create_task(self._beat_while_running())

    async def _beat_while_running(self):
        while self.running:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
                self.beats += 1
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")

    async def stop(self):
        self.running = False
        self._task = None
''',
        # "Catch everything so the heartbeat never dies": CancelledError is swallowed too, so stop() never returns.
        "swallows-cancel": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            try:
                await asyncio.sleep(self.period)
                await self.beat()
                self.beats += 1
            except BaseException:
                self.failures += 1
                log.exception("heartbeat failed")

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
        # Cancels and waits, but keeps the finished task: start() after stop() never starts again.
        "stop-keeps-task": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is not None:
            return
        self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")
            else:
                self.beats += 1

    async def stop(self):
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
''',
        # Logs only the exception's text: the log record has no exc_info, so the traceback is lost.
        "logs-without-traceback": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
            except Exception as error:
                self.failures += 1
                log.error("heartbeat failed: %s", error)
            else:
                self.beats += 1

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
        # Counts the beat before it is sent (and takes it back on failure): a beat cancelled by stop() is counted.
        "counts-before-beat": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            self.beats += 1
            try:
                await self.beat()
            except Exception:
                self.beats -= 1
                self.failures += 1
                log.exception("heartbeat failed")

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
        # Waits with `await task`: the task's CancelledError is re-raised in stop(), to its caller.
        "stop-raises-cancelled": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")
            else:
                self.beats += 1

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await task
''',
        # Beats first, then sleeps (the examiner's hb-w2): the first beat comes at once, not one period after start().
        "beats-then-sleeps": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())

    async def _run(self):
        while True:
            try:
                await self.beat()
            except Exception:
                self.failures += 1
                log.exception("a heartbeat failed; the next one is in %s s", self.period)
            else:
                self.beats += 1
            await asyncio.sleep(self.period)

    async def stop(self):
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        await asyncio.wait([task])
''',
        # The sleep sits in the try after the beat: a failed beat is retried at once, with no period in between.
        "retries-at-once-after-failure": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _beat_for_ever(self):
        await asyncio.sleep(self.period)
        while True:
            try:
                await self.beat()
                self.beats += 1
                await asyncio.sleep(self.period)
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
        # start() sends a first beat itself before it starts the loop: a beat at once, not one period after start().
        "first-beat-in-start": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.create_task(self._beat_for_ever())

    async def _one_beat(self):
        try:
            await self.beat()
        except Exception:
            self.failures += 1
            log.exception("heartbeat failed")
        else:
            self.beats += 1

    async def _beat_for_ever(self):
        await self._one_beat()  # "say hello at once"
        while True:
            await asyncio.sleep(self.period)
            await self._one_beat()

    async def stop(self):
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
''',
    },
    "session-sweeper": {
        # The period in seconds given to PeriodicCallback, which counts in milliseconds: 0.05 ms.
        "period-in-seconds": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        expired = [session_id for session_id, expires_at in self.sessions.items() if expires_at <= now]
        for session_id in expired:
            del self.sessions[session_id]
        self.removed += len(expired)
        self.sweeps += 1

    async def start(self):
        if self._callback is None:
            self._callback = PeriodicCallback(self.sweep, self.period)
            self._callback.start()

    async def stop(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
''',
        # Forgets the timer without stopping it: it keeps sweeping after stop().
        "stop-forgets-timer": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        expired = [session_id for session_id, expires_at in self.sessions.items() if expires_at <= now]
        for session_id in expired:
            del self.sessions[session_id]
        self.removed += len(expired)
        self.sweeps += 1

    async def start(self):
        if self._callback is None:
            self._callback = PeriodicCallback(self.sweep, self.period * 1000)
            self._callback.start()

    async def stop(self):
        self._callback = None
''',
        # Deletes while iterating: RuntimeError at every sweep (PeriodicCallback logs it), nothing is removed.
        "delete-while-iterating": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        for session_id, expires_at in self.sessions.items():
            if expires_at <= now:
                del self.sessions[session_id]
                self.removed += 1
        self.sweeps += 1

    async def start(self):
        if self._callback is None:
            self._callback = PeriodicCallback(self.sweep, self.period * 1000)
            self._callback.start()

    async def stop(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
''',
        # Builds a new dict: the sweeper's copy shrinks, the application's dict never does.
        "new-dict": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        kept = {session_id: expires_at for session_id, expires_at in self.sessions.items() if expires_at > now}
        self.removed += len(self.sessions) - len(kept)
        self.sessions = kept
        self.sweeps += 1

    async def start(self):
        if self._callback is None:
            self._callback = PeriodicCallback(self.sweep, self.period * 1000)
            self._callback.start()

    async def stop(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
''',
        # Guide style: the timer starts in the constructor, long before the application starts.
        "started-in-constructor": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = PeriodicCallback(self.sweep, period * 1000)
        self._callback.start()

    def sweep(self):
        now = time.monotonic()
        expired = [session_id for session_id, expires_at in self.sessions.items() if expires_at <= now]
        for session_id in expired:
            del self.sessions[session_id]
        self.removed += len(expired)
        self.sweeps += 1

    async def start(self):
        if not self._callback.is_running():
            self._callback.start()

    async def stop(self):
        self._callback.stop()
''',
        # start() does not check whether it runs: a second start() starts a second timer, which stop() never stops.
        "start-twice-two-timers": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        expired = [session_id for session_id, expires_at in self.sessions.items() if expires_at <= now]
        for session_id in expired:
            del self.sessions[session_id]
        self.removed += len(expired)
        self.sweeps += 1

    async def start(self):
        self._callback = PeriodicCallback(self.sweep, self.period * 1000)
        self._callback.start()

    async def stop(self):
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
''',
        # stop() stops the timer but keeps it: start() sees a timer and never starts again.
        "stop-keeps-callback": '''
class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        expired = [session_id for session_id, expires_at in self.sessions.items() if expires_at <= now]
        for session_id in expired:
            del self.sessions[session_id]
        self.removed += len(expired)
        self.sweeps += 1

    async def start(self):
        if self._callback is None:
            self._callback = PeriodicCallback(self.sweep, self.period * 1000)
            self._callback.start()

    async def stop(self):
        if self._callback is not None:
            self._callback.stop()
''',
    },
    "no-overlap": {
        # No guard at all: every call runs, runs overlap.
        "no-guard": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0

    async def __call__(self):
        self.runs += 1
        await self.job()
        return True
''',
        # The flag is set and never cleared: only the first run ever happens.
        "never-reset": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self.running = False

    async def __call__(self):
        if self.running:
            self.skipped += 1
            return False
        self.running = True
        self.runs += 1
        await self.job()
        return True
''',
        # Cleared only when the job succeeds: after one failure the job never runs again.
        "reset-not-in-finally": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self.running = False

    async def __call__(self):
        if self.running:
            self.skipped += 1
            return False
        self.running = True
        self.runs += 1
        await self.job()
        self.running = False
        return True
''',
        # A lock waits instead of skipping: no overlap, but the runs queue up and none is skipped.
        "lock-waits": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self.lock = asyncio.Lock()

    async def __call__(self):
        async with self.lock:
            self.runs += 1
            await self.job()
        return True
''',
        # Swallows the job's exception: the caller (the timer's log, the endpoint's 500) never hears of it.
        "swallows-job-error": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self.running = False

    async def __call__(self):
        if self.running:
            self.skipped += 1
            return False
        self.running = True
        self.runs += 1
        try:
            await self.job()
        except Exception:
            log.exception("the guarded job failed")
        finally:
            self.running = False
        return True
''',
        # A skipped call waits for the run in progress to end before it returns False: not "at once".
        "skip-waits-for-run": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self.running = False
        self.finished = asyncio.Event()

    async def __call__(self):
        if self.running:
            self.skipped += 1
            await self.finished.wait()  # "report when the fresh result is there"
            return False
        self.running = True
        self.finished.clear()
        self.runs += 1
        try:
            await self.job()
        finally:
            self.running = False
            self.finished.set()
        return True
''',
        # One module-level flag for every guard: a run of one job makes every other guard skip.
        "module-flag": '''
_running = False


class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0

    async def __call__(self):
        global _running
        if _running:
            self.skipped += 1
            return False
        _running = True
        self.runs += 1
        try:
            await self.job()
        finally:
            _running = False
        return True
''',
    },
}

RIGHT_ANSWERS = {
    "heartbeat": {
        # `await task` with its CancelledError caught, log.error(..., exc_info=True), a restart check with done().
        "await-and-catch": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="heartbeat")

    async def _run(self):
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.beat()
                self.beats += 1
            except Exception:
                self.failures += 1
                log.error("heartbeat number %d failed", self.beats + self.failures, exc_info=True)

    async def stop(self):
        if self._task is None:
            return
        task = self._task
        self._task = None
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
''',
        # One sleep before the loop and one after each beat (the same schedule), ensure_future, log.exception.
        "sleep-before-loop-and-after-beat": '''
class Heartbeat:
    def __init__(self, beat, period=0.05):
        self.beat = beat
        self.period = period
        self.beats = 0
        self.failures = 0
        self._task = None

    async def start(self):
        if self._task is None:
            self._task = asyncio.ensure_future(self._loop())

    async def _loop(self):
        await asyncio.sleep(self.period)
        while True:
            try:
                await self.beat()
            except Exception:
                self.failures += 1
                log.exception("heartbeat failed")
            else:
                self.beats += 1
            await asyncio.sleep(self.period)

    async def stop(self):
        if self._task is not None:
            task, self._task = self._task, None
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
''',
    },
    "session-sweeper": {
        # A timedelta for the period, is_running(), and a list of the expired ids built first.
        "timedelta-and-is-running": '''
import datetime


class SessionSweeper:
    def __init__(self, sessions, period=0.05):
        self.sessions = sessions
        self.period = period
        self.sweeps = 0
        self.removed = 0
        self._callback = None

    def sweep(self):
        now = time.monotonic()
        for session_id in [sid for sid in self.sessions if self.sessions[sid] <= now]:
            self.sessions.pop(session_id)
            self.removed += 1
        self.sweeps += 1

    async def start(self):
        if self._callback is not None and self._callback.is_running():
            return
        self._callback = PeriodicCallback(self.sweep, datetime.timedelta(seconds=self.period))
        self._callback.start()

    async def stop(self):
        if self._callback is not None and self._callback.is_running():
            self._callback.stop()
''',
    },
    "no-overlap": {
        # An asyncio.Lock: locked() to skip, and `async with` (which takes a free lock without yielding) to run.
        "lock-locked": '''
class NoOverlap:
    def __init__(self, job):
        self.job = job
        self.runs = 0
        self.skipped = 0
        self._lock = asyncio.Lock()

    async def __call__(self):
        if self._lock.locked():
            self.skipped += 1
            return False
        async with self._lock:
            self.runs += 1
            await self.job()
            return True
''',
    },
}
