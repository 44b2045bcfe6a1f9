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
DASH_HEAD = '''
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
'''
WRONG_ANSWERS["dashboard-handler"].update({
    # Logs that a part failed, but not why: the detail (exc_info) never reaches the log.
    "logs-without-detail": DASH_HEAD + '''                log.error("dashboard: part %s failed", name)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
    # 502 as soon as any part failed: a dashboard with two good parts is reported as a failure.
    "502-when-any-part-failed": DASH_HEAD + '''                log.error("dashboard: part %s failed", name, exc_info=result)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if failed:
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
    # Trusts parse_failing: an unknown name in ?fail= is a ValueError, so a 500 and an HTML page.
    "bad-fail-value-500": '''
class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        results = await asyncio.gather(*(load_part(name, failing) for name in PARTS), return_exceptions=True)
        parts, failed = {}, []
        for name, result in zip(PARTS, results):
            if isinstance(result, BaseException):
                log.error("dashboard: part %s failed", name, exc_info=result)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
    # Safe when some parts load, but with every part failing it answers with the first exception's text.
    "leaks-when-all-failed": DASH_HEAD + '''                log.error("dashboard: part %s failed", name, exc_info=result)
                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
            self.write({"parts": parts, "failed": failed, "cause": str(results[0])})
            return
        self.write({"parts": parts, "failed": failed})
''',
    # Logs the exception's text at WARNING (the examiner's dash-w2): the record carries no exception, no traceback.
    "warning-with-text-only": DASH_HEAD + '''                log.warning(f"dashboard: {name} failed: {result}")
''' + '''                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
    # log.exception() in the loop over gather's results: no exception is being handled there, so none is attached.
    "log-exception-outside-except": DASH_HEAD + '''                log.exception("dashboard: part %s failed: %s", name, result)
''' + '''                parts[name] = {"ok": False, "error": f"{name} is unavailable"}
                failed.append(name)
            else:
                parts[name] = {"ok": True, "data": result}
        if len(failed) == len(PARTS):
            self.set_status(502)
        self.write({"parts": parts, "failed": failed})
''',
})

WRITE_ERROR_DOC = '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
'''
WRONG_ANSWERS["json-write-error"].update({
    # Falls back on the HTTPError's log_message, which is for the log only (here it holds a database address).
    "shows-log-message": WRITE_ERROR_DOC + '''        error = (kwargs.get("exc_info") or (None, None, None))[1]
        message = kwargs.get("reason")
        if isinstance(error, tornado.web.HTTPError):
            message = error.reason or (error.log_message % error.args if error.log_message else None)
        self.finish({"error": message or httputil.responses.get(status_code, "Unknown Error")})
''',
    # Sends a JSON string, not a dict: the Content-Type stays text/html.
    "json-string-as-html": WRITE_ERROR_DOC + '''        error = (kwargs.get("exc_info") or (None, None, None))[1]
        message = kwargs.get("reason")
        if isinstance(error, tornado.web.HTTPError) and error.reason:
            message = error.reason
        self.finish(json.dumps({"error": message or httputil.responses.get(status_code, "Unknown Error")}))
''',
    # Keeps Tornado's traceback page "for development" when serve_traceback is on: the traceback leaks.
    "traceback-in-debug-mode": WRITE_ERROR_DOC + '''        if self.settings.get("serve_traceback") and "exc_info" in kwargs:
            return super().write_error(status_code, **kwargs)
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        message = kwargs.get("reason")
        if isinstance(error, tornado.web.HTTPError) and error.reason:
            message = error.reason
        self.finish({"error": message or httputil.responses.get(status_code, "Unknown Error")})
''',
    # str() of an HTTPError is "HTTP 404: no order 8", not the reason.
    "str-of-http-error": WRITE_ERROR_DOC + '''        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, tornado.web.HTTPError):
            message = str(error)
        else:
            message = kwargs.get("reason") or httputil.responses.get(status_code, "Unknown Error")
        self.finish({"error": message})
