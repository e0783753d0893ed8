"""Writing audit events. Every service that changes an exception, invalidation,
certificate, switch or job calls `audit_record_many` inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from certdesk.audit.models import AuditEvent
from certdesk.core.bulk import insert_rows
from certdesk.core.request_context import current_request_id
from certdesk.courses.models import Course


@dataclass(frozen=True)
class AuditContext:
    """Who caused a change and through what: `api`, `ui`, `csv:row N`, `job:<id>`, `ingest`."""

    actor: AbstractBaseUser | None
    source: str
    request_id: str = field(default_factory=current_request_id)


@dataclass(slots=True)
class AuditEntry:
    action: str
    course: Course
    learner: AbstractBaseUser | None = None
    learner_id: int | None = None  # instead of `learner`, when only the id is at hand
    before: Any = None
    after: Any = None
    notes: str = ""
    reason: str = ""
    source: str | None = None  # overrides the context's source, e.g. "csv:row 7"


AUDIT_COLUMNS = (
    "time",
    "course",
    "actor",
    "learner",
    "action",
    "before",
    "after",
    "notes",
    "reason",
    "source",
    "request_id",
)


def audit_record_many(*, context: AuditContext, entries: Iterable[AuditEntry]) -> int:
    """Append one event per entry, in one statement. Returns how many."""
    now = timezone.now()
    actor_id = context.actor.pk if context.actor is not None and context.actor.pk else None
    rows = [
        (
            now,
            entry.course.pk,
            actor_id,
            entry.learner.pk if entry.learner is not None else entry.learner_id,
            entry.action,
            entry.before,
            entry.after,
            entry.notes,
            entry.reason,
            entry.source or context.source,
            context.request_id,
        )
        for entry in entries
    ]
    return insert_rows(AuditEvent, AUDIT_COLUMNS, rows)
