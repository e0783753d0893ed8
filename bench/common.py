"""What every benchmark shares: a fresh database of the chosen kind, Django set up on
it, a statement counter that keeps no SQL text, and peak-RSS measurement."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# CERTDESK_BENCH_TAG gives a benchmark its own database, so two can run side by side.
TAG = os.environ.get("CERTDESK_BENCH_TAG", "")
PG_BENCH_DB = "certdesk_bench" + (f"_{TAG}" if TAG else "")
SQLITE_NAME = "bench" + (f"-{TAG}" if TAG else "") + ".sqlite3"


def setup_django(db: str) -> None:
    """Point Django at a new, empty benchmark database and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SECRET_KEY", "certdesk-benchmark-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["CELERY_BROKER_URL"] = ""
    if db == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / SQLITE_NAME
        for leftover in DATA.glob(SQLITE_NAME + "*"):
            leftover.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    elif db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
    else:
        raise SystemExit(f"unknown --db {db!r}: sqlite or postgres")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


@dataclass
class StatementCounter:
    count: int = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def count_statements() -> Iterator[StatementCounter]:
    from django.db import connection

    counter = StatementCounter()
    with connection.execute_wrapper(counter):
        yield counter


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/self/status")


@dataclass
class Measurement:
    seconds: float = 0.0
    statements: int = 0
    peak_rss_growth_mib: float = 0.0
    extra: dict = field(default_factory=dict)


def measure(work: Callable[[], object]) -> tuple[Measurement, object]:
    """Run `work` once: wall time, statements, and how far peak RSS rose above the
    resident size before it started (the kernel's peak counter is reset first)."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    baseline = _status_kib("VmRSS")
    with count_statements() as counter:
        started = time.perf_counter()
        value = work()
        seconds = time.perf_counter() - started
    growth = max(0, _status_kib("VmHWM") - baseline) / 1024
    return Measurement(seconds, counter.count, round(growth, 1)), value


def emit(result: dict) -> None:
    """The benchmark's answer: one JSON object, alone on the last line."""
    print(json.dumps(result, sort_keys=True))


def _table_copy(cursor, table: str, name: str, *, indexed: bool) -> None:
    """An empty copy of `table` named `name`: with its primary key, unique constraints
    and indexes (`indexed`), or a bare heap of its columns. Never its foreign keys."""
    if cursor.db.vendor == "postgresql":
        including = "INCLUDING ALL" if indexed else "INCLUDING DEFAULTS INCLUDING IDENTITY"
        cursor.execute(f"CREATE TABLE {name} (LIKE {table} {including})")
        return
    if not indexed:
        cursor.execute(f"CREATE TABLE {name} AS SELECT * FROM {table} WHERE 0")
        return
    cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s", [table])
    for kind, object_name, sql in cursor.fetchall():
        if sql is None:
            continue  # an automatic index of a UNIQUE constraint, made by the table's DDL
        sql = sql.replace(f'"{table}"', f'"{name}"')
        if kind == "table":
            sql = re.sub(r' REFERENCES "\w+" \("\w+"\)( DEFERRABLE INITIALLY DEFERRED)?', "", sql)
        else:
            sql = sql.replace(f'"{object_name}"', f'"{name}_{object_name}"')
        cursor.execute(sql)


def bulk_load(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """A plain bulk load into an existing table, in the caller's transaction:
    `executemany` on SQLite, `COPY` on PostgreSQL."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            cursor.connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        else:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def _bulk_insert(name: str, columns: tuple[str, ...], rows: list[tuple]) -> float:
    """Seconds to insert `rows` into the table `name` and commit."""
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        bulk_load(name, columns, rows)
    return time.perf_counter() - started


def raw_floor(model, columns: tuple[str, ...]) -> dict[str, float]:
    """The floor a benchmark's ratio is measured against: seconds to bulk-insert the rows
    `model` holds now (its `columns`), in one transaction, with `executemany` on SQLite
    and `COPY` on PostgreSQL, into an empty copy of its table with the same primary key,
    unique constraints and indexes but no foreign keys (`indexed`), and into a copy
    without any of those (`unindexed`)."""
    from django.db import connection

    table = model._meta.db_table
    rows = list(model.objects.order_by("pk").values_list(*columns))
    seconds = {}
    for kind in ("unindexed", "indexed"):
        name = f"bench_raw_{kind}"
        with connection.cursor() as cursor:
            _table_copy(cursor, table, name, indexed=kind == "indexed")
        seconds[kind] = _bulk_insert(name, columns, rows)
    return seconds


def floor_fields(seconds: float, floors: dict[str, float]) -> dict[str, float]:
    """`raw_seconds` and `ratio_to_raw` against the indexed floor (the targets' ratio),
    and the same against the unindexed floor, for the results table."""
    return {
        "raw_seconds": round(floors["indexed"], 3),
        "ratio_to_raw": round(seconds / floors["indexed"], 2),
        "raw_seconds_unindexed": round(floors["unindexed"], 3),
        "ratio_to_unindexed": round(seconds / floors["unindexed"], 2),
    }


def analyze() -> None:
    """Bring the planner's statistics up to date after loading a benchmark's data, as
    autovacuum would on a live database (setup, not measured)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
