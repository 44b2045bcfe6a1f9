"""Plausible wrong answers to lesson 08, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "job-worker": {
        # The guide's worker: task_done() only after a success, so a failed job keeps join() waiting for ever.
        "task-done-only-on-success": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        job.status = "running"
        try:
            job.result = await service.process(job.payload)
            job.status = "done"
            service.queue.task_done()
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # "A worker must never die": except BaseException also catches the CancelledError of a job in progress,
        # so cancel() in the middle of a job marks it failed and the worker goes on.
        "swallows-cancellation": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        job.status = "running"
        try:
            job.result = await service.process(job.payload)
            job.status = "done"
        except BaseException as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # The exception's text becomes the job's error, which GET /jobs/<id> shows to any client.
        "leaks-error-text": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = str(error)
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # One task per pool instead of n: the queue is worked through one job at a time.
        "one-worker-for-the-pool": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    task = asyncio.create_task(job_worker(service), name=f"{prefix}-1")
    service.workers.append(task)
    return [task]
''',
        # start_workers replaces service.workers with its new tasks: workers started earlier are lost to shutdown.
        "replaces-worker-list": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    service.workers = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}")
                       for number in range(1, n + 1)]
    return service.workers
''',
        # Never sets "running": a client polling GET /jobs/<id> reads "queued" while its job is being done.
        "status-never-running": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # Logs a fixed line without exc_info: the failure's detail never reaches the log.
        "log-without-detail": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception:
            log.error("job %s failed", job.id)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # task_done() in the except and again in the finally: a failed job counts twice, so join() returns too early.
        "task-done-twice": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error("job %s failed", job.id, exc_info=error)
            job.status = "failed"
            job.error = JOB_FAILED
            service.queue.task_done()
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # Logs only the exception's text (the examiner's worker-w2): the record carries no exception, no traceback.
        "text-only-f-string": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.error(f"job {job.id} failed: {error}")
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # The error's text as a %s argument, at WARNING: the detail is in the message, the traceback is lost.
        "text-only-warning": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            log.warning("job %s failed: %s", job.id, error)
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
        # log.exception() after the try statement, where no exception is being handled: the record carries none.
        "log-exception-after-try": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        failure = None
        try:
            job.status = "running"
            job.result = await service.process(job.payload)
            job.status = "done"
        except Exception as error:
            failure = error
            job.status = "failed"
            job.error = JOB_FAILED
        finally:
            service.queue.task_done()
        if failure is not None:
            log.exception("job %s failed: %s", job.id, failure)


def start_workers(service, n, prefix="worker"):
    tasks = [asyncio.create_task(job_worker(service), name=f"{prefix}-{number}") for number in range(1, n + 1)]
    service.workers.extend(tasks)
    return tasks
''',
    },
    "job-api": {
        # No maxsize: nothing is ever refused, the queue only grows.
        "unbounded-queue": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "queue full"})
            return
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # await queue.put on a bounded queue: a request that finds the queue full hangs until there is room.
        "await-put-blocks-the-request": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        await self.service.queue.put(job)
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # A 503 that does not say when to come back.
        "503-without-retry-after": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.write({"error": "queue full"})
            return
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # put_nowait without catching QueueFull: a full queue becomes a 500.
        "queue-full-is-a-500": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        self.service.queue.put_nowait(job)
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # Records the job before trying the queue: a refused job stays "queued" for ever at GET /jobs/<id>.
        "records-refused-jobs": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        self.service.jobs[job.id] = job
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "queue full"})
            return
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # Checks service.accepting only after queuing the job: refused during shutdown, it is still run by a worker.
        "refused-job-queued": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "queue full"})
            return
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # The 503 of a shutdown says nothing about when to come back: no Retry-After.
        "shutdown-503-without-retry-after": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "queue full"})
            return
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.set_header("Location", f"/jobs/{job.id}")
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
        # No Location header: the client has to build the job's URL itself.
        "no-location": '''
class JobsHandler(tornado.web.RequestHandler):
    """POST /jobs: accept a job when there is room in the queue."""

    def initialize(self, service):
        self.service = service

    async def post(self):
        if not self.service.accepting:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "shutting down"})
            return
        try:
            payload = parse_job_request(self.request.body)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": str(error)})
            return
        job = Job(payload)
        try:
            self.service.queue.put_nowait(job)
        except asyncio.QueueFull:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
            self.write({"error": "queue full"})
            return
        self.service.jobs[job.id] = job
        self.set_status(202)
        self.write({"id": job.id, "status": job.status})


class JobStatusHandler(tornado.web.RequestHandler):
    """GET /jobs/<id>: what became of a job."""

    def initialize(self, service):
        self.service = service

    async def get(self, job_id):
        job = self.service.jobs.get(job_id)
        if job is None:
            self.set_status(404)
            self.write({"error": "no job with this id"})
            return
        self.write({"id": job.id, "status": job.status, "result": job.result, "error": job.error})


def make_jobs_app(process, queue_size):
    service = JobService(asyncio.Queue(maxsize=queue_size), process)
    routes = [
        (r"/jobs", JobsHandler, {"service": service}),
        (r"/jobs/([^/]+)", JobStatusHandler, {"service": service}),
    ]
    return tornado.web.Application(routes), service
''',
    },
    "shutdown": {
        # cancel() without awaiting: the worker tasks are still alive when shutdown() returns.
        "cancel-without-await": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in service.workers:
        worker.cancel()
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Cancels the workers first, then waits for the queue: nobody is left to take the queued jobs.
        "cancel-before-join": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # The guide's stop(): cancels and awaits, but the unfinished jobs stay "queued" or "running" for ever.
        "unfinished-jobs-not-cancelled": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
''',
        # A drain without a deadline: one slow job, or no worker at all, holds shutdown for ever.
        "drain-without-deadline": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        await service.queue.join()
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Lets the drain's TimeoutError out of shutdown(): a drain that runs out of time ends in an error, and leaves the workers running.
        "drain-timeout-raises": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        await asyncio.wait_for(service.queue.join(), timeout)
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Awaits the cancelled workers with a plain gather(): their CancelledError is raised in shutdown().
        "gather-raises-cancelled": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers)
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Empties the queue without task_done(): the unfinished count stays up, and join() waits for ever.
        "queue-not-settled": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    while not service.queue.empty():
        service.queue.get_nowait()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Stops accepting only after the drain: jobs can still be accepted while the queue is drained.
        "accepting-set-late": '''
async def shutdown(service, drain=True, timeout=5.0):
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    service.accepting = False
    for worker in service.workers:
        worker.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # asyncio.wait() on the workers: with no worker (never started, or a second shutdown) it raises ValueError.
        "wait-on-no-workers": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in service.workers:
        worker.cancel()
    await asyncio.wait(service.workers)
    service.workers.clear()
    while not service.queue.empty():
        service.queue.get_nowait()
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Always waits on join() when draining (the examiner's shut-w2): with no worker running it waits its whole timeout.
        "drain-with-no-worker": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    workers = list(service.workers)
    if drain:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass  # out of time: carry on as with drain=False
    for worker in workers:
        worker.cancel()
    if workers:
        await asyncio.gather(*workers, return_exceptions=True)
    while True:
        try:
            service.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
        # Drains whenever service.workers is not empty: workers that have all ended are still listed, and take no job.
        "drain-when-workers-listed": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    workers = list(service.workers)
    if drain and workers:
        try:
            await asyncio.wait_for(service.queue.join(), timeout)
        except TimeoutError:
            pass
    for worker in workers:
        worker.cancel()
    if workers:
        await asyncio.gather(*workers, return_exceptions=True)
    while True:
        try:
            service.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        service.queue.task_done()
    for job in service.jobs.values():
        if job.status in ("queued", "running"):
            job.status = "cancelled"
            job.error = JOB_CANCELLED
''',
    },
}

RIGHT_ANSWERS = {
    "job-worker": {
        # try/except/else with task_done() after a separate try; `service.workers += tasks`; a for loop of create_task.
        "else-and-plus-equals": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        try:
            job.status = "running"
            try:
                outcome = await service.process(job.payload)
            except Exception as error:
                log.error("job %s failed", job.id, exc_info=error)
                job.error, job.status = JOB_FAILED, "failed"
            else:
                job.result, job.status = outcome, "done"
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    started = []
    for number in range(n):
        started.append(asyncio.create_task(job_worker(service), name=prefix + "-" + str(number + 1)))
    service.workers += started
    return started
''',
        # log.exception() inside the except (the record carries the exception being handled); a list comprehension.
        "log-exception": '''
async def job_worker(service):
    while True:
        job = await service.queue.get()
        job.status = "running"
        try:
            job.result = await service.process(job.payload)
        except Exception:
            job.status, job.error = "failed", JOB_FAILED
            log.exception("job %s failed", job.id)
        else:
            job.status = "done"
        finally:
            service.queue.task_done()


def start_workers(service, n, prefix="worker"):
    new = [asyncio.create_task(job_worker(service), name=f"{prefix}-{i + 1}") for i in range(n)]
    service.workers.extend(new)
    return new
''',
    },
    "job-api": {
        # Everything in one post(), messages of its own, finish(), Retry-After as an int.
        "one-method": '''
class JobsHandler(tornado.web.RequestHandler):
    def initialize(self, service):
        self.service = service

    def post(self):
        if self.service.accepting:
            try:
                payload = parse_job_request(self.request.body)
            except ValueError as problem:
                self.set_status(400)
                return self.finish({"error": str(problem)})
            job = Job(payload)
            try:
                self.service.queue.put_nowait(job)
            except asyncio.QueueFull:
                pass
            else:
                self.service.jobs[job.id] = job
                self.set_status(202)
                self.set_header("Location", "/jobs/" + job.id)
                return self.finish({"id": job.id, "status": "queued"})
        self.set_status(503)
        self.set_header("Retry-After", RETRY_AFTER_SECONDS)
        self.finish({"error": "busy: please try again later"})


class JobStatusHandler(tornado.web.RequestHandler):
    def initialize(self, service):
        self.service = service

    def get(self, job_id):
        if job_id not in self.service.jobs:
            self.set_status(404)
            return self.finish({"error": "unknown job"})
        job = self.service.jobs[job_id]
        self.finish({key: getattr(job, key) for key in ("id", "status", "result", "error")})


def make_jobs_app(process, queue_size):
    service = JobService(queue=asyncio.Queue(queue_size), process=process)
    return tornado.web.Application([
        (r"/jobs", JobsHandler, dict(service=service)),
        (r"/jobs/(.+)", JobStatusHandler, dict(service=service)),
    ]), service
''',
    },
    "shutdown": {
        # asyncio.timeout() for the deadline, not all(done()) for a running worker, jobs marked before the queue is
        # emptied, the worker list kept.
        "timeout-context": '''
async def shutdown(service, drain=True, timeout=5.0):
    service.accepting = False
    if drain and not all(task.done() for task in service.workers):
        try:
            async with asyncio.timeout(timeout):
                await service.queue.join()
        except TimeoutError:
            log.warning("the drain ran out of time")
    for task in service.workers:
        task.cancel()
    await asyncio.gather(*service.workers, return_exceptions=True)
    for job in service.jobs.values():
        if job.status == "queued" or job.status == "running":
            job.status, job.error = "cancelled", JOB_CANCELLED
    while True:
        try:
            service.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        service.queue.task_done()
''',
    },
}
