"""Plausible wrong answers to lesson 02, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "dashboard-handler": {
        # Plain gather: the first failed part raises, and the whole request becomes a 500.
        "gather-without-return-exceptions": '''
class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        except ValueError:
            self.set_status(400)
            self.write({"error": "fail must name parts among: " + ", ".join(PARTS)})
            return
        results = await asyncio.gather(*(load_part(name, failing) for name in PARTS))
        parts = {name: {"ok": True, "data": result} for name, result in zip(PARTS, results)}
        self.write({"parts": parts, "failed": []})
''',
        # The guide's report: the exception's text (an internal address, a user name) goes to the client.
        "leaks-exception-text": '''
class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        except ValueError:
            self.set_status(400)
            self.write({"error": "fail must name parts among: " + ", ".join(PARTS)})
            return
        results = await asyncio.gather(*(load_part(name, failing) for name in PARTS), return_exceptions=True)
        parts, failed = {}, []
        for name, result in zip(PARTS, results):
            if isinstance(result, BaseException):
                parts[name] = {"ok": False, "error": f"{name} failed: {result}"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
        # Right answers, one part after the other: the server never sees the parts load together.
        "sequential-awaits": '''
class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        except ValueError:
            self.set_status(400)
            self.write({"error": "fail must name parts among: " + ", ".join(PARTS)})
            return
        parts, failed = {}, []
        for name in PARTS:
            try:
                data = await load_part(name, failing)
            except Exception as error:
                log.error("dashboard: part %s failed", name, exc_info=error)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": data}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
        # Every part failed, and the client is still told 200 OK.
        "always-200": '''
class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        except ValueError:
            self.set_status(400)
            self.write({"error": "fail must name parts among: " + ", ".join(PARTS)})
            return
        results = await asyncio.gather(*(load_part(name, failing) for name in PARTS), return_exceptions=True)
        parts, failed = {}, []
        for name, result in zip(PARTS, results):
            if isinstance(result, BaseException):
                log.error("dashboard: part %s failed", name, exc_info=result)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        self.write({"parts": parts, "failed": failed})
''',
    },
    "json-write-error": {
        # HTTPErrors are right, but any other exception's text is sent "to help the client".
        "leaks-exception-text": '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, tornado.web.HTTPError):
            message = error.reason or httputil.responses.get(status_code, "Unknown Error")
        elif error is not None:
            message = str(error)
        else:
            message = kwargs.get("reason") or httputil.responses.get(status_code, "Unknown Error")
        self.finish({"error": message})
''',
        # Every error becomes a 500, whatever status Tornado was sending.
        "always-500": '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
        self.set_status(500)
        self.finish({"error": "Internal Server Error"})
''',
        # The section's first version: safe, but the reasons written for the client are lost.
        "ignores-reason": '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
        self.finish({"error": httputil.responses.get(status_code, "Unknown Error")})
''',
        # Takes the reason from an HTTPError but forgets the one send_error passes as a keyword argument.
        "ignores-send-error-reason": '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        message = httputil.responses.get(status_code, "Unknown Error")
        if isinstance(error, tornado.web.HTTPError) and error.reason:
            message = error.reason
        self.finish({"error": message})
''',
    },
    "cancellable-worker": {
        # "A worker must never die": it catches CancelledError too, so task.cancel() cannot stop it.
        "except-baseexception": '''
async def worker(queue, process, outcomes):
    while True:
        try:
            job = await queue.get()
            try:
                await process(job)
                outcomes.append((job, "done"))
            finally:
                queue.task_done()
        except BaseException as error:
            log.error("worker: a job failed", exc_info=error)
            outcomes.append((job, "failed"))
''',
        # Catches CancelledError while waiting for a job and carries on: cancellation is swallowed.
        "swallows-cancelled-error": '''
async def worker(queue, process, outcomes):
    while True:
        try:
            job = await queue.get()
        except asyncio.CancelledError:
            continue  # keep the worker alive
        try:
            await process(job)
        except Exception as error:
            log.error("worker: job %r failed", job, exc_info=error)
            outcomes.append((job, "failed"))
        else:
            outcomes.append((job, "done"))
        finally:
            queue.task_done()
''',
        # The guide's `except CancelledError: break`: the task ends, but as if it had finished normally.
        "returns-on-cancel": '''
async def worker(queue, process, outcomes):
    while True:
        try:
            job = await queue.get()
        except asyncio.CancelledError:
            break
        try:
            await process(job)
        except Exception as error:
            log.error("worker: job %r failed", job, exc_info=error)
            outcomes.append((job, "failed"))
        else:
            outcomes.append((job, "done"))
        finally:
            queue.task_done()
''',
        # Catches nothing: the first failed job ends the worker, and the jobs after it wait for ever.
        "no-error-handling": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        await process(job)
        outcomes.append((job, "done"))
        queue.task_done()
''',
    },
}
