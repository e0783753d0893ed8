"""DRF authentication classes: hashed API tokens, Open edX JWTs (header and split
cookies) and the dashboard session. CSRF is enforced for the cookie-borne ones only."""

from __future__ import annotations

from django.middleware.csrf import CsrfViewMiddleware
from knox.auth import TokenAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from certdesk.core.errors import CsrfFailed


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: object, reason: str) -> str:  # type: ignore[override]
        return reason


def _no_view(request: object) -> None:
    return None


def enforce_csrf(request: Request) -> None:
    """Django's own CSRF check (X-CSRFToken header against the CSRF cookie, trusted
    origins) for a request that authenticated with a cookie."""
    check = _CsrfCheck(_no_view)
    check.process_request(request)
    reason = check.process_view(request, None, (), {})
    if reason:
        raise CsrfFailed(f"CSRF verification failed: {reason}")


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; tokens are stored hashed (django-rest-knox)."""


class CsrfSessionAuthentication(SessionAuthentication):
    """The dashboard's session; unsafe methods need a valid CSRF token (403 csrf_failed)."""

    def enforce_csrf(self, request: Request) -> None:
        enforce_csrf(request)
