"""`list`: one page of the issued list and its count, over N certificates in 10 courses.

N learners (one certificate each) are spread over 10 courses, learner i in course i % 10,
each with a user row and an enrollment, as the list joins both. Per course 70% of the
certificates are `downloadable`, 20% `notpassing` and 10% other statuses (1%
`unavailable`, each with an active invalidation; audit, error, unverified); 1% of the
learners hold an exception. Setup writes the rows with plain bulk loads (SQLite
`executemany`, PostgreSQL `COPY`) into the migrated, indexed tables, then runs ANALYZE
(VACUUM ANALYZE on PostgreSQL, as autovacuum would by then). Setup is not measured.

Measured: the selector and paginator the API uses, `issued_rows(filter="received")` under
`Paginator(rows, 10).page(n)` (one count query, one page query, evaluated), 3 warm-up
runs then 15 timed ones, for page 1 (`p50_ms`, `p95_ms`), for page 500
(`page_p50_ms_deep`) and for a username-prefix search (`search_p50_ms`); then page 1
through the HTTP endpoint with an instructor's token (`http_p50_ms`). A measurement
whose runs are slow stops after BUDGET_SECONDS with fewer runs (`runs_*` says how
many). There is no floor to compare with: the target is an absolute time."""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Iterator

from bench.common import analyze, bulk_load, count_statements, emit, setup_django

COURSES = 10
MEASURED = 4  # the course whose list is read: the fifth of ten
KEY = "course-v1:Bench+LIST{index}+2026"
WARM_UP = 3
RUNS = 15
MIN_RUNS = 3
BUDGET_SECONDS = 60.0
PAGE_SIZE = 10
DEEP_PAGE = 500
USER_COLUMNS = ("id", "password", "is_superuser", "username", "first_name", "last_name",
                "email", "is_staff", "is_active", "date_joined", "name")  # fmt: skip
ENROLLMENT_COLUMNS = ("user_id", "course_id", "mode", "is_active", "created", "modified")
CERTIFICATE_COLUMNS = ("user_id", "username", "course_id", "status", "mode", "grade", "name",
                       "verify_uuid", "created", "modified")  # fmt: skip
EXCEPTION_COLUMNS = ("user_id", "username", "course_id", "notes", "granted_by_id", "created")
OTHER = ("audit_passing", "audit_notpassing", "error", "unverified")


def _username(i: int) -> str:
    return f"learner{i:07d}"


