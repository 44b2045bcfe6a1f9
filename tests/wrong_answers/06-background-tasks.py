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
    },
}
