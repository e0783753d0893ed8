"""Request-wide concerns: request ids, body size limit, and 503 when the database is down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

from certdesk.core.api import ApiView
from certdesk.core.body_limits import content_length, default_body_limit
from certdesk.core.request_context import new_request_id, reset_request_id, set_request_id
from certdesk.core.responses import error_body
from certdesk.core.views import body_too_large


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
    """413 for a body over the limit before anything reads it, for the views that are not
    certdesk API views (the dashboard, the sign-in pages); a view may carry its own
    `body_limit` (the dashboard's CSV upload allows a 10 MB file and its multipart
    envelope). API views check after their access checks instead (`core/api.py`), and an
    unrouted path never reads its body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, ApiView):
            return None
        limit = getattr(view_func, "body_limit", None) or default_body_limit()
        if content_length(request) > limit.max_bytes:
            return body_too_large(request, code=limit.code, message=limit.message)
        return None


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
