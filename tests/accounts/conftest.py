"""JWT helpers for the accounts tests: tokens are made with PyJWT directly, so the tests
do not trust the code they test to sign them."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from django.utils import timezone

from certdesk.accounts.jwt import jwt_secret

TOGGLE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/toggle_generation"


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
