"""Request-wide concerns: request ids, body size limit, and 503 when the database is down."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

from certdesk.core.request_context import new_request_id, reset_request_id, set_request_id
from certdesk.core.responses import error_body

# The CSV upload carries its own 10 MB file limit (413 file_too_large, SPEC §8); its
# multipart envelope may exceed the plain body limit by the part headers.
UPLOAD_PATH_SUFFIX = "/certificates/exceptions/bulk"
UPLOAD_ENVELOPE_BYTES = 1024 * 1024
UPLOAD_TOO_LARGE = "The file is larger than 10 MB; split it into smaller files."


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


def _message_key(path: str) -> str:
    if path.endswith(("/certificates/issued", "/certificates/generation_history")):
        return "detail"
    return "developer_message"


class RequestSizeLimitMiddleware:
    """413 for bodies over 10 MB, before anything reads them: `request_too_large`, or on
    the CSV upload path (whose limit includes the multipart envelope) `file_too_large`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.CERTDESK_MAX_BODY_BYTES
        upload = request.path.endswith(UPLOAD_PATH_SUFFIX)
        if upload:
            limit += UPLOAD_ENVELOPE_BYTES
        if length > limit:
            body = error_body(
                message=UPLOAD_TOO_LARGE if upload else "The request body is larger than 10 MB.",
                code="file_too_large" if upload else "request_too_large",
                message_key=_message_key(request.path),
            )
            return JsonResponse(body, status=413)
        return self.get_response(request)


class ServiceUnavailableMiddleware:
    """A database that cannot be reached is 503 with Retry-After, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        message = "The database is unreachable. Try again shortly."
        if request.path.startswith("/api/"):
            body = error_body(
                message=message,
                code="service_unavailable",
                message_key=_message_key(request.path),
            )
            response: HttpResponse = JsonResponse(body, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain")
        response["Retry-After"] = "5"
        return response
