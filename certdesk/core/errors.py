"""Domain errors with stable machine codes (SPEC §6.12).

Services raise these; the one exception handler in `certdesk.core.exception_handler`
turns them into the error body. A code is part of the public contract: never rename one.
"""

from __future__ import annotations

from typing import Any


class CertdeskError(Exception):
    """An expected failure of a request, answered with `status` and `code`."""

    status = 400
    code = "invalid_body"
    default_message = "The request could not be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        field_errors: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        if status:
            self.status = status
        self.field_errors = field_errors or {}
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(self.message)


class InvalidBody(CertdeskError):
    status = 400
    code = "invalid_body"
    default_message = "The request body is not valid."


class NotAuthenticated(CertdeskError):
    status = 401
    code = "not_authenticated"
    default_message = "Authentication credentials were not provided."


class PermissionDenied(CertdeskError):
    status = 403
    code = "permission_denied"
    default_message = "You do not have permission to perform this action."


class CsrfFailed(CertdeskError):
    status = 403
    code = "csrf_failed"
    default_message = "CSRF verification failed."


class CourseNotFound(CertdeskError):
    status = 404
    code = "course_not_found"
    default_message = "Course not found."


class NotFound(CertdeskError):
    status = 404
    code = "not_found"
    default_message = "Not found."


class InvalidPage(CertdeskError):
    status = 404
    code = "invalid_page"
    default_message = "Invalid page."


class InvalidFilter(CertdeskError):
    status = 400
    code = "invalid_filter"
    default_message = "Unknown filter."


class RequestTooLarge(CertdeskError):
    status = 413
    code = "request_too_large"
    default_message = "The request body is larger than 10 MB."


class CertificatesDisabled(CertdeskError):
    status = 409
    code = "certificates_disabled"
    default_message = "Certificate management is not available for this course."


class TooManyItems(CertdeskError):
    status = 400
    code = "too_many_items"
    default_message = "Too many items in one request."


class UnknownUser(CertdeskError):
    status = 404
    code = "unknown_user"
    default_message = "No such user."


class ServiceUnavailable(CertdeskError):
    status = 503
    code = "service_unavailable"
    default_message = "The service is temporarily unavailable. Try again shortly."
