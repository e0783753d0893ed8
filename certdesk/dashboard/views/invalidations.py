"""Certificate invalidations (SPEC §6.9, §7.3, §7.4): the list, invalidating one
learner's certificate, and re-validating it after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certdesk.certificates.choices import status_label
from certdesk.certificates.selectors import invalidations_for_course
from certdesk.certificates.services.invalidations import (
    certificate_revalidate,
    certificates_invalidate_many,
)
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import LearnerNotesForm
from certdesk.dashboard.views.common import (
    confirmed_action,
    list_page,
    refused,
    to_course_page,
    ui_context,
)

NAV = "dashboard:invalidations"


def _list_page(
    request: HttpRequest, page: CoursePage, form: LearnerNotesForm | None = None, status=200
) -> HttpResponse:
    rows = invalidations_for_course(course=page.course)
    form = form or LearnerNotesForm()
    return list_page(request, page, "dashboard/invalidations.html", rows, status, form=form)


@require_GET
@course_view(Perm.INVALIDATIONS_READ, nav=NAV)
def invalidations(request: HttpRequest, page: CoursePage) -> HttpResponse:
    return _list_page(request, page)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def invalidation_add(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Invalidate one learner's certificate; a refusal is shown next to the learner field."""
    form = LearnerNotesForm(request.POST)
    if not form.is_valid():
        return _list_page(request, page, form, status=400)
    learner = form.cleaned_data["learner"]
    result = certificates_invalidate_many(
        course=page.course,
        requests=[LearnerRequest(identifier=learner)],
        notes=form.cleaned_data["notes"],
        invalidated_by=request.user,
        context=ui_context(request),
    )
    if refused(form, result):
        return _list_page(request, page, form, status=400)
    messages.success(request, f"The certificate of {learner} is invalidated.")
    return to_course_page(NAV, page)


@require_http_methods(["GET", "POST"])
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def revalidate_confirm(request: HttpRequest, page: CoursePage, identifier: str) -> HttpResponse:
    """GET asks for confirmation; POST re-validates and reports the resulting status."""

    def done(status: str | None) -> str:
        label = status_label(status) or "absent (no certificate)"
        return (
            f"Certificate of {identifier} re-validated. The learner was re-evaluated; "
            f"the certificate is now: {label}."
        )

    return confirmed_action(
        request,
        page,
        template="dashboard/revalidate.html",
        identifier=identifier,
        nav=NAV,
        act=lambda: certificate_revalidate(
            course=page.course, identifier=identifier, context=ui_context(request)
        ),
        done=done,
    )
