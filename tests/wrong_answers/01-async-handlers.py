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
    },
}
