"""Bulk writes without model instances: one statement per call.

The ORM's bulk_create builds a model instance and compiles every value of every row;
for the 100,000-row paths (CSV upload, generation) that costs more than the database
work itself. These helpers take rows as tuples of Python values:

- SQLite: one `executemany` (in-process, no round trips);
- PostgreSQL inserts: one binary `COPY` (psycopg encodes the rows in C, the server
  reads them without parsing text);
- PostgreSQL updates: one statement whose rows arrive as a single JSON document,
  expanded by `json_array_elements` on the server (psycopg's executemany is a round trip
  per row, a placeholder per value costs more in the driver than the update costs the
  server). A column that holds the same value in every row is passed once, as a scalar.

One call is one statement for Django's query counting. See
docs/decisions/0007-bulk-writes.md."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from itertools import repeat
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

Adapter = Callable[[Any], Any] | None


def _remembering(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Adapt a value, remembering the last one: a batch repeats the same small JSON
    objects thousands of times. The remembered value is kept alive, so an identity match
    cannot be a recycled object."""
    last: list[Any] = [object(), None]

    def adapted(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return adapted


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _isoformat(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_adapter(field: models.Field) -> Adapter:
    if isinstance(field, models.DateTimeField):
        return _remembering(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.JSONField):
        return _remembering(_json)
    return None


def _transpose(rows: Sequence[Sequence[Any]]) -> list[tuple]:
    """The rows' values column by column (zip runs in C: no Python step per value)."""
    return list(zip(*rows, strict=True))


def _constant(column: tuple) -> bool:
    """Every value equals the first (tuple.count compares in C, identity first)."""
    return column.count(column[0]) == len(column)


def _adapt(rows: Sequence[Sequence[Any]], adapters: Sequence[Adapter]) -> list[tuple]:
    """The rows with each adapted column's values adapted: a column holding one value
    is adapted once."""
    if all(adapt is None for adapt in adapters):
        return list(rows)
    columns: list[Iterable[Any]] = _transpose(rows)
    for index, adapt in enumerate(adapters):
        column = columns[index]
        if adapt is None:
            continue
        if _constant(column):
            columns[index] = repeat(adapt(column[0]), len(column))
        else:
            columns[index] = map(adapt, column)
    return list(zip(*columns, strict=True))


def _fields(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _pg_select(fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]) -> tuple[list, list]:
    """The select expressions over `json_array_elements(%s::json) AS e`, and the
    parameters: the constant columns' values, then the JSON document of the others."""
    expressions: list[str] = []
    scalars: list[Any] = []
    varying: list[Iterable[Any]] = []
    for field, column in zip(fields, _transpose(rows), strict=True):
        cast = field.db_type(connection)
        is_json = isinstance(field, models.JSONField)
        if _constant(column):
            expressions.append(f"%s::{cast}")
            scalars.append(
                json.dumps(column[0]) if is_json and column[0] is not None else column[0]
            )
            continue
        if is_json:
            expressions.append(f"NULLIF((e->{len(varying)})::jsonb, 'null'::jsonb)")
        else:
            expressions.append(f"(e->>{len(varying)})::{cast}")
        if isinstance(field, models.DateTimeField):
            column = map(_remembering(_isoformat), column)
        varying.append(column)
    # a row per element, even when every column is constant (the elements are then empty)
    document = list(zip(*varying, strict=True)) if varying else [()] * len(rows)
    return expressions, [*scalars, json.dumps(document)]


ELEMENTS = "json_array_elements(%s::json) AS e"


@contextmanager
def _cursor() -> Iterator[Any]:
    """A cursor for one bulk statement. On PostgreSQL it binds parameters on the server:
    Django's default client-side binding would escape the megabytes of the JSON document
    into the statement's text, and the server would parse them back out of it. Wrapped as
    Django wraps its own cursors, so execute wrappers and query logging still see it."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    with connection._prepare_cursor(ServerBindingCursor(connection.connection)) as cursor:
        yield cursor


def _pg_type(field: models.Field) -> str:
    """The type name psycopg knows the column by: `varchar(150)` → `varchar`."""
    name = field.db_type(connection).split("(")[0]
    return "timestamptz" if name == "timestamp with time zone" else name


def _copy(table: str, fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]) -> None:
    """PostgreSQL: a binary `COPY … FROM STDIN` of the rows, run through Django's execute
    wrappers and query log as the one statement it is (CursorWrapper has no public way
    to run a COPY), so query counting sees it as it saw an INSERT."""
    columns = ", ".join(_quote(field.column) for field in fields)
    sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
    types = [_pg_type(field) for field in fields]

    def copy_in(sql: str, params: Any, many: bool, context: dict) -> None:
        db = context["connection"]
        db.validate_no_broken_transaction()
        with db.wrap_database_errors, context["cursor"].cursor.copy(sql) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    with connection.cursor() as cursor:
        logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
        with logged:
            cursor._execute_with_wrappers(sql, None, False, copy_in)


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """INSERT `rows` (tuples of Python values in the order of `names`), one statement:
    `executemany` on SQLite, a binary `COPY` on PostgreSQL."""
    if not rows:
        return 0
    fields = _fields(model, names)
    table = _quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        _copy(table, fields, rows)
        return len(rows)
    columns = ", ".join(_quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = _adapt(rows, [_sqlite_adapter(field) for field in fields])
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
    return len(rows)


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """UPDATE by primary key, one statement: each row is the new values of `names`,
    then the pk."""
    if not rows:
        return 0
    fields = _fields(model, names)
    table = _quote(model._meta.db_table)
    pk = _quote(model._meta.pk.column)
    with _cursor() as cursor:
        if connection.vendor == "postgresql":
            expressions, params = _pg_select([*fields, model._meta.pk], rows)
            selected = ", ".join(f"{expr} AS c{index}" for index, expr in enumerate(expressions))
            assignments = ", ".join(
                f"{_quote(field.column)} = v.c{index}" for index, field in enumerate(fields)
            )
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (SELECT {selected} FROM {ELEMENTS}) "
                f"AS v WHERE {table}.{pk} = v.c{len(fields)}",
                params,
            )
        else:
            assignments = ", ".join(f"{_quote(field.column)} = %s" for field in fields)
            values = _adapt(rows, [*(_sqlite_adapter(field) for field in fields), None])
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", values)
    return len(rows)


def id_list(ids: Iterable[int]) -> RawSQL:
    """A literal list of integer ids for `field__in=`: Django prepares each parameter of
    an `__in` list separately, which for 2,000-id chunks costs more than the query."""
    return RawSQL(",".join(str(int(i)) for i in ids) or "NULL", ())


def text_list(values: Iterable[str]) -> RawSQL:
    """A list of strings for `field__in=` as one JSON parameter expanded by the database
    (json_each on SQLite, json_array_elements_text on PostgreSQL): one placeholder
    instead of 2,000, and the index on the field is still used."""
    document = json.dumps(list(values))
    if connection.vendor == "postgresql":
        return RawSQL("SELECT json_array_elements_text(%s::json)", (document,))
    return RawSQL("SELECT value FROM json_each(%s)", (document,))
