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


def _quoted_table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _arrays(fields: Sequence[models.Field], values: list[Sequence[Any]]) -> tuple[str, list]:
    """PostgreSQL: `SELECT <columns> FROM unnest(<arrays>)`, with a column that holds one
    value in every row passed once as a scalar, the others as one array each. A
    placeholder per value would spend longer in the driver's query parsing than the
    database spends inserting, and parsing arrays of repeated values is wasted too."""
    selected, arrays, params, scalars = [], [], [], []
    for index, (field, column) in enumerate(zip(fields, zip(*values, strict=True), strict=True)):
        cast = field.db_type(connection)
        if len(set(column)) == 1:
            selected.append(f"%s::{cast}")
            scalars.append(column[0])
        else:
            selected.append(f"v.c{index}")
            arrays.append((f"%s::{cast}[]", f"c{index}"))
            params.append(list(column))
    if not arrays:  # every column constant: still one row per value
        arrays.append(("%s::int[]", "c_rows"))
        params.append(list(range(len(values))))
    source = (
        f"{', '.join(selected)} FROM unnest({', '.join(a for a, _ in arrays)}) "
        f"AS v({', '.join(alias for _, alias in arrays)})"
    )
    return source, scalars + params


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """INSERT `rows` (tuples of Python values in the order of `names`) in one statement:
    executemany on SQLite (in-process, no round trips), an INSERT ... SELECT from
    unnest(arrays) on PostgreSQL (executemany there is a round trip per row)."""
    if not rows:
        return 0
    columns, adapters = _columns(model, names)
    prefix = f"INSERT INTO {_quoted_table(model)} ({', '.join(columns)}) "
    values = _adapt(rows, adapters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fields = [model._meta.get_field(name) for name in names]
            source, params = _arrays(fields, values)
            cursor.execute(f"{prefix}SELECT {source}", params)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"{prefix}VALUES ({marks})", values)
    return len(rows)


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """UPDATE by primary key, in one statement: each row is the new values of `names`,
    then the pk."""
    if not rows:
        return 0
    columns, adapters = _columns(model, names)
    table = _quoted_table(model)
    pk = connection.ops.quote_name(model._meta.pk.column)
    values = _adapt(rows, [*adapters, None])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fields = [model._meta.get_field(name) for name in names] + [model._meta.pk]
            casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            aliases = [f"v{index}" for index in range(len(fields))]
            params = [list(column) for column in zip(*values, strict=True)]
            assignments = ", ".join(
                f"{column} = v.{alias}" for column, alias in zip(columns, aliases, strict=False)
            )
            sql = (
                f"UPDATE {table} SET {assignments} FROM unnest({casts}) "
                f"AS v({', '.join(aliases)}) WHERE {table}.{pk} = v.{aliases[-1]}"
            )
            cursor.execute(sql, params)
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", values)
    return len(rows)


def id_list(ids: Iterable[int]) -> RawSQL:
    """A literal list of integer ids for `field__in=`: Django prepares each parameter of
    an `__in` list separately, which for 2,000-id chunks costs more than the query."""
    return RawSQL(",".join(str(int(i)) for i in ids) or "NULL", ())
