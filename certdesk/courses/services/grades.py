"""Grade ingestion (SPEC §5). Item: `{username, percent, passed}`, `percent` in 0..1.

Grades are stored whatever the course's certificate switches say. When automatic
generation is on (CERTDESK_AUTO_GENERATION), the learners whose grade was created or
changed (`changed_user_ids`) are re-evaluated (§7.5) in bulk in the same transaction:
a passing grade generates a certificate, a grade that no longer passes demotes one
(audit reason `grade_change`, source `ingest`). While certificate management is
unavailable the re-evaluation changes nothing.

Statements per chunk of up to CHUNK_SIZE items: users by username, grades of those
users, insert of new grades, update of changed ones (a write with nothing to write is
skipped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.eligibility import certificates_reevaluate_many
from certdesk.core.transactions import atomic_retrying
from certdesk.courses.models import Course, Grade
from certdesk.courses.services.items import (
    BatchResult,
    DuplicateGuard,
    ItemRejected,
    batch_run,
    read_boolean,
    read_number,
    read_username,
)
from certdesk.courses.services.users import users_by_username


@dataclass
class GradesUpsert(BatchResult):
    changed_user_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class GradeItem:
    index: int
    username: str
    percent: float
    passed: bool


def _parse(index: int, item: Mapping[str, Any], guard: DuplicateGuard) -> GradeItem:
    username = read_username(item)
    percent = read_number(item, "percent")
    if not 0 <= percent <= 1:
        raise ItemRejected("invalid_percent", f"percent: {percent} is not between 0 and 1.")
    passed = read_boolean(item, "passed")
    guard.check(index=index, username=username)
    return GradeItem(index=index, username=username, percent=percent, passed=passed)


def _apply_chunk(*, course: Course, parsed: list[GradeItem], result: GradesUpsert) -> None:
    users = users_by_username(usernames=(item.username for item in parsed))
    known: list[GradeItem] = []
    for item in parsed:
        if item.username in users:
            known.append(item)
        else:
            result.reject(
                item.index,
                ItemRejected("unknown_user", f"username: no user {item.username!r}."),
            )
    user_ids = [users[item.username].pk for item in known]
    existing = {
        grade.user_id: grade for grade in Grade.objects.filter(course=course, user_id__in=user_ids)
    }
    now = timezone.now()
    to_create: list[Grade] = []
    to_update: list[Grade] = []
    for item in known:
        user = users[item.username]
        grade = existing.get(user.pk)
        if grade is None:
            to_create.append(
                Grade(user=user, course=course, percent=item.percent, passed=item.passed)
            )
            result.count(created=True, changed=True)
            result.changed_user_ids.add(user.pk)
            continue
        changed = (grade.percent, grade.passed) != (item.percent, item.passed)
        if changed:
            grade.percent, grade.passed, grade.modified = item.percent, item.passed, now
            to_update.append(grade)
            result.changed_user_ids.add(user.pk)
        result.count(created=False, changed=changed)
    Grade.objects.bulk_create(to_create)
    Grade.objects.bulk_update(to_update, ["percent", "passed", "modified"])


def grades_upsert_many(
    *, course: Course, items: Sequence[Any], context: AuditContext
) -> GradesUpsert:
    """Validate every item, store the valid grades chunk by chunk, then re-evaluate the
    learners whose grade changed, all in one transaction (run again if a concurrent call
    created the same grade or certificate first)."""

    def work() -> GradesUpsert:
        result = GradesUpsert()
        batch_run(
            items=items,
            parse=_parse,
            apply=lambda parsed: _apply_chunk(course=course, parsed=parsed, result=result),
            result=result,
        )
        if settings.CERTDESK_AUTO_GENERATION and result.changed_user_ids:
            certificates_reevaluate_many(
                course=course,
                user_ids=result.changed_user_ids,
                context=context,
                reason="grade_change",
            )
        return result

    result = atomic_retrying(work)
    result.finish()
    return result