''',
})

WRONG_ANSWERS["cancellable-worker"].update({
    # Logs only the exception's text: the record carries no exception and no traceback.
    "logs-text-only": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            await process(job)
        except Exception as error:
            log.error(f"worker: job {job!r} failed: {error}")
            outcomes.append((job, "failed"))
        else:
            outcomes.append((job, "done"))
        finally:
            queue.task_done()
''',
    # task_done() in the except and again in the finally: a failed job calls it twice (ValueError), the worker dies.
    "task-done-twice-on-failure": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            await process(job)
            outcomes.append((job, "done"))
        except Exception as error:
            log.error("worker: job %r failed", job, exc_info=error)
            outcomes.append((job, "failed"))
            queue.task_done()
        finally:
            queue.task_done()
''',
    # task_done() only after a job that returned or raised: a job interrupted by cancellation never gets it.
    "no-task-done-on-cancel": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            await process(job)
        except Exception as error:
            log.error("worker: job %r failed", job, exc_info=error)
            outcomes.append((job, "failed"))
            queue.task_done()
        else:
            outcomes.append((job, "done"))
            queue.task_done()
''',
    # The finally also covers queue.get(): cancelled while idle, it calls task_done() for a job it never took.
    "task-done-for-untaken-job": '''
async def worker(queue, process, outcomes):
    while True:
        try:
            job = await queue.get()
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
})

RIGHT_ANSWERS = {
    "dashboard-handler": {
        # Each load catches its own failure (log.exception), then a plain gather; the status from any().
        "wrapped-loads": '''
async def load_or_none(name, failing):
    try:
        return True, await load_part(name, failing)
    except Exception:
        log.exception("dashboard: the %s part failed", name)
        return False, None


class DashboardHandler(tornado.web.RequestHandler):
    async def get(self):
        try:
            failing = parse_failing(self.get_query_argument("fail", ""), PARTS)
        except ValueError as error:
            self.set_status(400)
            self.write({"error": "unknown part in fail; known parts: " + ", ".join(PARTS)})
            return
        loaded = await asyncio.gather(*(load_or_none(name, failing) for name in PARTS))
        parts = {name: ({"ok": True, "data": data} if ok else {"ok": False, "error": f"{name} is unavailable"})
                 for name, (ok, data) in zip(PARTS, loaded)}
        self.set_status(200 if any(ok for ok, _ in loaded) else 502)
        self.write({"parts": parts, "failed": [name for name, (ok, _) in zip(PARTS, loaded) if not ok]})
''',
    },
    "json-write-error": {
        # The reason send_error has already chosen for the status line (self._reason), sent as JSON text.
        "status-line-reason": '''
class JsonErrorsHandler(tornado.web.RequestHandler):
    """Base class: every error response is the JSON object {"error": message}."""

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps({"error": self._reason}))
''',
    },
    "cancellable-worker": {
        # Puts the interrupted job back in the queue for another worker before re-raising (the text allows it).
        "requeue-on-cancel": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            await process(job)
        except asyncio.CancelledError:
            queue.put_nowait(job)  # not handled: leave it for another worker
            raise
        except Exception as error:
            log.error("worker: job %r failed", job, exc_info=error)
            outcomes.append((job, "failed"))
        else:
            outcomes.append((job, "done"))
        finally:
            queue.task_done()
''',
        # log.exception() inside the except: the record carries the exception being handled.
        "log-exception": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            await process(job)
            outcomes.append((job, "done"))
        except Exception:
            log.exception("worker: job %r failed", job)
            outcomes.append((job, "failed"))
        finally:
            queue.task_done()
''',
        # An explicit CancelledError handler that logs, marks the job handled and re-raises.
        "log-and-reraise": '''
async def worker(queue, process, outcomes):
    while True:
        job = await queue.get()
        try:
            result = await process(job)
        except asyncio.CancelledError:
            log.warning("worker: cancelled during job %r", job)
            queue.task_done()
            raise
        except Exception as error:
            outcomes.append((job, "failed"))
            queue.task_done()
            log.error("job %s: %s", job, error, exc_info=True)
            continue
        outcomes.append((job, "done"))
        queue.task_done()
''',
    },
}
