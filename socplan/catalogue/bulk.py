"""Bulk writes without model instances, for the register import.

Django's ``bulk_create`` builds a model instance for every row and prepares every value
in Python; for the ~130,000 rows of the national register that cost more than everything
else of an import together. Here a row is a tuple of values the database takes as they are:
text, numbers, booleans, None, dates as ISO text, datetimes from :func:`db_datetime`, and
JSON-able data for JSON fields. PostgreSQL gets ``COPY``; SQLite ``INSERT`` statements of
as many rows as it takes parameters (one statement runs without Python's interpreter
lock, see :class:`Worker`, and binds its values in C). Columns a caller does not give
get their model field's default (``auto_now`` fields: the given time), so a field added to
a model later with a default needs nothing here.

Ids that other rows of the same batch refer to are taken beforehand with
:func:`reserve_ids`: from the table's sequence on PostgreSQL; on SQLite by moving the
table's ``sqlite_sequence`` past them in a short transaction of its own, so that no other
insert takes them, whenever the rows are written.

Staged writes (:class:`Stage`): the register import prepares every statement of its
writing pass first, without holding SQLite's write lock, into a temporary file (marshal,
pickle for what marshal does not write), and then only runs them in one short
transaction (:meth:`Stage.apply`, which reads the next part in a second thread while the
database runs the statements of the current one).
"""

from __future__ import annotations

import contextlib
import json
import marshal
import pickle
import queue
import shutil
import sqlite3
import struct
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from django.apps import apps
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    ProgrammingError,
    connections,
    models,
    transaction,
)

_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)  # (trees, never cycles)


def db_json(value) -> str:
    """A JSON field's value as the text stored for it."""
    return _JSON.encode(value)


def _connection(using):
    return using if using is not None else connections[DEFAULT_DB_ALIAS]


def db_datetime(value, *, using=None):
    """A datetime as the database takes it (naive UTC text on SQLite)."""
    return _connection(using).ops.adapt_datetimefield_value(value)


def _default(field: models.Field, now, connection):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return value  # made text with the row
    return field.get_db_prep_save(value, connection)


def prepare_insert(
    table: str,
    columns: Sequence[str],
    rows: list,
    *,
    json: Sequence[int] = (),
    using=None,
    replace: bool = False,
) -> Callable[[], None]:
    """Insert ``rows`` (tuples of values) into the columns of ``table`` (names of the
    database, quoted here), in two halves: everything Python does for it happens now;
    the function returned writes, leaving the work to the database (SQLite binds and
    inserts the rows of a statement in C without Python's interpreter lock, PostgreSQL
    works in its own process): the half to run in a :class:`Worker`. The values at the
    indexes ``json`` are JSON-able data for JSON columns. ``replace`` (SQLite only)
    replaces rows with the same key."""
    operations = insert_operations(table, columns, rows, json=json, using=using, replace=replace)
    if not operations:
        return _nothing
    return lambda: run_operations(operations, using=using)


