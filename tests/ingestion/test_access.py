"""Who may call the ingestion API, in the order SPEC §5 gives: 401, 404 for a key that is
not a course key, 403, 404 for a missing course, then the body."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.ingestion.conftest import BASE, snapshot

MISSING = "/api/v1/courses/course-v1:Nope+X1+2026"
NOT_A_KEY = "/api/v1/courses/not-a-course-key"

# (method, path under a course, body)
ENDPOINTS = [
    ("get", "", None),
    ("put", "", {"display_name": "Course"}),
    ("post", "/enrollments", {"enrollments": []}),
    ("post", "/grades", {"grades": []}),
    ("post", "/certificates", {"certificates": []}),
    ("put", "/roles/someone", {"role": "staff", "email": "someone@example.org"}),
    ("delete", "/roles/someone", None),
]


def call(api_client, method: str, url: str, body):
    if body is None:
        return getattr(api_client, method)(url)
    return getattr(api_client, method)(url, body, format="json")


def test_route_names():
    course = "course-v1:OrgA+CS101+2026"
    assert reverse("ingest-course", kwargs={"course_key": course}) == BASE
    assert reverse("ingest-enrollments", kwargs={"course_key": course}) == f"{BASE}/enrollments"
    assert reverse("ingest-grades", kwargs={"course_key": course}) == f"{BASE}/grades"
    assert reverse("ingest-certificates", kwargs={"course_key": course}) == f"{BASE}/certificates"
    assert (
        reverse("ingest-role", kwargs={"course_key": course, "username": "bob"})
        == f"{BASE}/roles/bob"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_unauthenticated_is_401_first(api, method, path, body):
    before = snapshot()
    for base in (BASE, NOT_A_KEY, MISSING):
        response = call(api, method, base + path, body)
        assert response.status_code == 401, response.content
        assert response.json()["code"] == "not_authenticated"
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = call(api, method, BASE + path, body)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_unparseable_key_is_404_before_403(as_user, course, method, path, body):
    nobody = as_user(make_user("nobody", roles={course: "instructor"}))
    before = snapshot()
    response = call(nobody, method, NOT_A_KEY + path, body)
    assert response.status_code == 404, response.content
    body_out = response.json()
    assert body_out["code"] == "course_not_found"
    assert body_out["developer_message"] == body_out["message"]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_caller_without_ingest_permission_is_403(as_user, course, method, path, body):
    """A course instructor is not an ingestion client; nor is it told whether a course
    exists."""
    instructor = as_user(make_user("teacher", roles={course: "instructor"}))
    before = snapshot()
    for base in (BASE, MISSING):
        response = call(instructor, method, base + path, body)
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), [e for e in ENDPOINTS if e[:2] != ("put", "")])
def test_missing_course_is_404_before_body(ingest_client, method, path, body):
    """Every endpoint but `PUT` on the course itself, which creates it."""
    before = snapshot()
    response = call(
        ingest_client, method, MISSING + path, {"bogus": 1} if body is not None else None
    )
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "course_not_found"
    assert snapshot() == before


@pytest.mark.django_db
def test_global_staff_may_ingest(as_user, global_staff, course):
    response = as_user(global_staff).post(
        f"{BASE}/enrollments",
        {"enrollments": [{"username": "ann", "email": "ann@example.org", "mode": "honor"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), [e for e in ENDPOINTS if e[2] is not None])
def test_non_json_body_is_415(ingest_client, course, method, path, body):
    before = snapshot()
    response = getattr(ingest_client, method)(
        BASE + path, data="display_name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), [e for e in ENDPOINTS if e[2] is not None])
def test_malformed_json_is_invalid_body(ingest_client, course, method, path, body):
    before = snapshot()
    response = getattr(ingest_client, method)(
        BASE + path, data="{", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
    response = getattr(ingest_client, method)(
        BASE + path, data="[]", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
    assert snapshot() == before


@pytest.mark.django_db
def test_trailing_slash_is_not_routed(ingest_client, course):
    response = ingest_client.get(f"{BASE}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
