"""Small helpers shared by the dashboard views."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.learners import BulkResult
from certdesk.core.errors import CertdeskError
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


def invalid_filters(
    request: HttpRequest, page: CoursePage, form: forms.Form, template: str
) -> HttpResponse | None:
    """The page with the filter form's errors and no table (400); None when it is valid."""
    if form.is_valid():
        return None
    return render(request, template, page.context(form=form, table=None), status=400)


def confirmed_action(
    request: HttpRequest,
    page: CoursePage,
    *,
    template: str,
    identifier: str,
    nav: str,
    act: Callable[[], str | None],
    done: Callable[[str | None], str],
) -> HttpResponse:
    """GET: the confirmation page for one learner. POST: `act()` (the one service call,
    returning the learner's resulting certificate status); a refusal is shown on the
    same page, success goes back to the `nav` page with the message `done(status)`."""
    context = page.context(identifier=identifier)
    if request.method == "GET":
        return render(request, template, context)
    try:
        status = act()
    except CertdeskError as error:
        context["error"] = error.message
        return render(request, template, context, status=error.status)
    messages.success(request, done(status))
    return to_course_page(nav, page)
