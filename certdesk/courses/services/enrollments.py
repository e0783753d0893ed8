"""Enrollment ingestion (SPEC §5): users are created or updated by username, then their
enrollment in the course is created or updated.

Item: `{username, email, name?, mode, is_active?}`. `is_active` absent means true (as in
the Open edX enrollment API: sending an enrollment says the learner is enrolled); `name`
absent keeps the user's name. An item counts as `created` when its enrollment is new,
`updated` when its enrollment or its user changed, else `unchanged`.

Statements per chunk of up to CHUNK_SIZE items, whatever its size: users by username,
users by email, insert of new users, update of changed users, enrollments of the chunk's
users, insert of new enrollments, update of changed ones (a write with nothing to write
is skipped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from certdesk.core.transactions import atomic_retrying
from certdesk.courses.choices import Mode
from certdesk.courses.models import Course, Enrollment
from certdesk.courses.services.items import (
    BatchResult,
    DuplicateGuard,
    batch_run,
    read_boolean,
    read_choice,
    read_email,
    read_optional_string,
    read_username,
)
from certdesk.courses.services.users import EmailClaims, UserEntry, users_upsert_many

NAME_MAX_LENGTH = 255


@dataclass(frozen=True)
class EnrollmentItem:
    index: int
    user: UserEntry
    mode: str
    is_active: bool


def _parse(index: int, item: Mapping[str, Any], guard: DuplicateGuard) -> EnrollmentItem:
    username = read_username(item)
    email = read_email(item)
    name = read_optional_string(item, "name", max_length=NAME_MAX_LENGTH)
    mode = read_choice(item, "mode", choices=Mode.values, code="invalid_mode", required=True)
    is_active = read_boolean(item, "is_active", default=True)
    guard.check(index=index, username=username)
    entry = UserEntry(index=index, username=username, email=email, name=name)
    return EnrollmentItem(index=index, user=entry, mode=mode, is_active=is_active)


def _apply_chunk(
    *, course: Course, parsed: list[EnrollmentItem], claims: EmailClaims, result: BatchResult
) -> None:
    users = users_upsert_many(entries=[item.user for item in parsed], claims=claims)
    for index, rejected in users.rejected.items():
        result.reject(index, rejected)
    accepted = [item for item in parsed if item.index not in users.rejected]
    existing = {
        enrollment.user_id: enrollment
        for enrollment in Enrollment.objects.filter(
            course=course, user_id__in=[users.users[item.user.username].pk for item in accepted]
        )
    }
    now = timezone.now()
    to_create: list[Enrollment] = []
    to_update: list[Enrollment] = []
    for item in accepted:
        user = users.users[item.user.username]
        enrollment = existing.get(user.pk)
        user_changed = item.user.username in users.changed
        if enrollment is None:
            to_create.append(
                Enrollment(user=user, course=course, mode=item.mode, is_active=item.is_active)
            )
            result.count(created=True, changed=True)
            continue
        changed = (enrollment.mode, enrollment.is_active) != (item.mode, item.is_active)
        if changed:
            enrollment.mode, enrollment.is_active, enrollment.modified = (
                item.mode,
                item.is_active,
                now,
            )
            to_update.append(enrollment)
        result.count(created=False, changed=changed or user_changed)
    Enrollment.objects.bulk_create(to_create)
    Enrollment.objects.bulk_update(to_update, ["mode", "is_active", "modified"])


def enrollments_upsert_many(*, course: Course, items: Sequence[Any]) -> BatchResult:
    """Validate every item, apply the valid ones chunk by chunk, in one transaction
    (run again if a concurrent call created one of the same users first)."""

    def work() -> BatchResult:
        result = BatchResult()
        claims = EmailClaims()
        batch_run(
            items=items,
            parse=_parse,
            apply=lambda parsed: _apply_chunk(
                course=course, parsed=parsed, claims=claims, result=result
            ),
            result=result,
        )
        return result

    result = atomic_retrying(work)
    result.finish()
    return result
