"""Bulk writes without model instances: one `executemany` per call.

The ORM's bulk_create builds a model instance and compiles every value of every row;
for the 100,000-row paths (CSV upload, generation) that costs more than the database
work itself. These helpers adapt each column once per type and hand the rows to the
driver (sqlite3's executemany; psycopg's pipelined executemany). One call is one
statement for Django's query counting. See docs/decisions/0007-bulk-writes.md."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

Adapter = Callable[[Any], Any] | None


def _remembering(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Adapt a value, remembering the last one: a batch repeats the same timestamp and
    the same small JSON objects thousands of times."""
    last: list[Any] = [object(), None]

    def adapted(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return adapted


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _adapter(field: models.Field) -> Adapter:
    if isinstance(field, models.DateTimeField):
        return _remembering(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.JSONField):
        return _remembering(_json)
    return None


def _columns(model: type[models.Model], names: Sequence[str]) -> tuple[list[str], list[Adapter]]:
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    return [quote(field.column) for field in fields], [_adapter(field) for field in fields]


def _adapt(rows: Iterable[Sequence[Any]], adapters: list[Adapter]) -> list[Sequence[Any]]:
    columns = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not None]
    if not columns:
        return list(rows)
    adapted = []
    for row in rows:
        values = list(row)
        for index, adapt in columns:
            values[index] = adapt(values[index])
        adapted.append(values)
    return adapted


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """INSERT `rows` (tuples of Python values in the order of `names`)."""
    if not rows:
        return 0
    columns, adapters = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _adapt(rows, adapters))
    return len(rows)


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """UPDATE by primary key: each row is the new values of `names`, then the pk."""
    if not rows:
        return 0
    columns, adapters = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _adapt(rows, [*adapters, None]))
    return len(rows)


def id_list(ids: Iterable[int]) -> RawSQL:
    """A literal list of integer ids for `field__in=`: Django prepares each parameter of
    an `__in` list separately, which for 2,000-id chunks costs more than the query."""
    return RawSQL(",".join(str(int(i)) for i in ids) or "NULL", ())
