"""certdesk.core.bulk on the database under test: every row written as given, whether a
column holds one value for all rows or varies, one statement per call."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate
from certdesk.core.bulk import insert_rows, update_rows
from tests.factories import make_user

COLUMNS = ("user", "username", "course", "status", "mode", "grade", "name", "verify_uuid",
           "created", "modified")  # fmt: skip
T0 = dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)


def _learners(n: int) -> list:
    return [make_user(f"bulk{i}") for i in range(n)]


@pytest.mark.django_db
def test_rows_whose_columns_are_all_constant_but_one(course, django_assert_num_queries):
    users = _learners(3)
    rows = [(u.pk, u.username, course.pk, "downloadable", "verified", "0.90", "Same",
             f"{i:032x}", T0, T0) for i, u in enumerate(users)]  # fmt: skip
    with django_assert_num_queries(1):
        assert insert_rows(Certificate, COLUMNS, rows) == 3
    stored = Certificate.objects.order_by("user_id").values_list(
        "user_id", "status", "name", "verify_uuid", "created"
    )
    assert list(stored) == [(u.pk, "downloadable", "Same", f"{i:032x}", T0)
                            for i, u in enumerate(users)]  # fmt: skip


@pytest.mark.django_db
def test_varying_times_and_json(course, instructor, django_assert_num_queries):
    users = _learners(2)
    entries = [
        (T0, course.pk, instructor.pk, users[0].pk, "a", None, {"x": 1}, "", "", "api", "r"),
        (T0 + dt.timedelta(seconds=1), course.pk, instructor.pk, users[1].pk, "a",
         {"status": "notpassing"}, None, "n", "", "api", "r"),
    ]  # fmt: skip
    names = ("time", "course", "actor", "learner", "action", "before", "after", "notes",
             "reason", "source", "request_id")  # fmt: skip
    with django_assert_num_queries(1):
        assert insert_rows(AuditEvent, names, entries) == 2
    stored = AuditEvent.objects.order_by("pk").values_list("time", "before", "after", "notes")
    assert list(stored) == [
        (T0, None, {"x": 1}, ""),
        (T0 + dt.timedelta(seconds=1), {"status": "notpassing"}, None, "n"),
    ]


@pytest.mark.django_db
def test_one_row_of_constants(course, django_assert_num_queries):
    (user,) = _learners(1)
    row = (user.pk, user.username, course.pk, "notpassing", "audit", "", "", "f" * 32, T0, T0)
    with django_assert_num_queries(1):
        assert insert_rows(Certificate, COLUMNS, [row]) == 1
    assert Certificate.objects.get().verify_uuid == "f" * 32


@pytest.mark.django_db
def test_update_by_primary_key(course, django_assert_num_queries):
    users = _learners(3)
    rows = [(u.pk, u.username, course.pk, "notpassing", "verified", "", "N", f"{i:032x}", T0, T0)
            for i, u in enumerate(users)]  # fmt: skip
    assert insert_rows(Certificate, COLUMNS, rows) == 3
    pks = list(Certificate.objects.order_by("user_id").values_list("pk", flat=True))
    later = T0 + dt.timedelta(days=1)
    with django_assert_num_queries(1):
        written = update_rows(
            Certificate,
            ("status", "grade", "modified"),
            [("downloadable", "0.95", later, pks[0]), ("downloadable", "0.80", later, pks[2])],
        )
    assert written == 2
    stored = Certificate.objects.order_by("user_id").values_list("status", "grade", "modified")
    assert list(stored) == [
        ("downloadable", "0.95", later),
        ("notpassing", "", T0),
        ("downloadable", "0.80", later),
    ]


@pytest.mark.django_db
def test_identical_rows(course, instructor, django_assert_num_queries):
    row = (T0, course.pk, instructor.pk, None, "a", None, {"x": 1}, "", "", "api", "r")
    names = ("time", "course", "actor", "learner", "action", "before", "after", "notes",
             "reason", "source", "request_id")  # fmt: skip
    with django_assert_num_queries(1):
        assert insert_rows(AuditEvent, names, [row] * 3) == 3
    assert list(AuditEvent.objects.values_list("time", "after")) == [(T0, {"x": 1})] * 3


@pytest.mark.django_db
def test_nothing_to_write_sends_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(Certificate, COLUMNS, []) == 0
        assert update_rows(Certificate, ("status",), []) == 0