def insert_operations(
    table: str,
    columns: Sequence[str],
    rows: list,
    *,
    json: Sequence[int] = (),
    using=None,
    replace: bool = False,
) -> list[tuple]:
    """:func:`prepare_insert` as data (for :func:`run_operations` or a :class:`Stage`):
    a list of operations, each a tuple of plain values."""
    connection = _connection(using)
    if not rows:
        return []
    if json:
        encode, converted = _JSON.encode, []
        for row in rows:
            row = list(row)
            for index in json:
                row[index] = encode(row[index])
            converted.append(row)
        rows = converted
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        return [("copy", f"COPY {quote(table)} ({names}) FROM STDIN", rows)]
    # Many rows per statement, in statements of a few sizes only (the sqlite3 module keeps
    # the last 128 statements, each with its values), run by the sqlite3 module itself.
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    size = 1 << max(0, min(limit // len(columns), 1024).bit_length() - 1)
    one = "(" + ", ".join(["?"] * len(columns)) + ")"
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    statements, start = [], 0
    while start < len(rows):
        while size > len(rows) - start:
            size //= 2
        chunk = rows[start : start + size]
        start += size
        sql = f"{verb} INTO {quote(table)} ({names}) VALUES " + ", ".join([one] * size)
        statements.append(("sqlite", sql, list(chain.from_iterable(chunk))))
    return statements


def run_operations(operations: Iterable[tuple], *, using=None) -> None:
    """Run operations of :func:`insert_operations` and the like, in order:
    ``("sqlite", sql, params)`` (one statement of the sqlite3 module, ``?`` marks),
    ``("copy", statement, rows)`` (PostgreSQL), ``("execute", sql, params)`` and
    ``("executemany", sql, rows)`` (Django's cursor, ``%s`` marks), ``("update", model
    label, filters, values)`` and ``("delete", model label, filters)`` (the ORM, with
    its cascades)."""
    connection = _connection(using)
    for operation in operations:
        kind = operation[0]
        if kind == "sqlite":
            with connection.wrap_database_errors:
                connection.connection.execute(operation[1], operation[2])
        elif kind == "copy":
            with connection.cursor() as cursor, cursor.cursor.copy(operation[1]) as copy:
                for row in operation[2]:
                    copy.write_row(row)
        elif kind == "execute":
            with connection.cursor() as cursor:
                cursor.execute(operation[1], operation[2])
        elif kind == "executemany":
            with connection.cursor() as cursor:
                cursor.executemany(operation[1], operation[2])
        elif kind == "update":
            model = apps.get_model(operation[1])
            model._base_manager.using(connection.alias).filter(**operation[2]).update(
                **operation[3]
            )
        elif kind == "delete":
            model = apps.get_model(operation[1])
            model._base_manager.using(connection.alias).filter(**operation[2]).delete()
        else:  # pragma: no cover - a mistake in the caller
            raise ValueError(f"unknown operation {kind!r}")


class Stage:
    """Writes prepared now and run later: :meth:`add` lists of operations (see
    :func:`run_operations`), then :meth:`apply` them all, in order, inside the caller's
    transaction. Used as a context manager.

    On SQLite (deferred) they are kept in a temporary file (memory stays small whatever
    their number) and run only by :meth:`apply`, so that the caller can prepare them
    without a transaction, and hold SQLite's write lock, which blocks every other writer,
    only while they run. Elsewhere (``immediate``: PostgreSQL locks rows, not the
    database) they run at once in a :class:`Worker`'s thread while the caller prepares
    the next ones, inside the caller's transaction (see :func:`stage_transaction`); the
    caller then calls :meth:`wait` before it uses the connection itself; ``depth`` parts
    may wait for the thread meanwhile (more than one: the caller rarely waits for a part
    that the server takes longer to write than the others, measured on PostgreSQL)."""

    def __init__(self, *, using=None, immediate: bool | None = None, depth: int = 2):
        self.connection = _connection(using)
        self.immediate = stages_immediately(self.connection) if immediate is None else immediate
        self.parts = 0
        self.file = None
        self.worker = None
        if self.immediate:
            self.worker = Worker(using=self.connection, depth=depth)
        else:
            self.file = tempfile.TemporaryFile(  # noqa: SIM115 - closed by __exit__
                prefix="socplan-stage-", buffering=1 << 20
            )

    def __enter__(self) -> Stage:
        if self.worker is not None:
            self.worker.__enter__()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            if self.worker is not None:
                self.worker.__exit__(exc_type, exc, traceback)
        finally:
            if self.file is not None:
                self.file.close()

    def add(self, operations: list[tuple]) -> None:
        if not operations:
            return
        self.parts += 1
        if self.worker is not None:
            if any(operation[0] in _ORM_OPERATIONS for operation in operations):
                # the ORM's connection is per thread: these run in the caller's thread
                self.worker.wait()
                run_operations(operations, using=self.connection)
            else:
                self.worker.submit(_run_operations, operations, self.connection)
        else:
            _write_operations(self.file, operations)

    def extend(self, other: Stage, parts: int) -> None:
        """Add the ``parts`` that ``other`` (deferred) holds in its file, written there by
        another process (see :func:`socplan.catalogue.services._stage`), after the parts
        added so far."""
        other.file.flush()
        other.file.seek(0)
        if self.worker is None:
            shutil.copyfileobj(other.file, self.file, 1 << 20)
            self.parts += parts
            return
        for _part in range(parts):
            self.add(_read_operations(other.file))

    def wait(self) -> None:
        """Returns when the operations added so far have run (immediate) or at once."""
        if self.worker is not None:
            self.worker.wait()

    def apply(self) -> None:
        """Run the staged operations. On SQLite a second thread reads and decodes the next
        part from the file while this one runs the statements of the current one (which
        run without Python's interpreter lock), so the write transaction of the caller
        does little more than the database's own work."""
        if self.worker is not None:
            self.worker.wait()
            return
        self.file.flush()
        self.file.seek(0)
        parts: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()

        def read() -> None:
            try:
                for _part in range(self.parts):
                    operations = _read_operations(self.file)
                    while not stop.is_set():
                        with contextlib.suppress(queue.Full):
                            parts.put((operations, None), timeout=0.1)
                            break
                    if stop.is_set():
                        return
            except BaseException as error:  # noqa: BLE001 - raised in the applying thread
                parts.put((None, error))

        reader = threading.Thread(target=read, name="socplan-stage-reader", daemon=True)
        reader.start()
        try:
            for _part in range(self.parts):
                operations, error = parts.get()
                if error is not None:
                    raise error
                run_operations(operations, using=self.connection)
        finally:
            stop.set()
            reader.join()


_ORM_OPERATIONS = frozenset({"update", "delete"})
# A staged part in the file: its length and how it is encoded, then its bytes: marshal
# (plain values only: text, numbers, None, lists, tuples, dicts; twice as fast as pickle
# both ways) or pickle (anything else, e.g. the dates of an ORM update).
_PART_HEADER = struct.Struct("<Qc")
_MARSHAL, _PICKLE = b"m", b"p"


def _write_operations(file, operations: list[tuple]) -> None:
    try:
        data, kind = marshal.dumps(operations), _MARSHAL
    except ValueError:  # a value marshal does not write (a date, a str subclass)
        data, kind = pickle.dumps(operations, protocol=pickle.HIGHEST_PROTOCOL), _PICKLE
    file.write(_PART_HEADER.pack(len(data), kind))
    file.write(data)


def _read_operations(file) -> list[tuple]:
    length, kind = _PART_HEADER.unpack(file.read(_PART_HEADER.size))
    data = file.read(length)
    return marshal.loads(data) if kind == _MARSHAL else pickle.loads(data)  # noqa: S301 - our own file


def _run_operations(operations, connection) -> None:
    run_operations(operations, using=connection)


def stages_immediately(connection=None) -> bool:
    """Whether a :class:`Stage` on ``connection`` runs its writes at once (all but
    SQLite)."""
    return _connection(connection).vendor != "sqlite"


def stage_transaction(connection=None):
    """The transaction to prepare a :class:`Stage` in: the writes' own where they run at
    once, none where they wait for :meth:`Stage.apply`."""
    if stages_immediately(connection):
        return transaction.atomic(using=_connection(connection).alias)
    return contextlib.nullcontext()


def _nothing():
    return None


class Table:
    """Inserts rows of ``model`` with the values of ``fields`` (names of model fields, in
    the order of each row's values); ``now`` (from :func:`db_datetime`) fills
    ``auto_now`` fields."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, now, using=None):
        self.connection = _connection(using)
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [
            field
            for field in meta.local_concrete_fields
            if field not in given and not field.primary_key
        ]
        self.model = model
        self.table = meta.db_table
        self.columns = [field.column for field in (*given, *rest)]
        self.json = [
            index
            for index, field in enumerate((*given, *rest))
            if isinstance(field, models.JSONField)
        ]
        self.fill = tuple(_default(field, now, self.connection) for field in rest)

    def insert(self, rows: Iterable[tuple]) -> None:
        """Insert rows: tuples of the values of the fields (JSON-able data for JSON
        fields)."""
        self.prepare(rows)()

    def prepare(self, rows: Iterable[tuple]) -> Callable[[], None]:
        """:meth:`insert` in two halves (see :func:`prepare_insert`)."""
        fill = self.fill
        return prepare_insert(
            self.table,
            self.columns,
            [row + fill for row in rows],
            json=self.json,
            using=self.connection,
        )

    def operations(self, rows: Iterable[tuple]) -> list[tuple]:
        """:meth:`insert` as data (see :func:`insert_operations`)."""
        fill = self.fill
        return insert_operations(
            self.table,
            self.columns,
            [row + fill for row in rows],
            json=self.json,
            using=self.connection,
        )


def reserve_ids(model: type[models.Model], count: int, *, using=None) -> list[int]:
    """``count`` new primary keys of ``model``'s table, never given to another row, in or
    outside a transaction (ids reserved and not used are gaps, as with a sequence)."""
    if count <= 0:
        return []
    connection = _connection(using)
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    # SQLite's AUTOINCREMENT gives a new row an id above both the highest id and the
    # table's sqlite_sequence: moving the latter past the block keeps the block free
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        last = start + count - 1
        if row:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
    return list(range(start, start + count))


# --- PostgreSQL: foreign keys checked once after a bulk load ------------------------------

# SQLSTATEs of a lock not granted in time (lock_timeout), of a deadlock, and of a role
# that does not own the tables (another role ran the migrations)
_NOT_DROPPED = frozenset({"55P03", "40P01", "42501"})


def drop_foreign_keys(
    tables: Iterable[type[models.Model]],
    referenced: Iterable[type[models.Model]],
    *,
    using=None,
    lock_timeout: str = "1s",
) -> list[tuple[str, str, str]] | None:
    """PostgreSQL, inside the caller's transaction: drop the foreign keys from the
    tables of the models ``tables`` to those of ``referenced``; return them (table, name,
    definition) for :func:`restore_foreign_keys`, which adds them again, checked with
    one query per key instead of one per row written meanwhile (a trigger for each row
    and key: on the register import's first load half of the server's work).

    Nothing is dropped (and None returned) where the database is not PostgreSQL, when
    the tables' locks are not granted within ``lock_timeout`` (another transaction holds
    one; a deadlock), and when the connection's role may not alter the tables (it does
    not own them): the caller then writes with the keys in place. The tables stay
    locked (ACCESS EXCLUSIVE: other sessions can neither read nor write them) until the
    caller's transaction ends: if it rolls back, the keys come back with the data as
    they were (PostgreSQL's DDL is transactional)."""
    connection = _connection(using)
    if connection.vendor != "postgresql":
        return None
    quote = connection.ops.quote_name
    names = sorted({quote(model._meta.db_table) for model in tables})
    targets = sorted({quote(model._meta.db_table) for model in referenced})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c WHERE c.contype = 'f'"
            " AND c.conrelid = ANY(%s::regclass[]) AND c.confrelid = ANY(%s::regclass[])"
            " ORDER BY 1, 2",
            [names, targets],
        )
        keys = [tuple(row) for row in cursor.fetchall()]
        if not keys:
            return []
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        locked = ", ".join(sorted({*names, *targets}))
        try:
            with transaction.atomic(using=connection.alias):  # (a savepoint)
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
                # every lock at once, before any change
                cursor.execute(f"LOCK TABLE {locked} IN ACCESS EXCLUSIVE MODE")
                for table, name, _definition in keys:
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
        except (OperationalError, ProgrammingError) as error:
            if getattr(error.__cause__, "sqlstate", None) not in _NOT_DROPPED:
                raise
            return None  # (the savepoint's rollback undid the setting too)
    return keys


