"""Process endpoints, the error body of unrouted paths, and 503 when the database is down."""

from __future__ import annotations

import pytest
from django.db import connection

BASE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026"


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "in-process"}


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["broker"] == "unreachable"


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_reaches_the_configured_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing-here",
        f"{BASE}/",
        f"{BASE}/certificates/config/",
        "/api/instructor/v2/courses",
    ],
)
def test_unrouted_api_paths_are_json_404_without_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"] == body["developer_message"]


@pytest.fixture
def unreachable_database():
    """Point the real connection at a database that cannot be opened, then restore it."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-dir/certdesk.sqlite3"
    else:
        settings_dict["PORT"] = "1"
    connection.in_atomic_block = False
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_database_down_is_503_with_retry_after(api, unreachable_database):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef")
    response = api.get(f"{BASE}/certificates/config")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert body["developer_message"] == body["message"]


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_when_the_database_is_down(client, unreachable_database, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
