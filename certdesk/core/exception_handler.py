"""The single DRF exception handler: every error leaves as the body of
`certdesk.core.responses.error_body`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from rest_framework import exceptions as drf
from rest_framework.response import Response

from certdesk.core.errors import CertdeskError
from certdesk.core.responses import DEVELOPER_MESSAGE, error_body

RETRY_AFTER_SECONDS = "5"

_DRF_CODES: list[tuple[type[Exception], str, int]] = [
    (drf.NotAuthenticated, "not_authenticated", 401),
    (drf.AuthenticationFailed, "not_authenticated", 401),
    (drf.PermissionDenied, "permission_denied", 403),
    (drf.NotFound, "not_found", 404),
    (drf.MethodNotAllowed, "method_not_allowed", 405),
    (drf.NotAcceptable, "not_acceptable", 406),
    (drf.UnsupportedMediaType, "unsupported_media_type", 415),
    (drf.Throttled, "throttled", 429),
    (drf.ParseError, "invalid_body", 400),
    (drf.ValidationError, "invalid_body", 400),
]


def _message_key(context: dict[str, Any]) -> str:
    view = context.get("view")
    return getattr(view, "error_message_key", DEVELOPER_MESSAGE)


def _messages(value: Any) -> list[str]:
    """A field's errors as a list of strings. Errors of a list's items (DRF gives
    `{index: [...]}`) read "Item N: ...", N counted from 1; nested fields "name: ..."."""
    if isinstance(value, dict):
        return [
            f"{f'Item {key + 1}' if isinstance(key, int) else key}: {message}"
            for key, inner in value.items()
            for message in _messages(inner)
        ]
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _from_drf(exc: drf.APIException, key: str) -> Response:
    code, status = next(
        ((code, status) for exc_type, code, status in _DRF_CODES if isinstance(exc, exc_type)),
        ("error", exc.status_code),
    )
    headers: dict[str, str] = {}
    if isinstance(exc, drf.ValidationError):
        body = error_body(
            message="The request body is not valid.",
            code=code,
            message_key=key,
            field_errors=_field_errors(exc.detail),
        )
    else:
        message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else str(exc)
        if isinstance(exc, drf.ParseError):
            message = "The request body is not valid JSON."
        body = error_body(message=message, code=code, message_key=key)
    if isinstance(exc, drf.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    return Response(body, status=status, headers=headers)


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    key = _message_key(context)
    if isinstance(exc, CertdeskError):
        body = error_body(
            message=exc.message,
            code=exc.code,
            message_key=key,
            field_errors=exc.field_errors,
            extra=exc.extra,
        )
        return Response(body, status=exc.status, headers=exc.headers)
    if isinstance(exc, drf.APIException):
        return _from_drf(exc, key)
    if isinstance(exc, RequestDataTooBig):
        body = error_body(
            message="The request body is larger than 10 MB.",
            code="request_too_large",
            message_key=key,
        )
        return Response(body, status=413)
    if isinstance(exc, (OperationalError, InterfaceError)) or type(exc) is DatabaseError:
        body = error_body(
            message="The database is unreachable. Try again shortly.",
            code="service_unavailable",
            message_key=key,
        )
        return Response(body, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
    return None