def restore_foreign_keys(keys: Iterable[tuple[str, str, str]], *, using=None) -> None:
    """Add again the foreign keys :func:`drop_foreign_keys` dropped, with their names
    and definitions; each checks every row of its table (a violation raises
    ``IntegrityError`` and the caller's transaction rolls back)."""
    connection = _connection(using)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def fast_compression(*, using=None) -> list[tuple]:
    """PostgreSQL: the operation that makes the rest of the transaction compress large
    values (the register import's JSON) with lz4 instead of pglz, when the server has
    it (measured: the national register's services are written about an eighth faster;
    values read back the same either way). Nothing elsewhere."""
    connection = _connection(using)
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return []
    return [("execute", "SET LOCAL default_toast_compression = 'lz4'", [])]


class Worker:
    """Runs writes of the current transaction in a second thread, on the same connection,
    while the calling thread prepares the next ones.

    The database does its part of a write (SQLite inside one statement, PostgreSQL in its
    own process) without Python's interpreter lock, so on two cores it overlaps with the
    Python work of the caller (reading and normalising the next services) instead of
    adding to it. ``with Worker() as worker:`` starts the thread; ``submit(fn, *args)``
    queues a write (a function that uses :attr:`connection` only, never the ORM, whose
    connection is per thread); ``wait()`` returns when every queued write is done, and
    must come before the calling thread itself uses the database again. An error of a
    write is raised in the calling thread by the next ``submit``, ``wait`` or the end of
    the ``with`` block (the transaction then rolls back). Outside the ``with`` block,
    ``submit`` runs the write at once."""

    def __init__(self, *, using=None, depth: int = 1):
        self.connection = _connection(using)
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> Worker:
        self.connection.inc_thread_sharing()
        self._thread = threading.Thread(target=self._run, name="socplan-db-writes", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        thread, self._thread = self._thread, None
        if exc_type is not None and self._error is None:
            self._error = exc  # queued writes are skipped
        self._queue.put(None)
        thread.join()
        self.connection.dec_thread_sharing()
        if exc_type is None:
            self._raise()

    def _run(self) -> None:
        while (task := self._queue.get()) is not None:
            try:
                if self._error is None:
                    task[0](*task[1])
            except BaseException as error:  # noqa: BLE001 - raised in the calling thread
                self._error = error
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, fn: Callable, *args) -> None:
        self._raise()
        if self._thread is None:
            fn(*args)
        else:
            self._queue.put((fn, args))

    def wait(self) -> None:
        if self._thread is not None:
            self._queue.join()
        self._raise()
