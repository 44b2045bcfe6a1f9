"""Plausible wrong answers to lesson 04, by solution cell: each must lose exactly its exercise's points."""

WRONG_ANSWERS = {
    "users-handlers": {
        # Values pasted into the SQL text: works for "Margaret", breaks (500) on O'Brien, and is an injection.
        "f-string-sql": '''
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
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
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
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
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
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
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
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
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
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
        # Checks for the email with a SELECT, then inserts: two requests for one new email both pass the check, and
        # the second INSERT's UniqueViolation escapes as a 500.
        "check-then-insert": '''
class UsersHandler(JsonHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT 1 FROM users WHERE email = %s", (email.strip(),))
                    if await cur.fetchone() is not None:
                        raise tornado.web.HTTPError(409, reason="a user with this email already exists")
                    await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                      (name.strip(), email.strip()))
                    (user_id,) = await cur.fetchone()
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonHandler):
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
        # str(created_at): '2026-01-15 09:30:00+00:00', a space where ISO 8601 (isoformat) has its 'T'.
        "created-at-str": '''
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": str(created_at)})
''',
        # Converted to UTC and the offset dropped: the timezone the column stores is lost.
        "created-at-naive-utc": '''
class UsersHandler(JsonHandler):
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


class UserHandler(JsonHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.astimezone(timezone.utc).replace(tzinfo=None).isoformat()})
''',
        # Only the name is checked for blanks: an email of spaces is stored as an empty string.
        "blank-email-accepted": '''
class UsersHandler(JsonHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str)):
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


class UserHandler(JsonHandler):
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
        # Copy-paste: a missing target is reported as AccountNotFound(source_id), naming the wrong account.
        "not-found-names-the-source": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError(f"the amount must be more than zero, not {amount}")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
                await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s RETURNING balance",
                                  (amount, source_id))
                source_row = await cur.fetchone()
                if source_row is None:
                    raise AccountNotFound(source_id)
                await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                                  (amount, target_id))
                target_row = await cur.fetchone()
                if target_row is None:
                    raise AccountNotFound(source_id)
    return source_row[0], target_row[0]
''',
        # AccountNotFound() with no id: the caller cannot tell which account is missing.
        "not-found-without-id": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError(f"the amount must be more than zero, not {amount}")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
                await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s RETURNING balance",
                                  (amount, source_id))
                source_row = await cur.fetchone()
                if source_row is None:
                    raise AccountNotFound()
                await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                                  (amount, target_id))
                target_row = await cur.fetchone()
                if target_row is None:
                    raise AccountNotFound()
    return source_row[0], target_row[0]
''',
        # Reads the balances, computes the new ones in Python and writes them back: concurrent transfers overwrite each
        # other (a lost update), and money appears.
        "balance-computed-in-python": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError("the amount must be more than zero")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
                await cur.execute("SELECT balance FROM accounts WHERE id = %s", (source_id,))
                source_row = await cur.fetchone()
                if source_row is None:
                    raise AccountNotFound(source_id)
                await cur.execute("SELECT balance FROM accounts WHERE id = %s", (target_id,))
                target_row = await cur.fetchone()
                if target_row is None:
                    raise AccountNotFound(target_id)
                new_source, new_target = source_row[0] - amount, target_row[0] + amount
                await cur.execute("UPDATE accounts SET balance = %s WHERE id = %s", (new_source, source_id))
                await cur.execute("UPDATE accounts SET balance = %s WHERE id = %s", (new_target, target_id))
    return new_source, new_target
''',
        # `amount < 0` instead of `not amount > 0`: a transfer of zero goes through.
        "zero-amount-allowed": '''
async def transfer(pool, source_id, target_id, amount):
    if amount < 0:
        raise ValueError(f"the amount must be more than zero, not {amount}")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
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
        # The previous reference: both UPDATEs in one transaction, the source first. Correct alone, and for many
        # transfers in one direction; two opposite transfers at once lock 1 then 2 and 2 then 1: DeadlockDetected.
        "updates-in-argument-order": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError(f"the amount must be more than zero, not {amount}")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
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
        # Locks both rows with SELECT ... FOR UPDATE, but one at a time in argument order (the source first): two
        # opposite transfers each hold one row and wait for the other's: DeadlockDetected.
        "select-for-update-in-argument-order": '''
