"""Error bodies of the instructor API: message, code, developer_message (SPEC §6)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent

URL = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/toggle_generation"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"] and body["developer_message"] == body["message"]
    return body


@pytest.mark.django_db
def test_unauthenticated_is_401(api, course):
    assert_error(api.get(URL), 401, "not_authenticated")
    assert_error(api.post(URL, {"enabled": True}, format="json"), 401, "not_authenticated")


@pytest.mark.django_db
def test_bad_token_is_401_and_writes_nothing(api, course):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api.post(URL, {"enabled": True}, format="json"), 401, "not_authenticated")
    course.refresh_from_db()
    assert course.self_generation_enabled is False


@pytest.mark.django_db
def test_invalid_json_is_invalid_body(as_user, instructor, course):
    response = as_user(instructor).post(URL, data="{not json", content_type="application/json")
    assert_error(response, 400, "invalid_body")


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ["[true]", '"enabled"', "3"])
def test_json_that_is_not_an_object_is_invalid_body(as_user, instructor, course, payload):
    response = as_user(instructor).post(URL, data=payload, content_type="application/json")
    assert_error(response, 400, "invalid_body")
    course.refresh_from_db()
    assert course.self_generation_enabled is False


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_other_content_types_are_415(as_user, instructor, course, content_type):
    response = as_user(instructor).post(URL, data="enabled=true", content_type=content_type)
    assert_error(response, 415, "unsupported_media_type")
    course.refresh_from_db()
    assert course.self_generation_enabled is False
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_unsupported_method_is_405(as_user, instructor, course):
    assert_error(as_user(instructor).delete(URL), 405, "method_not_allowed")


@pytest.mark.django_db
def test_body_over_10_mb_is_413(as_user, instructor, course):
    body = '{"enabled": true, "pad": "' + "x" * (10 * 1024 * 1024) + '"}'
    response = as_user(instructor).post(URL, data=body, content_type="application/json")
    assert_error(response, 413, "request_too_large")
    course.refresh_from_db()
    assert course.self_generation_enabled is False


@pytest.mark.django_db
def test_request_id_is_echoed_and_recorded(as_user, instructor, course):
    response = as_user(instructor).post(
        URL, {"enabled": True}, format="json", HTTP_X_REQUEST_ID="req-123"
    )
    assert response["X-Request-ID"] == "req-123"
    assert AuditEvent.objects.get().request_id == "req-123"
