"""Small helpers shared by the dashboard views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from certdesk.audit.services import AuditContext
from certdesk.dashboard.access import CoursePage

# The audit source of every change made through the dashboard (SPEC §7.8).
UI_SOURCE = "ui"


def ui_context(request: HttpRequest) -> AuditContext:
    return AuditContext(actor=request.user, source=UI_SOURCE)


def course_url(name: str, page: CoursePage, **kwargs: str) -> str:
    return reverse(name, kwargs={"course_key": page.course.key, **kwargs})


def to_course_page(name: str, page: CoursePage, query: str = "") -> HttpResponseRedirect:
    url = course_url(name, page)
    return HttpResponseRedirect(f"{url}?{query}" if query else url)
