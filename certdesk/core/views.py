"""Process-level endpoints and the JSON answers for unrouted API paths and CSRF failures."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    body = error_body(message=f"CSRF verification failed. {reason}".strip(), code="csrf_failed")
    return JsonResponse(body, status=403)
