"""The course's certificate switch and learner self-generation switch (SPEC §7.7).

Switching certificates back on generates nothing by itself."""

from __future__ import annotations

from django.db import transaction

from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.courses.models import Course


def _course_switch_set(
    *, course: Course, field: str, enabled: bool, action: str, context: AuditContext
) -> Course:
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        before = getattr(locked, field)
        if before != enabled:
            setattr(locked, field, enabled)
            locked.save(update_fields=[field, "modified"])
            audit_record_many(
                context=context,
                entries=[
                    AuditEntry(
                        action=action,
                        course=locked,
                        before={field: before},
                        after={field: enabled},
                    )
                ],
            )
    return locked


def course_certificates_set_enabled(
    *, course: Course, enabled: bool, context: AuditContext
) -> Course:
    """Set the course's certificate switch; one audit event when it changes."""
    return _course_switch_set(
        course=course,
        field="certificates_enabled",
        enabled=enabled,
        action=Action.COURSE_CONFIG_CHANGED,
        context=context,
    )


def course_self_generation_set(*, course: Course, enabled: bool, context: AuditContext) -> Course:
    """Set whether learners may request their own certificate; audited when it changes."""
    return _course_switch_set(
        course=course,
        field="self_generation_enabled",
        enabled=enabled,
        action=Action.SELF_GENERATION_CHANGED,
        context=context,
    )
