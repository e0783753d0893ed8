"""Small helpers shared by the dashboard views."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.learners import BulkResult
from certdesk.dashboard.access import CoursePage
from certdesk.dashboard.paging import table_context

# The audit source of every change made through the dashboard (SPEC §7.8).
UI_SOURCE = "ui"


def ui_context(request: HttpRequest) -> AuditContext:
    return AuditContext(actor=request.user, source=UI_SOURCE)


def course_url(name: str, page: CoursePage, **kwargs: str) -> str:
    return reverse(name, kwargs={"course_key": page.course.key, **kwargs})


def to_course_page(name: str, page: CoursePage, query: str = "") -> HttpResponseRedirect:
    url = course_url(name, page)
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def list_page(
    request: HttpRequest,
    page: CoursePage,
    template: str,
    rows: object,
    status: int = 200,
    **extra: object,
) -> HttpResponse:
    """A course page whose table is one page of `rows` (see `table_page.html`)."""
    context = page.context(**table_context(rows, request), **extra)
    return render(request, template, context, status=status)


def refused(form: forms.Form, result: BulkResult) -> bool:
    """Put the service's refusal of a form's one learner next to the learner field."""
    if not result.errors:
        return False
    form.add_error("learner", result.errors[0].message)
    return True
