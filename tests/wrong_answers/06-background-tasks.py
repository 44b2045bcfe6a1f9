"""Plausible wrong answers to lesson 06, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "start-and-poll": {
        # Awaits the work inside POST: the client waits for the whole job, and never sees it running.
        "awaits-the-work": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        await run_job(job, write_report(job, duration, fail))
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # Checks the type but not the range: a client can start a job of an hour (or a year).
        "no-duration-bound": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)):
            raise tornado.web.HTTPError(400, reason="duration must be a number")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # Fire and forget: the task is not kept in the job, so only the loop's weak reference holds it.
        "task-not-kept": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # bool is a subclass of int: {"duration": true} is taken for a duration of 1 second.
        "bool-accepted": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # Two "out of range" comparisons: NaN is neither <= 0 nor > MAX_DURATION, so it is accepted.
        "nan-accepted": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)):
            raise tornado.web.HTTPError(400, reason="duration must be a number")
        if duration <= 0 or duration > MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="duration out of range")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # `<` where the text says "at most": a duration of exactly MAX_DURATION is refused.
        "max-excluded": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration < MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # Creates the job before checking the body: a refused request leaves a job that never runs in the table.
        "job-before-check": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        job = self.jobs.new_job()
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        self.write(job.as_dict())
''',
        # GET of an unknown id calls as_dict() on None: a 500 instead of a 404.
        "unknown-id-500": '''
class StartReportHandler(JobHandlerBase):
    async def post(self):
        body = self.json_body()
        duration = body.get("duration", DEFAULT_DURATION)
        fail = body.get("fail", False)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            raise tornado.web.HTTPError(400, reason="bad duration")
        if not isinstance(fail, bool):
            raise tornado.web.HTTPError(400, reason="fail must be true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail)), name=f"job-{job.id}")
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class ReportStatusHandler(JobHandlerBase):
    async def get(self, job_id):
        self.write(self.jobs.get(job_id).as_dict())
''',
    },
    "cancel-job": {
        # Marks the job cancelled without calling task.cancel(): the task keeps running, and ends "done".
        "mark-without-cancel": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.status = "cancelled"
        self.write(job.as_dict())
''',
        # The export swallows CancelledError to "stop quietly": its task ends normally and the job says "done".
        "swallows-cancellation": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        return {"rows": 0}
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        await asyncio.wait({job.task}, timeout=CANCEL_WAIT)
        self.write(job.as_dict())
''',
        # Cancels, but answers at once: the task has not run yet, so the answer still says "running".
        "answers-before-stopped": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        self.write(job.as_dict())
''',
        # Lets the cancellation through, but leaves the half-written export behind.
        "keeps-partial-export": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    for n in range(1, rows + 1):
        await asyncio.sleep(step_seconds)
        EXPORTS[job.id].append(f"order {n}")
        job.progress = 100 * n // rows
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        await asyncio.wait({job.task}, timeout=CANCEL_WAIT)
        self.write(job.as_dict())
''',
        # Waits for the cancelled task without a bound: a job that delays its cancellation holds the DELETE for ever.
        "unbounded-wait": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        await asyncio.wait({job.task})
        self.write(job.as_dict())
''',
        # Awaits the task itself (catching its CancelledError): no bound either, for a job that is slow to stop.
        "awaits-the-task": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        try:
            await job.task
        except asyncio.CancelledError:
            pass
        self.write(job.as_dict())
''',
        # wait_for at its timeout cancels again, then waits for ever for a task that does not stop when cancelled.
        "wait-for": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        try:
            await asyncio.wait_for(job.task, CANCEL_WAIT)
        except (asyncio.CancelledError, asyncio.TimeoutError):
            pass
        self.write(job.as_dict())
''',
        # No 409: a finished job is "cancelled" again (a no-op) and answered 200, as if the DELETE had done something.
        "no-409-for-finished": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        job.task.cancel()
        await asyncio.wait({job.task}, timeout=CANCEL_WAIT)
        self.write(job.as_dict())
''',
        # Cleans up only when rows were written: an export cancelled before its first row leaves EXPORTS[job.id] = [].
        "keeps-empty-export": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    EXPORTS[job.id] = []
    try:
        for n in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            EXPORTS[job.id].append(f"order {n}")
            job.progress = 100 * n // rows
    except asyncio.CancelledError:
        if EXPORTS[job.id]:
            del EXPORTS[job.id]
        raise
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="no such job")
        if job.finished_at is not None:
            self.set_status(409)
            self.write({"error": f"the job is already {job.status}", "status": job.status})
            return
        job.task.cancel()
        await asyncio.wait({job.task}, timeout=CANCEL_WAIT)
        self.write(job.as_dict())
''',
    },
    "bounded-table": {
        # Keeps the newest entries whatever their state: running jobs are forgotten too.
        "evicts-running": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        forgotten = 0
        for job in list(self.by_id.values()):
            if job.finished_at is not None and now - job.finished_at > self.keep_for:
                del self.by_id[job.id]
                forgotten += 1
        while len(self.by_id) > self.max_finished:
            del self.by_id[next(iter(self.by_id))]
            forgotten += 1
        return forgotten
''',
        # A bound on the count only: finished jobs are never forgotten for their age.
        "count-only": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        finished = sorted((job for job in self.by_id.values() if job.finished_at is not None),
                          key=lambda job: job.finished_at)
        too_many = finished[:max(0, len(finished) - self.max_finished)]
        for job in too_many:
            del self.by_id[job.id]
        return len(too_many)
''',
        # Forgets the finished jobs that STARTED first (the table's order), not the ones that finished first.
        "start-order": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        too_old = [job for job in self.by_id.values()
                   if job.finished_at is not None and now - job.finished_at > self.keep_for]
        for job in too_old:
            del self.by_id[job.id]
        finished = [job for job in self.by_id.values() if job.finished_at is not None]
        too_many = finished[:max(0, len(finished) - self.max_finished)]
        for job in too_many:
            del self.by_id[job.id]
        return len(too_old) + len(too_many)
''',
        # `recent[:-self.max_finished]`: with max_finished=0 that is recent[:0], so young finished jobs are never forgotten.
        "slice-minus-zero": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        finished = sorted((job for job in self.by_id.values() if job.finished_at is not None),
                          key=lambda job: job.finished_at)
        too_old = [job for job in finished if now - job.finished_at > self.keep_for]
        recent = [job for job in finished if now - job.finished_at <= self.keep_for]
        too_many = recent[:-self.max_finished] if len(recent) > self.max_finished else []
        for job in too_old + too_many:
            del self.by_id[job.id]
        return len(too_old) + len(too_many)
''',
        # Treats max_finished=0 as "no limit" (`if self.max_finished and ...`): young finished jobs are all kept.
        "zero-means-unlimited": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        forgotten = 0
        for job in list(self.by_id.values()):
            if job.finished_at is not None and now - job.finished_at > self.keep_for:
                del self.by_id[job.id]
                forgotten += 1
        finished = sorted((job for job in self.by_id.values() if job.finished_at is not None),
                          key=lambda job: job.finished_at)
        if self.max_finished and len(finished) > self.max_finished:
            for job in finished[:len(finished) - self.max_finished]:
                del self.by_id[job.id]
                forgotten += 1
        return forgotten
''',
        # `>=` where the text says "older than": a job exactly keep_for seconds old is forgotten.
        "age-inclusive": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        finished = sorted((job for job in self.by_id.values() if job.finished_at is not None),
                          key=lambda job: job.finished_at)
        too_old = [job for job in finished if now - job.finished_at >= self.keep_for]
        recent = [job for job in finished if now - job.finished_at < self.keep_for]
        too_many = recent[:max(0, len(recent) - self.max_finished)]
        for job in too_old + too_many:
            del self.by_id[job.id]
        return len(too_old) + len(too_many)
''',
        # Age only: the bound on the number of finished jobs is never applied.
        "age-only": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        now = self.clock()
        too_old = [job for job in self.by_id.values()
                   if job.finished_at is not None and now - job.finished_at > self.keep_for]
        for job in too_old:
            del self.by_id[job.id]
        return len(too_old)
''',
    },
}

RIGHT_ANSWERS = {
    "start-and-poll": {
        # math.isfinite and type() instead of the range trick, its own messages, finish() and an explicit 404 body.
        "isfinite-and-finish": '''
import math


class StartReportHandler(JobHandlerBase):
    async def post(self):
        params = self.json_body()
        duration = params.get("duration", DEFAULT_DURATION)
        if type(duration) not in (int, float) or not math.isfinite(duration):
            raise tornado.web.HTTPError(400, reason="duration: a number of seconds, please")
        if duration <= 0 or duration > MAX_DURATION:
            raise tornado.web.HTTPError(400, reason=f"duration: from just above 0 to {MAX_DURATION} s")
        fail = params.get("fail", False)
        if fail is not True and fail is not False:
            raise tornado.web.HTTPError(400, reason="fail: true or false")
        job = self.jobs.new_job()
        job.task = asyncio.create_task(run_job(job, write_report(job, duration, fail=fail)), name="job-" + job.id)
        self.set_status(202)
        self.set_header("Location", "/jobs/" + job.id)
        self.finish({"id": job.id, "status": "running"})


class ReportStatusHandler(JobHandlerBase):
    def get(self, job_id):
        if job_id not in self.jobs:
            self.set_status(404)
            self.finish({"error": f"unknown job {job_id}"})
            return
        self.finish(self.jobs.get(job_id).as_dict())
''',
    },
    "cancel-job": {
        # Cleanup in a finally with a flag, EXPORTS.pop; 409 and 200 with finish(); wait() with a list.
        "finally-and-pop": '''
async def export_orders(job, rows, step_seconds=STEP_SECONDS):
    rows_written = EXPORTS[job.id] = []
    complete = False
    try:
        for number in range(1, rows + 1):
            await asyncio.sleep(step_seconds)
            rows_written.append(f"order {number}")
            job.progress = 100 * number // rows
        complete = True
    finally:
        if not complete:
            EXPORTS.pop(job.id, None)
    return {"rows": rows}


class CancelJobHandler(JobHandlerBase):
    async def delete(self, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise tornado.web.HTTPError(404, reason="unknown job")
        if job.task is None or job.task.done() or job.finished_at is not None:
            self.set_status(409)
            return self.finish({"error": "nothing to cancel", "status": job.status})
        job.task.cancel()
        done, pending = await asyncio.wait([job.task], timeout=CANCEL_WAIT)
        self.set_status(200)
        self.finish(job.as_dict())
''',
    },
    "bounded-table": {
        # Removes one job at a time: the oldest by min(), until the rules hold.
        "one-at-a-time": '''
class BoundedJobTable(JobTable):
    def __init__(self, max_finished=100, keep_for=300.0, clock=time.monotonic):
        super().__init__(clock=clock)
        self.max_finished = max_finished
        self.keep_for = keep_for

    def evict(self):
        removed = 0
        for job_id, job in list(self.by_id.items()):
            if job.finished_at is not None and self.clock() - job.finished_at > self.keep_for:
                self.by_id.pop(job_id)
                removed += 1
        while True:
            finished = [job for job in self.by_id.values() if job.finished_at is not None]
            if len(finished) <= self.max_finished:
                return removed
            first = min(finished, key=lambda job: job.finished_at)
            self.by_id.pop(first.id)
            removed += 1
''',
    },
}
