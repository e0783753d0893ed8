"""The append-only audit trail (SPEC §7.8)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from certdesk.courses.models import Course


class Action(models.TextChoices):
    EXCEPTION_GRANTED = "exception_granted"
    EXCEPTION_REMOVED = "exception_removed"
    CERTIFICATE_INVALIDATED = "certificate_invalidated"
    CERTIFICATE_REVALIDATED = "certificate_revalidated"
    CERTIFICATE_STATUS_CHANGED = "certificate_status_changed"
    CERTIFICATE_IMPORTED = "certificate_imported"
    COURSE_CONFIG_CHANGED = "course_config_changed"
    SELF_GENERATION_CHANGED = "self_generation_changed"
    JOB_STARTED = "job_started"
    JOB_FINISHED = "job_finished"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One change, written in the transaction of the change itself. Never updated or
    deleted: the model refuses, and on PostgreSQL a trigger refuses too."""

    time = models.DateTimeField()
    # No index of their own: the composite indexes below lead with the course, and every
    # extra index is paid for on each of the 100,000 inserts of a large upload. No
    # database constraint either: PostgreSQL checks a foreign key with a trigger per row,
    # which tripled the cost of an audit insert; the ORM's PROTECT still refuses to delete
    # a course or user that the trail names (docs/decisions/0007-bulk-writes.md).
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="audit_events",
        db_index=False,
        db_constraint=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    action = models.CharField(max_length=48, choices=Action.choices)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    notes = models.TextField(blank=True, default="")
    reason = models.CharField(max_length=64, blank=True, default="")
    source = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The course's trail newest first, and one learner's history; filters by action
        # or actor read the first index (audit lists are paged, writes are bulk).
        indexes = [
            models.Index(fields=["course", "-time", "-id"]),
            models.Index(fields=["course", "learner", "-time"]),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")
