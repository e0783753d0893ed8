"""Reading the audit trail of one course."""

from __future__ import annotations

from django.db.models import QuerySet

from certdesk.audit.models import AuditEvent
from certdesk.courses.models import Course


def audit_events_for_course(
    *,
    course: Course,
    learner: str | None = None,
    action: str | None = None,
    actor: str | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first; `learner` and `actor` are usernames."""
    events = AuditEvent.objects.filter(course=course).select_related("actor", "learner")
    if learner:
        events = events.filter(learner__username=learner)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor__username=actor)
    return events.order_by("-time", "-id")
