"""Process-level endpoints and the JSON answers for unrouted API paths and CSRF failures."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.defaults import page_not_found
from kombu import Connection
from kombu.exceptions import OperationalError as BrokerError

from certdesk.core.responses import error_body


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up; checks nothing else."""
    return JsonResponse({"status": "ok"})


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _broker_ready() -> bool:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except (OSError, BrokerError):
        return False
    return True


def readyz(request: HttpRequest) -> JsonResponse:
    """The database and (when configured) the Celery broker answer."""
    checks = {"database": "ok" if _database_ready() else "unreachable"}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = "ok" if _broker_ready() else "unreachable"
    else:
        checks["broker"] = "in-process"
    ready = "unreachable" not in checks.values()
    response = JsonResponse({"status": "ok" if ready else "unavailable", **checks})
    if not ready:
        response.status_code = 503
        response["Retry-After"] = "5"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body(message="Not found.", code="not_found")
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)


# Outside /api/, the JSON endpoints the Open edX front end calls with its CSRF token.
FRONT_END_JSON_ROUTES = {"login-refresh", "csrf-token", "masquerade", "v1:list-instructor-tasks"}


def _wants_json(request: HttpRequest) -> bool:
    """API paths and the front end's JSON endpoints answer JSON. The dashboard's form
    posts get the HTML page; elsewhere (the sign-in form) a client asking for HTML gets
    it, any other client the JSON body."""
    path = request.path_info
    if path.startswith("/api/"):
        return True
    try:
        route = resolve(path).view_name
    except Resolver404:
        route = ""
    if route in FRONT_END_JSON_ROUTES:
        return True
    if path.startswith("/dashboard/"):
        return False
    return "text/html" not in request.headers.get("Accept", "")


def _back_url(request: HttpRequest) -> str:
    """The page the form came from, when it is on this site; else My courses."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("dashboard:home")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _wants_json(request):
        message = f"CSRF verification failed. {reason}".strip()
        return JsonResponse(error_body(message=message, code="csrf_failed"), status=403)
    context = {"back_url": _back_url(request), "code": "csrf_failed"}
    return render(request, "dashboard/csrf_failure.html", context, status=403)


def body_too_large(request: HttpRequest, *, code: str, message: str) -> HttpResponse:
    """413 for a body over its limit, unread: JSON for API callers, a page for a form."""
    if _wants_json(request):
        return JsonResponse(error_body(message=message, code=code), status=413)
    context = {"status": 413, "message": message, "code": code}
    return render(request, "dashboard/error.html", context, status=413)