async def transfer(pool, source_id, target_id, amount):
    if amount <= 0:
        raise ValueError("amount must be positive")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("BEGIN")
            try:
                balances = {}
                for account_id in (source_id, target_id):
                    await cur.execute("SELECT balance FROM accounts WHERE id = %s FOR UPDATE", (account_id,))
                    row = await cur.fetchone()
                    if row is None:
                        raise AccountNotFound(account_id)
                    balances[account_id] = row[0]
                await cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, source_id))
                await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, target_id))
            except BaseException:
                await cur.execute("ROLLBACK")
                raise
            await cur.execute("COMMIT")
    return balances[source_id] - amount, balances[target_id] + amount
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
        # Batches of `limit` (gather per chunk): the peak is right, but each batch waits for its slowest lookup.
        "fixed-batches": '''
async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def one_price(sku):
        async with pool.acquire() as conn:
            async with conn.cursor() as cur:
                await cur.execute("SELECT slow_price(%s)", (sku,))
                (price,) = await cur.fetchone()
        return price

    prices = []
    for start in range(0, len(skus), limit):
        prices += await asyncio.gather(*(one_price(sku) for sku in skus[start:start + limit]))
    return prices
''',
        # Takes a connection, then waits for the semaphore: lookups that wait hold the pool's connections.
        "connection-taken-before-the-semaphore": '''
async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def one_price(sku):
        async with pool.acquire() as conn:
            async with gate:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT slow_price(%s)", (sku,))
                    (price,) = await cur.fetchone()
        return price

    return list(await asyncio.gather(*(one_price(sku) for sku in skus)))
''',
        # Converts each price to float: 24.0 == Decimal('24.00'), but the exercise asks for the Decimal.
        "floats": '''
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
        return None if price is None else float(price)

    return list(await asyncio.gather(*(one_price(sku) for sku in skus)))
''',
        # `limit < 0` instead of `limit < 1`: a semaphore of 0 lets nobody in, and prices_for waits for ever.
        "zero-limit-waits-for-ever": '''
async def prices_for(pool, skus, limit):
    if limit < 0:
        raise ValueError("limit must be at least 1")
    gate = asyncio.Semaphore(limit)

    async def one_price(sku):
        async with gate:
            async with pool.acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT slow_price(%s)", (sku,))
                    (price,) = await cur.fetchone()
        return price

    return list(await asyncio.gather(*(one_price(sku) for sku in skus)))
''',
    },
}

