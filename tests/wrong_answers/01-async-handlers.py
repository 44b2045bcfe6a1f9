"""Plausible wrong answers to lesson 01, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "order-handler": {
        # The guide's way: decodes the body with no check, so a body that is not JSON is a 500.
        "decode-without-try": '''
class OrderHandler(JsonHandler):
    async def post(self):
        order = tornado.escape.json_decode(self.request.body)
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if type(quantity) is not int or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # Indexes the fields directly: a missing field is a KeyError, so a 500.
        "missing-field-keyerror": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        item, quantity = order["item"], order["quantity"]
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if type(quantity) is not int or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # Converts with int() instead of checking the type: "3", 2.5 and true are accepted.
        "quantity-converted-not-checked": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
            item = order["item"]
            quantity = int(order["quantity"])
        except (ValueError, KeyError, TypeError):
            raise ClientError(400, "the body must be a JSON object with item and quantity") from None
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # Everything right but the status: a created order answers 200, not 201.
        "status-200": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        if not isinstance(order, dict):
            raise ClientError(400, "the body must be a JSON object")
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if type(quantity) is not int or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # isinstance(quantity, int) is True for a JSON true: an order of true apples is accepted.
        "quantity-true-accepted": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        if not isinstance(order, dict):
            raise ClientError(400, "the body must be a JSON object")
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if not isinstance(quantity, int) or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # Boundary: 100 is allowed, but `quantity < 100` refuses it.
        "quantity-100-refused": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        if not isinstance(order, dict):
            raise ClientError(400, "the body must be a JSON object")
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if type(quantity) is not int or not 1 <= quantity < 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # Checks only for an empty item: a blank one ("  ") is looked up and answered 404, not 400.
        "blank-item-looked-up": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        if not isinstance(order, dict):
            raise ClientError(400, "the body must be a JSON object")
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item:
            raise ClientError(400, "'item' must be a non-empty string")
        if type(quantity) is not int or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
        # No check that the JSON is an object: a JSON list has no .get, so a 500.
        "json-list-500": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = json.loads(self.request.body)
        except ValueError:
            raise ClientError(400, "the body is not valid JSON") from None
        item, quantity = order.get("item"), order.get("quantity")
        if not isinstance(item, str) or not item.strip():
            raise ClientError(400, "'item' must be a non-blank string")
        if type(quantity) is not int or not 1 <= quantity <= 100:
            raise ClientError(400, "'quantity' must be a whole number from 1 to 100")
        price = await unit_price_cents(item)
        if price is None:
            raise ClientError(404, f"the shop does not sell {item!r}")
        self.set_status(201)
        self.write({"item": item, "quantity": quantity, "total_cents": price * quantity})
''',
    },
    "dashboard-handler": {
        # Correct answer, but one lookup at a time: the server never sees more than one in flight.
        "sequential-awaits": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "").strip()
        if not user:
            raise ClientError(400, "user is required")
        profile = await fetch_profile(user)
        orders = await fetch_orders(user)
        recommendations = await fetch_recommendations(user)
        self.write({"profile": profile, "orders": orders, "recommendations": recommendations})
''',
        # Concurrent, but the results are unpacked in another order than the coroutines were passed.
        "gather-wrong-order": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "").strip()
        if not user:
            raise ClientError(400, "user is required")
        orders, profile, recommendations = await asyncio.gather(
            fetch_profile(user), fetch_orders(user), fetch_recommendations(user)
        )
        self.write({"profile": profile, "orders": orders, "recommendations": recommendations})
''',
        # The guide's shape: an unnamed list of results.
        "positional-results": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "").strip()
        if not user:
            raise ClientError(400, "user is required")
        results = await asyncio.gather(fetch_profile(user), fetch_orders(user), fetch_recommendations(user))
        self.write({"status": "success", "results": results})
''',
        # No check of the user: a blank user is looked up and answered 200.
        "user-not-checked": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "")
        profile, orders, recommendations = await asyncio.gather(
            fetch_profile(user), fetch_orders(user), fetch_recommendations(user)
        )
        self.write({"profile": profile, "orders": orders, "recommendations": recommendations})
''',
        # One lock for every dashboard, held across the lookups: four dashboards are served one at a time.
        "lock-across-lookups": '''
dashboard_lock = asyncio.Lock()


class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "").strip()
        if not user:
            raise ClientError(400, "user is required")
        async with dashboard_lock:
            profile, orders, recommendations = await asyncio.gather(
                fetch_profile(user), fetch_orders(user), fetch_recommendations(user)
            )
        self.write({"profile": profile, "orders": orders, "recommendations": recommendations})
''',
        # Starts the lookups before checking the user: a request without a user still runs three lookups.
        "lookups-started-before-the-check": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", "").strip()
        tasks = [asyncio.ensure_future(f(user)) for f in (fetch_profile, fetch_orders, fetch_recommendations)]
        if not user:
            raise ClientError(400, "user is required")
        profile, orders, recommendations = await asyncio.gather(*tasks)
        self.write({"profile": profile, "orders": orders, "recommendations": recommendations})
''',
    },
    "word-count-handler": {
        # Calls the blocking function on the event loop's thread: /ping waits for it.
        "direct-call": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        self.write({"words": legacy_word_count(text)})
''',
        # Calls it first, then hands its result (an int) to to_thread: it blocks, then raises TypeError.
        "called-then-offloaded": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        words = await asyncio.to_thread(legacy_word_count(text))
        self.write({"words": words})
''',
        # Hands the call to a thread but forgets to await the future: writing it fails (500).
        "executor-not-awaited": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        words = asyncio.get_running_loop().run_in_executor(None, legacy_word_count, text)
        self.write({"words": words})
''',
        # Wraps the blocking call in a coroutine and awaits that: still runs on the loop's thread.
        "async-wrapper-still-blocks": '''
async def count_words_async(text):
    return legacy_word_count(text)


class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        self.write({"words": await count_words_async(text)})
''',
        # Offloaded correctly, but the body is not checked: {"text": 3} reaches the library (500).
        "body-not-checked": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        text = json.loads(self.request.body)["text"]
        words = await asyncio.to_thread(legacy_word_count, text)
        self.write({"words": words})
''',
        # A lock around the worker thread: the loop stays free, but two counts never run at the same time.
        "lock-around-the-thread": '''
count_lock = asyncio.Lock()


class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        async with count_lock:
            words = await asyncio.to_thread(legacy_word_count, text)
        self.write({"words": words})
''',
        # A pool of one thread: the second count waits for the first.
        "one-thread-pool": '''
from concurrent.futures import ThreadPoolExecutor

count_pool = ThreadPoolExecutor(max_workers=1)


class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str):
            raise ClientError(400, "text must be a string")
        words = await asyncio.get_running_loop().run_in_executor(count_pool, legacy_word_count, text)
        self.write({"words": words})
''',
        # Tests the text's truthiness: an empty text is refused with a 400 instead of counted as 0 words.
        "empty-text-refused": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        data = parse_json_object(self.request.body)
        text = data.get("text")
        if not isinstance(text, str) or not text:
            raise ClientError(400, "text must be a non-empty string")
        words = await asyncio.to_thread(legacy_word_count, text)
        self.write({"words": words})
''',
    },
}

RIGHT_ANSWERS = {
    "order-handler": {
        # json_decode in a try, bool excluded with isinstance, Tornado's own 404 (JsonHandler makes it JSON), finish().
        "json-decode-and-http-error": '''
class OrderHandler(JsonHandler):
    async def post(self):
        try:
            order = tornado.escape.json_decode(self.request.body)
        except (ValueError, UnicodeDecodeError):
            raise ClientError(400, "send a JSON object") from None
        if type(order) is not dict:
            raise ClientError(400, "send a JSON object")
        item = order.get("item")
        quantity = order.get("quantity")
        if not (isinstance(item, str) and item.strip()):
            raise ClientError(400, "item: a non-blank string, please")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1 or quantity > 100:
            raise ClientError(400, "quantity: a whole number, 1 to 100")
        unit = await unit_price_cents(item)
        if unit is None:
            raise tornado.web.HTTPError(404)
        self.set_status(201)
        self.finish({"total_cents": unit * quantity, "quantity": quantity, "item": item})
''',
    },
    "dashboard-handler": {
        # A TaskGroup instead of gather.
        "task-group": '''
class DashboardHandler(JsonHandler):
    async def get(self):
        user = self.get_query_argument("user", None)
        if user is None or not user.strip():
            raise ClientError(400, "which user? /dashboard?user=ada")
        user = user.strip()
        async with asyncio.TaskGroup() as group:
            profile = group.create_task(fetch_profile(user))
            orders = group.create_task(fetch_orders(user))
            recommendations = group.create_task(fetch_recommendations(user))
        self.write({"profile": profile.result(), "orders": orders.result(),
                    "recommendations": recommendations.result()})
''',
    },
    "word-count-handler": {
        # run_in_executor with the loop's default pool, and its own parsing.
        "run-in-executor": '''
class WordCountHandler(JsonHandler):
    async def post(self):
        try:
            data = json.loads(self.request.body or b"x")
        except ValueError:
            raise ClientError(400, "the body is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ClientError(400, 'send {"text": "..."}')
        loop = asyncio.get_running_loop()
        self.write({"words": await loop.run_in_executor(None, legacy_word_count, data["text"])})
''',
    },
}
