"""The course's audit log with its filters (SPEC §6.11)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from certdesk.audit.selectors import audit_events_for_course
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import AuditFilterForm
from certdesk.dashboard.views.common import invalid_filters, list_page


@require_GET
@course_view(Perm.AUDIT_READ, nav="dashboard:audit")
def audit(request: HttpRequest, page: CoursePage) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    if refusal := invalid_filters(request, page, form, "dashboard/audit.html"):
        return refusal
    filters = form.filters()
    rows = audit_events_for_course(course=page.course, **filters)
    filtered = any(filters.values())
    return list_page(request, page, "dashboard/audit.html", rows, form=form, filtered=filtered)
