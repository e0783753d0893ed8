"""Certificate exceptions (allowlist): grant many, remove one (SPEC §7.1, §7.2)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from certdesk.accounts.identifiers import chunked
from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates import errors
from certdesk.certificates.models import CertificateException
from certdesk.certificates.selectors import certificates_available
from certdesk.certificates.services.eligibility import (
    certificates_reevaluate_many,
    certificates_reevaluate_standings,
)
from certdesk.certificates.services.learners import (
    BulkResult,
    LearnerRequest,
    ResolvedLearner,
    learner_resolve_one,
    learners_resolve,
)
from certdesk.certificates.services.locks import course_lock_for_certificate_write
from certdesk.certificates.services.standing import standings_read
from certdesk.core.bulk import insert_rows
from certdesk.core.collector import collector_paused
from certdesk.courses.models import Course

Progress = Callable[[int, int], None]


def _grant_chunk(
    *,
    course: Course,
    chunk: list[tuple[int, ResolvedLearner]],
    granted_by: AbstractBaseUser,
    context: AuditContext,
    dry_run: bool,
    result: BulkResult,
) -> None:
    standings = standings_read(course=course, user_ids=[uid for uid, _ in chunk])
    now = timezone.now()
    granted: list[tuple[int, ResolvedLearner]] = []
    for uid, learner in chunk:
        request = learner.request
        standing = standings.get(uid)
        if standing is None or not standing.active:
            result.fail(request, errors.NOT_ENROLLED)
        elif standing.excepted:
            result.fail(request, errors.ALREADY_ALLOWLISTED)
        elif standing.invalidated:
            result.fail(request, errors.INVALIDATED)
        else:
            granted.append((uid, learner))
            result.success.append(request)
    if dry_run or not granted:
        return
    insert_rows(
        CertificateException,
        ("course", "user", "username", "notes", "granted_by", "created"),
        [
            (course.pk, uid, learner.username, learner.request.notes, granted_by.pk, now)
            for uid, learner in granted
        ],
    )
    audit_record_many(
        context=context,
        entries=[
            AuditEntry(
                action=Action.EXCEPTION_GRANTED,
                course=course,
                learner_id=uid,
                after={"notes": learner.request.notes},
                notes=learner.request.notes,
                source=learner.request.source,
            )
            for uid, learner in granted
        ],
    )
    if settings.CERTDESK_AUTO_GENERATION and certificates_available(course=course):
        for uid, _ in granted:
            standings[uid].excepted = True
        certificates_reevaluate_standings(
            course=course,
            standings=[standings[uid] for uid, _ in granted],
            context=context,
            reason="exception_granted",
            sources={uid: learner.request.source for uid, learner in granted},
        )


@collector_paused()
def exceptions_grant_many(
    *,
    course: Course,
    requests: Sequence[LearnerRequest],
    granted_by: AbstractBaseUser,
    context: AuditContext,
    dry_run: bool = False,
    on_progress: Progress | None = None,
) -> BulkResult:
    """Grant an exception to every learner that passes SPEC §7.1's checks, in order:
    user_not_found, not_enrolled, already_allowlisted, invalidated. Everything is
    validated before anything is written; with `dry_run` nothing is written."""
    result = BulkResult()
    with transaction.atomic():
        if not dry_run:
            course_lock_for_certificate_write(course)
        kept = learners_resolve(requests, result)
        done = 0
        for user_ids in chunked(sorted(kept)):
            _grant_chunk(
                course=course,
                chunk=[(uid, kept[uid]) for uid in user_ids],
                granted_by=granted_by,
                context=context,
                dry_run=dry_run,
                result=result,
            )
            done += len(user_ids)
            if on_progress:
                on_progress(done, len(kept))
    result.sort()
    return result


def exception_remove(*, course: Course, identifier: str, context: AuditContext) -> str | None:
    """Remove the learner's exception and re-evaluate them without it (SPEC §7.2).
    Returns the learner's certificate status afterwards (None: no certificate)."""
    with transaction.atomic():
        course_lock_for_certificate_write(course)
        user_id = learner_resolve_one(identifier)
        entry = CertificateException.objects.filter(course=course, user_id=user_id).first()
        if entry is None:
            raise errors.LearnerError(errors.NOT_ALLOWLISTED, identifier)
        before = {
            "notes": entry.notes,
            "granted_by": entry.granted_by_id,
            "created": entry.created.isoformat(),
        }
        entry.delete()
        audit_record_many(
            context=context,
            entries=[
                AuditEntry(
                    action=Action.EXCEPTION_REMOVED,
                    course=course,
                    learner_id=user_id,
                    before=before,
                    notes=entry.notes,
                )
            ],
        )
        statuses = certificates_reevaluate_many(
            course=course,
            user_ids=[user_id],
            context=context,
            reason="allowlist_removal",
            create_missing=settings.CERTDESK_AUTO_GENERATION,
        )
    return statuses[user_id]
