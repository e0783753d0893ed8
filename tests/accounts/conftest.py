"""JWT helpers for the accounts tests: tokens are made with PyJWT directly, so the tests
do not trust the code they test to sign them."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from certdesk.accounts.jwt import HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE, jwt_secret

TOGGLE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/toggle_generation"

MFE = "http://mfe.test:8080"
ELSEWHERE = "http://evil.test"
FRONT_END = override_settings(
    CORS_ALLOWED_ORIGINS=[MFE], CSRF_TRUSTED_ORIGINS=[MFE], CERTDESK_MFE_ORIGINS=[MFE]
)


def refreshed_client(user, **client_kwargs) -> tuple[APIClient, object]:
    """A client whose session got JWT cookies from /login_refresh, then lost the session
    (so only the cookie JWT can authenticate it)."""
    session = APIClient()
    session.force_login(user)
    response = session.post("/login_refresh")
    assert response.status_code == 200, response.content
    client = APIClient(**client_kwargs)
    for name in (HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE):
        client.cookies[name] = response.cookies[name].value
    return client, response


def csrf_token(client: APIClient) -> str:
    """The token `GET /csrf/api/v1/token` hands the front end (and the cookie it sets)."""
    response = client.get("/csrf/api/v1/token")
    assert response.status_code == 200
    return response.json()["csrfToken"]


def now_ts() -> int:
    return int(timezone.now().timestamp())


def claims_for(who: str = "jwt_user", /, **overrides: Any) -> dict[str, Any]:
    now = now_ts()
    claims: dict[str, Any] = {
        "preferred_username": who,
        "email": f"{who}@example.org",
        "name": "Jay Doubleyou",
        "administrator": False,
        "iss": "certdesk",
        "aud": "certdesk",
        "iat": now,
        "exp": now + 300,
    }
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


def hs256(claims: dict[str, Any], key: str | None = None) -> str:
    return jwt.encode(claims, key or jwt_secret(), algorithm="HS256")


def b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def jwt_api(api):
    """The API client authenticated with `Authorization: JWT <token>`."""

    def _with(token: str, scheme: str = "JWT"):
        api.credentials(HTTP_AUTHORIZATION=f"{scheme} {token}")
        return api

    return _with