def _status(i: int) -> str:
    j = i // COURSES  # the learner's place within its course
    if j % 10 < 7:
        return "downloadable"
    if j % 10 < 9:
        return "notpassing"
    if j % 100 == 99:
        return "unavailable"
    return OTHER[(j // 10) % len(OTHER)]


def _mode(i: int, status: str) -> str:
    if status.startswith("audit"):
        return "audit"
    return "honor" if (i // COURSES) % 3 == 0 else "verified"


def _excepted(i: int) -> bool:
    return (i // COURSES) % 100 == 1


def _search_term(certificates: int) -> str:
    """A username prefix that 1,000 learners share (100 per course) at full size."""
    return f"learner{min(123, max(0, certificates - 1) // 1000):04d}"


def _build(certificates: int):
    """The ten courses, their learners, enrollments, certificates, exceptions and
    invalidations, and an instructor of the measured course with an API token."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from knox.models import AuthToken

    from certdesk.courses.models import Course, CourseRole

    User = get_user_model()
    courses = [
        Course.objects.create(
            key=KEY.format(index=index),
            display_name=f"Benchmark {index}",
            org="Bench",
            course_number=f"LIST{index}",
            course_run="2026",
        )
        for index in range(COURSES)
    ]
    instructor = User.objects.create_user("bench_instructor", "bench@example.org")
    CourseRole.objects.create(user=instructor, course=courses[MEASURED], role="instructor")
    _, token = AuthToken.objects.create(user=instructor, expiry=None)
    course_ids = [course.pk for course in courses]
    base = instructor.pk + 1  # learner i is user base + i
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    randomness = random.Random(2026)

    def users() -> Iterator[tuple]:
        for i in range(certificates):
            name = _username(i)
            yield (base + i, "!", False, name, "Learner", f"{i:07d}",
                   f"{name}@example.org", False, True, stamp, "")  # fmt: skip

    def enrollments() -> Iterator[tuple]:
        for i in range(certificates):
            mode = _mode(i, _status(i))
            yield (base + i, course_ids[i % COURSES], mode, True, stamp, stamp)

    def certificate_rows() -> Iterator[tuple]:
        for i in range(certificates):
            status = _status(i)
            grade = "0.85" if status == "downloadable" else "0.30"
            verify_uuid = f"{randomness.getrandbits(128):032x}"
            yield (base + i, _username(i), course_ids[i % COURSES], status, _mode(i, status),
                   grade, f"Learner {i:07d}", verify_uuid, stamp, stamp)  # fmt: skip

    def exceptions() -> Iterator[tuple]:
        for i in range(certificates):
            if _excepted(i):
                yield (base + i, _username(i), course_ids[i % COURSES], "bench", instructor.pk,
                       stamp)  # fmt: skip

    with transaction.atomic():
        bulk_load("accounts_user", USER_COLUMNS, users())
        bulk_load("courses_enrollment", ENROLLMENT_COLUMNS, enrollments())
        bulk_load("certificates_certificate", CERTIFICATE_COLUMNS, certificate_rows())
        bulk_load("certificates_certificateexception", EXCEPTION_COLUMNS, exceptions())
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO certificates_certificateinvalidation (certificate_id, course_id, "
                "invalidated_by_id, notes, active, created, modified) SELECT id, course_id, "
                "%s, 'bench', %s, created, modified FROM certificates_certificate "
                "WHERE status = 'unavailable'",
                [instructor.pk, True],
            )
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('accounts_user', 'id'), "
                    "(SELECT max(id) FROM accounts_user))"
                )
    analyze()
    return courses[MEASURED], token


def _expected(certificates: int, search: str = "") -> int:
    return sum(
        1
        for i in range(MEASURED, certificates, COURSES)
        if _status(i) == "downloadable" and search in _username(i)
    )


def _timed(work: Callable[[], object]) -> list[float]:
    """Milliseconds of each timed run, after the warm-up runs. A measurement whose runs
    are slow stops once it has spent BUDGET_SECONDS, after at least one warm-up and
    MIN_RUNS timed runs, so that a slow query cannot hold the benchmark for an hour."""
    deadline = time.perf_counter() + BUDGET_SECONDS
    for _ in range(WARM_UP):
        work()
        if time.perf_counter() > deadline:
            break
    samples: list[float] = []
    while len(samples) < RUNS and (len(samples) < MIN_RUNS or time.perf_counter() < deadline):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def run(*, certificates: int, db: str) -> None:
    setup_django(db)
    from django.core.paginator import Paginator
    from django.test import Client

    from certdesk.certificates.issued import issued_rows

    started = time.perf_counter()
    course, token = _build(certificates)
    setup_seconds = time.perf_counter() - started
    search = _search_term(certificates)
    expected = _expected(certificates)
    expected_search = _expected(certificates, search)
    deep = min(DEEP_PAGE, max(1, math.ceil(expected / PAGE_SIZE)))

    def page_and_count(*, number: int = 1, term: str = "") -> tuple[int, list]:
        rows = issued_rows(course=course, filter_name="received", search=term)
        paginator = Paginator(rows, PAGE_SIZE)
        page = paginator.page(number)
        return paginator.count, list(page.object_list)

    for number, term, count in (
        (1, "", expected),
        (deep, "", expected),
        (1, search, expected_search),
    ):
        with count_statements() as counter:
            got, items = page_and_count(number=number, term=term)
        usernames = [item["username"] for item in items]
        if got != count or counter.count != 2 or not items or usernames != sorted(usernames):
            raise SystemExit(
                f"page {number} search {term!r}: count {got} (expected {count}), "
                f"{len(items)} rows, {counter.count} statements"
            )
    first = _timed(page_and_count)
    deep_samples = _timed(lambda: page_and_count(number=deep))
    search_samples = _timed(lambda: page_and_count(term=search))

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/instructor/v2/courses/{course.key}/certificates/issued?filter=received"

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200 or response.json()["count"] != expected:
            raise SystemExit(f"GET {url}: {response.status_code} {response.content[:500]!r}")

    with count_statements() as http_counter:
        get()
    http_samples = _timed(get)
    emit(
        {
            "benchmark": "list",
            "db": db,
            "certificates": certificates,
            "received": expected,
            "p50_ms": round(statistics.median(first), 2),
            "p95_ms": round(_p95(first), 2),
            "runs": len(first),
            "page_p50_ms_deep": round(statistics.median(deep_samples), 2),
            "runs_deep": len(deep_samples),
            "deep_page": deep,
            "search": search,
            "search_matches": expected_search,
            "search_p50_ms": round(statistics.median(search_samples), 2),
            "runs_search": len(search_samples),
            "http_p50_ms": round(statistics.median(http_samples), 2),
            "runs_http": len(http_samples),
            "statements": 2,
            "http_statements": http_counter.count,
            "setup_seconds": round(setup_seconds, 1),
        }
    )