RIGHT_ANSWERS = {
    "users-handlers": {
        # Logs with a module logger (no handler configured), checks with a SELECT first and still catches the
        # UniqueViolation of a request that raced it: correct.
        "module-logger-check-and-catch": '''
import logging

log = logging.getLogger("shop.users")

class UsersHandler(JsonHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        try:
            with unavailable_as_503():
                async with self.settings["pool"].acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute("SELECT 1 FROM users WHERE email = %s", (email.strip(),))
                        if await cur.fetchone() is not None:
                            log.warning("refused a second account for %s", email.strip())
                            raise tornado.web.HTTPError(409, reason="email taken")
                        await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s) RETURNING id",
                                          (name.strip(), email.strip()))
                        (user_id,) = await cur.fetchone()
        except psycopg2.errors.UniqueViolation:
            log.warning("a concurrent request created %s first", email.strip())
            raise tornado.web.HTTPError(409, reason="email taken") from None
        log.warning("created user %s", user_id)
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonHandler):
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
        # INSERT ... ON CONFLICT DO NOTHING RETURNING id: no row back means the email exists.
        "on-conflict-do-nothing": '''
class UsersHandler(JsonHandler):
    async def post(self):
        data = json_object_from(self.request.body)
        name, email = data.get("name"), data.get("email")
        if not (isinstance(name, str) and name.strip() and isinstance(email, str) and email.strip()):
            raise tornado.web.HTTPError(400, reason="name and email must be non-empty strings")
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("INSERT INTO users (name, email) VALUES (%s, %s)"
                                      " ON CONFLICT (email) DO NOTHING RETURNING id", (name.strip(), email.strip()))
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(409, reason="that email is already registered")
        user_id = row[0]
        self.set_status(201)
        self.write({"id": user_id})


class UserHandler(JsonHandler):
    async def get(self, user_id):
        with unavailable_as_503():
            async with self.settings["pool"].acquire() as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id, name, email, created_at FROM users WHERE id = %s", (int(user_id),))
                    row = await cur.fetchone()
        if row is None:
            raise tornado.web.HTTPError(404, reason="no such user")
        found_id, name, email, created_at = row
        self.write({"id": found_id, "name": name, "email": email, "created_at": created_at.isoformat(timespec="seconds")})
''',
    },
    "transfer": {
        # Locks both rows with SELECT ... FOR UPDATE, smaller id first, then computes in Python: correct, the locks
        # serialise transfers, and in a fixed order opposite transfers cannot deadlock.
        "select-for-update-by-id": '''
async def transfer(pool, source_id, target_id, amount):
    if amount <= 0:
        raise ValueError("amount must be positive")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("BEGIN")
            try:
                balances = {}
                for account_id in sorted((source_id, target_id)):
                    await cur.execute("SELECT balance FROM accounts WHERE id = %s FOR UPDATE", (account_id,))
                    row = await cur.fetchone()
                    if row is None:
                        raise AccountNotFound(account_id)
                    balances[account_id] = row[0]
                await cur.execute("UPDATE accounts SET balance = %s WHERE id = %s",
                                  (balances[source_id] - amount, source_id))
                await cur.execute("UPDATE accounts SET balance = %s WHERE id = %s",
                                  (balances[target_id] + amount, target_id))
            except BaseException:
                await cur.execute("ROLLBACK")
                raise
            await cur.execute("COMMIT")
    return balances[source_id] - amount, balances[target_id] + amount
''',
        # AccountNotFound with a sentence that names the missing account; the two UPDATEs run smaller id first.
        "message-naming-the-account": '''
async def transfer(pool, source_id, target_id, amount):
    if not amount > 0:
        raise ValueError(f"the amount must be more than zero, not {amount}")
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            async with cur.begin():
                new_balances = {}
                for account_id, change in sorted([(source_id, -amount), (target_id, amount)]):  # smaller id first
                    await cur.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s RETURNING balance",
                                      (change, account_id))
                    row = await cur.fetchone()
                    if row is None:
                        raise AccountNotFound(f"no account {account_id}")
                    new_balances[account_id] = row[0]
    return new_balances[source_id], new_balances[target_id]
''',
    },
    "prices-for": {
        # asyncio.TaskGroup instead of gather, and a module logger: correct.
        "task-group-module-logger": '''
import logging

log = logging.getLogger("shop.prices")


async def prices_for(pool, skus, limit):
    if limit < 1:
        raise ValueError("limit must be 1 or more")
    semaphore = asyncio.Semaphore(limit)

    async def lookup(sku):
        async with semaphore, pool.acquire() as conn, conn.cursor() as cur:
            await cur.execute("SELECT slow_price(%s)", (sku,))
            row = await cur.fetchone()
        if row[0] is None:
            log.warning("no price for %s", sku)
        return row[0]

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(lookup(sku)) for sku in skus]
    return [task.result() for task in tasks]
''',
    },
}
