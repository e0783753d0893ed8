"""DRF authentication classes: hashed API tokens, Open edX JWTs (header and split
cookies) and the dashboard session. CSRF is enforced for the cookie-borne ones only."""

from __future__ import annotations

import copy
from typing import Any

from django.http import QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from knox.auth import TokenAuthentication
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from certdesk.accounts.jwt import (
    HEADER_PAYLOAD_COOKIE,
    SIGNATURE_COOKIE,
    JwtInvalid,
    jwt_decode,
)
from certdesk.accounts.models import User
from certdesk.accounts.services import user_upsert_from_claims
from certdesk.core.errors import CsrfFailed


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: object, reason: str) -> str:  # type: ignore[override]
        return reason


def _no_view(request: object) -> None:
    return None


def enforce_csrf(request: Request) -> None:
    """Django's own CSRF check (X-CSRFToken header against the CSRF cookie, trusted
    origins) for a request that authenticated with a cookie.

    The check sees a copy of the Django request whose form data is empty: the API takes
    the token from the header only, and its body is not read here. Reading it (DRF
    parses on `request.POST`) would answer a malformed body with 400 before the 403 of a
    bad token or a missing role, against the order of SPEC §2."""
    probe = copy.copy(request._request)
    probe.POST = QueryDict()
    check = _CsrfCheck(_no_view)
    check.process_request(probe)
    reason = check.process_view(probe, None, (), {})
    if reason:
        raise CsrfFailed(f"CSRF verification failed: {reason}")


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; tokens are stored hashed (django-rest-knox)."""


class CsrfSessionAuthentication(SessionAuthentication):
    """The dashboard's session; unsafe methods need a valid CSRF token (403 csrf_failed)."""

    def enforce_csrf(self, request: Request) -> None:
        enforce_csrf(request)


class CsrfExemptSessionAuthentication(SessionAuthentication):
    """The session without the CSRF check, for `POST /login_refresh` only (SPEC §4: the
    front end calls it before it has a CSRF token; it only hands the caller a JWT)."""

    def enforce_csrf(self, request: Request) -> None:
        return None


JWT_SCHEMES = frozenset({b"jwt", b"bearer"})


def _claims(token: str) -> dict[str, Any]:
    try:
        return jwt_decode(token)
    except JwtInvalid as exc:
        raise AuthenticationFailed(exc.message) from exc


def _user(claims: dict[str, Any]) -> User:
    try:
        return user_upsert_from_claims(claims=claims)
    except JwtInvalid as exc:
        raise AuthenticationFailed(exc.message) from exc


class JwtHeaderAuthentication(BaseAuthentication):
    """`Authorization: JWT <jwt>` or `Authorization: Bearer <jwt>`. No CSRF: a header
    is not sent by the browser on its own."""

    def authenticate(self, request: Request) -> tuple[User, dict[str, Any]] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in JWT_SCHEMES:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid JWT header: expected `JWT <token>`.")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed("Invalid JWT header: the token is not ASCII.") from exc
        claims = _claims(token)
        return _user(claims), claims

    def authenticate_header(self, request: Request) -> str:
        return "JWT"


class JwtCookieAuthentication(BaseAuthentication):
    """The front end's split JWT cookie (SPEC §12), whatever `USE-JWT-COOKIE` says.
    Cookie-borne, so unsafe methods need the CSRF token (403 csrf_failed); the CSRF
    check comes before the user is written."""

    def authenticate(self, request: Request) -> tuple[User, dict[str, Any]] | None:
        header_payload = request.COOKIES.get(HEADER_PAYLOAD_COOKIE)
        signature = request.COOKIES.get(SIGNATURE_COOKIE)
        if not header_payload or not signature:
            return None
        claims = _claims(f"{header_payload}.{signature}")
        enforce_csrf(request)
        return _user(claims), claims
