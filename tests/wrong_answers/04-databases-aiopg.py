"""Plausible wrong answers to lesson 04, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "users-handlers": {
        # Values pasted into the SQL text: works for "Margaret", breaks (500) on O'Brien, and is an injection.
        "f-string-sql": '''
class UsersHandler(JsonApiHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            with unavailable_as_503():
                async with self.settings["pool"].acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute(f"INSERT INTO users (name, email) VALUES ('{name.strip()}', "
                                          f"'{email.strip()}') RETURNING id")
                        (user_id,) = await cur.fetchone()
        except psycopg2.errors.UniqueViolation:
            raise tornado.web.HTTPError(409, reason="a user with this email already exists") from None
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonApiHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute(f"SELECT id, name, email, created_at FROM users WHERE id = {user_id}")
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.isoformat()})
''',
        # The guide's error handling: every database error is a 500 carrying str(error).
        "str-error-500": '''
class UsersHandler(JsonApiHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                      (name.strip(), email.strip()))
                    (user_id,) = await cur.fetchone()
        except Exception as error:
            self.set_status(500)
            self.write({"error": str(error)})
            return
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonApiHandler):
    async def get(self, user_id):
        try:
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        except Exception as error:
            self.set_status(500)
            self.write({"error": str(error)})
            return
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.isoformat()})
''',
        # The row written as it came: json cannot encode the datetime, so GET is a 500.
        "row-written-as-is": '''
class UsersHandler(JsonApiHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            with unavailable_as_503():
                async with self.settings["pool"].acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                          (name.strip(), email.strip()))
                        (user_id,) = await cur.fetchone()
        except psycopg2.errors.UniqueViolation:
            raise tornado.web.HTTPError(409, reason="a user with this email already exists") from None
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonApiHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
                    columns = [column.name for column in cur.description]
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        self.write(dict(zip(columns, row)))
''',
        # The guide's commit: the INSERT is already committed, then conn.commit() raises, and the client gets a 500.
        "conn-commit": '''
class UsersHandler(JsonApiHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            with unavailable_as_503():
                async with self.settings["pool"].acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                          (name.strip(), email.strip()))
                        (user_id,) = await cur.fetchone()
                    await conn.commit()
        except psycopg2.errors.UniqueViolation:
            raise tornado.web.HTTPError(409, reason="a user with this email already exists") from None
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonApiHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.isoformat()})
''',
        # "Database down" handled, "too slow" forgotten: a query timeout (asyncio.TimeoutError) becomes a 500.
        "timeout-not-503": '''
class UsersHandler(JsonApiHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                      (name.strip(), email.strip()))
                    (user_id,) = await cur.fetchone()
        except psycopg2.errors.UniqueViolation:
            raise tornado.web.HTTPError(409, reason="a user with this email already exists") from None
        except psycopg2.OperationalError:
            raise tornado.web.HTTPError(503, reason="the database is unavailable") from None
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonApiHandler):
    async def get(self, user_id):
        try:
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        except psycopg2.OperationalError:
            raise tornado.web.HTTPError(503, reason="the database is unavailable") from None
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.isoformat()})
''',
    },
    "transfer": {
        # The guide's execute_transaction: each UPDATE autocommits, then conn.commit() raises ProgrammingError.
        "conn-commit-rollback": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError("the amount must be more than zero")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            try:
                await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s RETURNING balance",
                                  (amount, source_id))
                source_row = await cur.fetchone()
                if source_row is None:
                    raise AccountNotFound(source_id)
                await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                                  (amount, target_id))
                target_row = await cur.fetchone()
                if target_row is None:
                    raise AccountNotFound(target_id)
                await conn.commit()
            except Exception:
                await conn.rollback()
                raise
    return source_row[0], target_row[0]
''',
        # Two separate autocommitted statements: a failure of the second leaves the first done.
        "two-autocommit-statements": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError("the amount must be more than zero")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s RETURNING balance",
                              (amount, source_id))
            source_row = await cur.fetchone()
            if source_row is None:
                raise AccountNotFound(source_id)
            await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                              (amount, target_id))
            target_row = await cur.fetchone()
            if target_row is None:
                raise AccountNotFound(target_id)
    return source_row[0], target_row[0]
''',
        # A transaction, but "not found" is raised after the block: the debit has already been committed.
        "not-found-raised-after-commit": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError("the amount must be more than zero")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
                await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s RETURNING balance",
                                  (amount, source_id))
                source_row = await cur.fetchone()
                if source_row is not None:
                    await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                                      (amount, target_id))
                    target_row = await cur.fetchone()
    if source_row is None:
        raise AccountNotFound(source_id)
    if target_row is None:
        raise AccountNotFound(target_id)
    return source_row[0], target_row[0]
''',
    },
    "prices-for": {
        # No bound: every lookup at once, as many as the pool has connections.
        "unbounded-gather": '''
async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def one_price(sku):
        async with pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT slow_price(%s)", (sku,))
                (price,) = await cur.fetchone()
        return price

    return list(await asyncio.gather(*(one_price(sku) for sku in skus)))
''',
        # Bounded, but by awaiting one lookup after another: never more than one at once.
        "one-after-another": '''
async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    prices = []
    for sku in skus:
        async with pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT slow_price(%s)", (sku,))
                (price,) = await cur.fetchone()
        prices.append(price)
    return prices
''',
        # Bounded, but the results are collected in the order the lookups finish.
        "completion-order": '''
async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def one_price(sku):
        async with gate:
            async with pool.acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT slow_price(%s)", (sku,))
                    (price,) = await cur.fetchone()
        return price

    return [await done for done in asyncio.as_completed([one_price(sku) for sku in skus])]
''',
        # One semaphore for every call, made once with a fixed size: the call's limit is ignored.
        "semaphore-made-once": '''
price_gate = asyncio.Semaphore(3)


async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def one_price(sku):
        async with price_gate:
            async with pool.acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT slow_price(%s)", (sku,))
                    (price,) = await cur.fetchone()
        return price

    return list(await asyncio.gather(*(one_price(sku) for sku in skus)))
''',
    },
}
