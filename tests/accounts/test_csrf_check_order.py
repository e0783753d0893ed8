"""The order of SPEC §2 holds for the callers whose CSRF token is checked (the front end's
cookie JWT and the session): a bad token, a bad course key, a missing role and a switched
off course are answered before the body is read, so a malformed body never turns them
into a 400. Token callers are covered by tests/api and tests/authz."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.accounts.conftest import FRONT_END, MFE, csrf_token, refreshed_client
from tests.factories import make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

KEY = "course-v1:OrgA+CS101+2026"
EXCEPTIONS = f"/api/instructor/v2/courses/{KEY}/certificates/exceptions"
BULK = f"{EXCEPTIONS}/bulk"
BAD_JSON = "{bad"


def front_end(user) -> tuple[APIClient, str]:
    client, _ = refreshed_client(user, enforce_csrf_checks=True)
    return client, csrf_token(client)


def post(client, path, token, body=BAD_JSON, content_type="application/json"):
    headers = {"HTTP_ORIGIN": MFE} | ({"HTTP_X_CSRFTOKEN": token} if token else {})
    return client.generic("POST", path, body, content_type=content_type, **headers)


def refused(response, status: int, code: str, before) -> None:
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert_nothing_written(before)


@FRONT_END
def test_no_role_is_403_before_a_malformed_body(course):
    client, token = front_end(make_user("outsider"))
    before = db_snapshot()
    refused(post(client, EXCEPTIONS, token), 403, "permission_denied", before)


@FRONT_END
def test_a_wrong_token_is_csrf_failed_before_a_malformed_body(course):
    client, _ = front_end(make_user("outsider"))
    before = db_snapshot()
    refused(post(client, EXCEPTIONS, "x" * 64), 403, "csrf_failed", before)


@FRONT_END
def test_an_unparseable_key_is_404_before_a_malformed_body(course, instructor):
    client, token = front_end(instructor)
    before = db_snapshot()
    path = "/api/instructor/v2/courses/not-a-key/certificates/exceptions"
    refused(post(client, path, token), 404, "course_not_found", before)


@FRONT_END
def test_no_role_is_403_before_an_unsupported_content_type(course):
    client, token = front_end(make_user("outsider"))
    before = db_snapshot()
    response = post(client, EXCEPTIONS, token, body="ann", content_type="text/plain")
    refused(response, 403, "permission_denied", before)


@FRONT_END
def test_no_role_is_403_before_a_csv_upload_is_read(course):
    client, token = front_end(make_user("outsider"))
    body = "--b\r\nContent-Disposition: form-data; name=file; filename=x.csv\r\n\r\nann"
    before = db_snapshot()
    response = post(client, BULK, token, body=body, content_type="multipart/form-data; boundary=b")
    refused(response, 403, "permission_denied", before)


@FRONT_END
def test_the_session_without_a_token_is_csrf_failed_before_a_malformed_body(course, instructor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(instructor)
    before = db_snapshot()
    refused(post(client, EXCEPTIONS, None), 403, "csrf_failed", before)


@FRONT_END
def test_switched_off_is_409_before_a_malformed_body(course, instructor):
    course.certificates_enabled = False
    course.save(update_fields=["certificates_enabled"])
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(instructor)
    token = csrf_token(client)
    before = db_snapshot()
    refused(post(client, EXCEPTIONS, token), 409, "certificates_disabled", before)


@FRONT_END
def test_with_every_check_passed_the_malformed_body_is_400(course, instructor):
    client, token = front_end(instructor)
    before = db_snapshot()
    refused(post(client, EXCEPTIONS, token), 400, "invalid_body", before)
