"""Fixtures of the ingestion API tests: an ingestion client with a real API token."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from tests.snapshots import db_snapshot

COURSE_KEY = "course-v1:OrgA+CS101+2026"
BASE = f"/api/v1/courses/{COURSE_KEY}"
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def ingester(db):
    user = make_user("feeder")
    user.user_permissions.add(Permission.objects.get(codename="ingest"))
    return user


@pytest.fixture
def ingest_client(as_user, ingester):
    """The API client, authenticated as the ingestion client."""
    return as_user(ingester)


def writes_in(context: CaptureQueriesContext) -> list[str]:
    """The statements of `context` that change data."""
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]


@pytest.fixture
def capture():
    """`with capture() as ctx:` records every statement on the default connection."""

    def _capture() -> CaptureQueriesContext:
        return CaptureQueriesContext(connection)

    return _capture


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after a call."""
    return db_snapshot()


def assert_one_item_refused(response, *, code: str, field: str) -> None:
    """A batch of one invalid item: 200, nothing counted, one error naming the field."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 0, 0)
    [error] = body["errors"]
    assert (error["index"], error["code"]) == (0, code)
    assert error["message"].startswith(f"{field}:")
