"""Certificate exceptions (SPEC §6.7, §7.1, §7.2): the list, granting one learner, and
removing one after a confirmation. The CSV upload is in `csv_upload.py`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certdesk.certificates.choices import status_label
from certdesk.certificates.selectors import exceptions_for_course
from certdesk.certificates.services.exceptions import exception_remove, exceptions_grant_many
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import CsvUploadForm, LearnerNotesForm
from certdesk.dashboard.views.common import (
    confirmed_action,
    list_page,
    refused,
    to_course_page,
    ui_context,
)

NAV = "dashboard:exceptions"


def exceptions_page(
    request: HttpRequest,
    page: CoursePage,
    *,
    add_form: LearnerNotesForm | None = None,
    upload_form: CsvUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return list_page(
        request,
        page,
        "dashboard/exceptions.html",
        exceptions_for_course(course=page.course),
        status,
        add_form=add_form or LearnerNotesForm(),
        upload_form=upload_form or CsvUploadForm(),
    )


@require_GET
@course_view(Perm.EXCEPTIONS_READ, nav=NAV)
def exceptions(request: HttpRequest, page: CoursePage) -> HttpResponse:
    return exceptions_page(request, page)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def exception_add(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Grant one learner an exception; a refusal is shown next to the learner field."""
    form = LearnerNotesForm(request.POST)
    if not form.is_valid():
        return exceptions_page(request, page, add_form=form, status=400)
    learner = form.cleaned_data["learner"]
    result = exceptions_grant_many(
        course=page.course,
        requests=[LearnerRequest(identifier=learner, notes=form.cleaned_data["notes"])],
        granted_by=request.user,
        context=ui_context(request),
    )
    if refused(form, result):
        return exceptions_page(request, page, add_form=form, status=400)
    messages.success(request, f"Certificate exception granted to {learner}.")
    return to_course_page(NAV, page)


@require_http_methods(["GET", "POST"])
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def exception_remove_confirm(request: HttpRequest, page: CoursePage, identifier: str):
    """GET asks for confirmation; POST removes the exception and re-evaluates the learner."""

    def done(status: str | None) -> str:
        outcome = (
            f"their certificate is now {status_label(status)}"
            if status
            else "they have no certificate"
        )
        return f"Certificate exception removed for {identifier}: re-evaluated, {outcome}."

    return confirmed_action(
        request,
        page,
        template="dashboard/exception_remove.html",
        identifier=identifier,
        nav=NAV,
        act=lambda: exception_remove(
            course=page.course, identifier=identifier, context=ui_context(request)
        ),
        done=done,
    )
