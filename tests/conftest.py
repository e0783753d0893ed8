"""Shared fixtures: real database, real services, frozen time."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import make_course, make_user, token_for

FROZEN_NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`postgres` tests run only against PostgreSQL, `redis` tests only with a broker.
    When CERTDESK_EXPECT_POSTGRES / CERTDESK_EXPECT_REDIS is set (as .ci/run does), a run
    without that service configured is an error instead of a skip; a configured service
    that is down fails the tests that use it."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_broker = bool(settings.CELERY_BROKER_URL)
    if os.environ.get("CERTDESK_EXPECT_POSTGRES") and not on_postgres:
        raise pytest.UsageError(
            "CERTDESK_EXPECT_POSTGRES is set but DATABASE_URL is not PostgreSQL"
        )
    if os.environ.get("CERTDESK_EXPECT_REDIS") and not has_broker:
        raise pytest.UsageError("CERTDESK_EXPECT_REDIS is set but CELERY_BROKER_URL is empty")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgres://..."))
        if "redis" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL=redis://..."))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A job a test started in this process finishes before the test's fixtures are torn
    down: a job thread still writing while the database is flushed makes the flush fail
    and leaves rows for the next test."""
    from certdesk.certificates.tasks import wait_for_in_process_jobs

    try:
        return (yield)
    finally:
        wait_for_in_process_jobs()


@pytest.fixture(autouse=True)
def frozen_time():
    """Every test runs at a fixed instant unless it moves the clock itself."""
    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counters live in the cache; time is frozen, so clear it for every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def course(db):
    return make_course("course-v1:OrgA+CS101+2026")


@pytest.fixture
def other_course(db):
    return make_course("course-v1:OrgB+CS202+2026")


@pytest.fixture
def instructor(course):
    return make_user("instructor_a", roles={course: "instructor"})


@pytest.fixture
def staff_member(course):
    return make_user("staff_a", roles={course: "staff"})


@pytest.fixture
def researcher(course):
    return make_user("researcher_a", roles={course: "data_researcher"})


@pytest.fixture
def global_staff(db):
    return make_user("admin", is_staff=True)


@pytest.fixture
def as_user(api):
    """Authenticate the API client with a real API token of `user`."""

    def _as(user):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return api

    return _as


@pytest.fixture
def db_vendor(db) -> str:
    return connection.vendor
