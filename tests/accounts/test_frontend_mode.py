"""Open edX front-end mode (SPEC §4, §12): `POST /login_refresh` sets the split JWT
cookie, certdesk accepts it back with CSRF enforced, `GET /csrf/api/v1/token`, CORS."""

from __future__ import annotations

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from jwt.algorithms import RSAAlgorithm
from rest_framework.test import APIClient

from certdesk.accounts.jwt import HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE, jwt_secret
from certdesk.accounts.models import User
from certdesk.audit.models import AuditEvent
from tests.accounts.conftest import (
    ELSEWHERE,
    FRONT_END,
    MFE,
    TOGGLE,
    claims_for,
    csrf_token,
    hs256,
    now_ts,
    refreshed_client,
)

pytestmark = pytest.mark.django_db


def test_login_refresh_without_a_session_is_401(api):
    response = api.post("/login_refresh")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["developer_message"] == body["message"]
    assert HEADER_PAYLOAD_COOKIE not in response.cookies
    assert SIGNATURE_COOKIE not in response.cookies


def test_login_refresh_is_post_only(api, instructor):
    api.force_login(instructor)
    response = api.get("/login_refresh")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_login_refresh_sets_the_split_cookie(instructor, settings):
    instructor.name = "Ann Instructor"
    instructor.save()
    _, response = refreshed_client(instructor)
    header_payload = response.cookies[HEADER_PAYLOAD_COOKIE]
    signature = response.cookies[SIGNATURE_COOKIE]
    assert header_payload["path"] == "/" and signature["path"] == "/"
    assert not header_payload["httponly"]
    assert signature["httponly"]
    assert header_payload.value.count(".") == 1
    token = f"{header_payload.value}.{signature.value}"
    claims = jwt.decode(token, jwt_secret(), algorithms=["HS256"], audience="certdesk")
    now = now_ts()
    assert claims == {
        "preferred_username": "instructor_a",
        "user_id": instructor.pk,
        "email": "instructor_a@example.org",
        "name": "Ann Instructor",
        "administrator": False,
        "roles": ["instructor"],
        "iat": now,
        "exp": now + settings.CERTDESK_JWT_COOKIE_LIFETIME,
        "iss": "certdesk",
        "aud": "certdesk",
    }
    assert response.json()["expires_epoch_seconds"] == claims["exp"]


def test_login_refresh_needs_no_csrf_token(instructor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(instructor)
    assert client.post("/login_refresh").status_code == 200


def test_the_cookie_is_accepted_back(instructor, course):
    client, _ = refreshed_client(instructor)
    response = client.get(TOGGLE)
    assert response.status_code == 200, response.content
    assert response.json() == {"enabled": False}


def test_the_use_jwt_cookie_header_is_ignored(instructor, course):
    client, _ = refreshed_client(instructor)
    assert client.get(TOGGLE, HTTP_USE_JWT_COOKIE="false").status_code == 200
    assert APIClient().get(TOGGLE, HTTP_USE_JWT_COOKIE="true").status_code == 401


def test_half_a_cookie_authenticates_nobody(instructor, course):
    client, _ = refreshed_client(instructor)
    del client.cookies[SIGNATURE_COOKIE]
    assert client.get(TOGGLE).status_code == 401


def test_an_expired_cookie_is_401_and_writes_nothing(instructor, course, frozen_time):
    client, _ = refreshed_client(instructor)
    frozen_time.shift(3600 + 5)
    response = client.get(TOGGLE)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_forged_cookie_creates_no_user(api, course):
    header, payload, _ = hs256(claims_for("forger", administrator=True)).split(".")
    api.cookies[HEADER_PAYLOAD_COOKIE] = f"{header}.{payload}"
    api.cookies[SIGNATURE_COOKIE] = "AAAA"
    assert api.get(TOGGLE).status_code == 401
    assert not User.objects.filter(username="forger").exists()


def test_csrf_token_endpoint_sets_the_cookie(api):
    response = api.get("/csrf/api/v1/token")
    assert response.status_code == 200
    token = response.json()["csrfToken"]
    assert token
    assert response.cookies["csrftoken"].value


@FRONT_END
def test_cookie_post_from_a_trusted_origin_with_the_csrf_token_passes(instructor, course):
    client, _ = refreshed_client(instructor, enforce_csrf_checks=True)
    token = csrf_token(client)
    response = client.post(
        TOGGLE, {"enabled": True}, format="json", HTTP_ORIGIN=MFE, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    course.refresh_from_db()
    assert course.self_generation_enabled is True


@FRONT_END
@pytest.mark.parametrize("case", ["no token", "wrong token", "untrusted origin"])
def test_cookie_post_without_csrf_is_refused(instructor, course, case):
    client, _ = refreshed_client(instructor, enforce_csrf_checks=True)
    token = csrf_token(client)
    headers = {
        "no token": {"HTTP_ORIGIN": MFE},
        "wrong token": {"HTTP_ORIGIN": MFE, "HTTP_X_CSRFTOKEN": "x" * 64},
        "untrusted origin": {"HTTP_ORIGIN": ELSEWHERE, "HTTP_X_CSRFTOKEN": token},
    }[case]
    response = client.post(TOGGLE, {"enabled": True}, format="json", **headers)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed"
    assert body["developer_message"] == body["message"]
    course.refresh_from_db()
    assert course.self_generation_enabled is False
    assert not AuditEvent.objects.exists()


@FRONT_END
def test_csrf_failure_comes_before_the_user_is_written(course):
    client = APIClient(enforce_csrf_checks=True)
    header, payload, signature = hs256(claims_for("newcomer", administrator=True)).split(".")
    client.cookies[HEADER_PAYLOAD_COOKIE] = f"{header}.{payload}"
    client.cookies[SIGNATURE_COOKIE] = signature
    response = client.post(TOGGLE, {"enabled": True}, format="json", HTTP_ORIGIN=MFE)
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not User.objects.filter(username="newcomer").exists()


@FRONT_END
def test_preflight_from_a_configured_origin(api):
    response = api.options(
        TOGGLE,
        HTTP_ORIGIN=MFE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="use-jwt-cookie, x-csrftoken, content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == MFE
    assert response["Access-Control-Allow-Credentials"] == "true"
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"use-jwt-cookie", "x-csrftoken", "content-type"} <= allowed


@FRONT_END
def test_preflight_from_another_origin_gets_no_cors_headers(api):
    response = api.options(
        TOGGLE,
        HTTP_ORIGIN=ELSEWHERE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-csrftoken",
    )
    assert not [name for name in response.headers if name.lower().startswith("access-control")]


@FRONT_END
def test_simple_request_from_a_configured_origin_allows_credentials(instructor, course):
    client, _ = refreshed_client(instructor)
    response = client.get(TOGGLE, HTTP_ORIGIN=MFE)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == MFE
    assert response["Access-Control-Allow-Credentials"] == "true"


def test_rs256_cookie_round_trip(instructor, course):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "k1"}
    private = {**RSAAlgorithm.to_jwk(key, as_dict=True), "kid": "k1"}
    with override_settings(
        CERTDESK_JWT_ALGORITHM="RS256",
        CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET=json.dumps({"keys": [public]}),
        CERTDESK_JWT_PRIVATE_SIGNING_JWK=json.dumps(private),
    ):
        client, response = refreshed_client(instructor)
        token = ".".join(
            response.cookies[name].value for name in (HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE)
        )
        assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": "k1", "typ": "JWT"}
        jwt.decode(token, key.public_key(), algorithms=["RS256"], audience="certdesk")
        assert client.get(TOGGLE).status_code == 200
