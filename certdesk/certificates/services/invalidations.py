"""Invalidating certificates and re-validating them (SPEC §7.3, §7.4)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from certdesk.accounts.identifiers import chunked
from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates import errors
from certdesk.certificates.choices import Status
from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from certdesk.certificates.services.eligibility import certificates_reevaluate_many
from certdesk.certificates.services.learners import (
    BulkResult,
    LearnerRequest,
    ResolvedLearner,
    learner_resolve_one,
    learners_resolve,
)
from certdesk.certificates.services.locks import course_lock_for_certificate_write
from certdesk.core.collector import collector_paused
from certdesk.courses.models import Course


def _certificates(course: Course, user_ids: list[int]) -> dict[int, Certificate]:
    certificates = Certificate.objects.filter(course=course, user_id__in=user_ids).annotate(
        excepted=Exists(
            CertificateException.objects.filter(course=course, user_id=OuterRef("user_id"))
        ),
        invalidated=Exists(
            CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True)
        ),
    )
    return {certificate.user_id: certificate for certificate in certificates}


def _invalidate_chunk(
    *,
    course: Course,
    chunk: list[tuple[int, ResolvedLearner]],
    notes: str,
    invalidated_by: AbstractBaseUser,
    context: AuditContext,
    result: BulkResult,
) -> None:
    certificates = _certificates(course, [uid for uid, _ in chunk])
    chosen: list[tuple[LearnerRequest, Certificate]] = []
    for uid, learner in chunk:
        request = learner.request
        certificate = certificates.get(uid)
        if certificate is None:
            result.fail(request, errors.NO_CERTIFICATE)
        elif certificate.excepted:
            result.fail(request, errors.ALLOWLISTED)
        elif certificate.invalidated:
            result.fail(request, errors.ALREADY_INVALIDATED)
        elif certificate.status != Status.DOWNLOADABLE:
            result.fail(request, errors.NOT_VALID, status=certificate.status)
        else:
            chosen.append((request, certificate))
            result.success.append(request)
    if not chosen:
        return
    now = timezone.now()
    earlier = {
        row.certificate_id: row
        for row in CertificateInvalidation.objects.filter(
            certificate__in=[certificate for _, certificate in chosen], active=False
        )
    }
    reactivated, created = [], []
    for _, certificate in chosen:
        row = earlier.get(certificate.pk)
        if row is None:
            row = CertificateInvalidation(certificate=certificate, course=course, created=now)
            created.append(row)
        else:
            reactivated.append(row)
        row.active, row.notes, row.invalidated_by, row.modified = True, notes, invalidated_by, now
        certificate.status, certificate.modified = Status.UNAVAILABLE, now
    CertificateInvalidation.objects.bulk_update(
        reactivated, ["active", "notes", "invalidated_by", "modified"]
    )
    CertificateInvalidation.objects.bulk_create(created)
    Certificate.objects.bulk_update([c for _, c in chosen], ["status", "modified"])
    audit_record_many(
        context=context,
        entries=[
            AuditEntry(
                action=Action.CERTIFICATE_INVALIDATED,
                course=course,
                learner_id=certificate.user_id,
                before={"status": Status.DOWNLOADABLE},
                after={"status": Status.UNAVAILABLE},
                notes=notes,
                source=request.source,
            )
            for request, certificate in chosen
        ],
    )


@collector_paused()
def certificates_invalidate_many(
    *,
    course: Course,
    requests: Sequence[LearnerRequest],
    notes: str,
    invalidated_by: AbstractBaseUser,
    context: AuditContext,
) -> BulkResult:
    """Invalidate the certificate of every learner that passes SPEC §7.3's checks, in
    order: user_not_found, no_certificate, allowlisted, already_invalidated, not_valid."""
    result = BulkResult()
    with transaction.atomic():
        course_lock_for_certificate_write(course)
        kept = learners_resolve(requests, result)
        for chunk in chunked(sorted(kept.items())):
            _invalidate_chunk(
                course=course,
                chunk=chunk,
                notes=notes,
                invalidated_by=invalidated_by,
                context=context,
                result=result,
            )
    result.sort()
    return result


def certificate_revalidate(*, course: Course, identifier: str, context: AuditContext) -> str | None:
    """End the certificate's active invalidation, then re-evaluate the learner for real
    (SPEC §7.4). Returns the resulting certificate status."""
    with transaction.atomic():
        course_lock_for_certificate_write(course)
        user_id = learner_resolve_one(identifier)
        certificate = Certificate.objects.filter(course=course, user_id=user_id).first()
        if certificate is None:
            raise errors.LearnerError(errors.NO_CERTIFICATE, identifier)
        invalidation = CertificateInvalidation.objects.filter(
            certificate=certificate, active=True
        ).first()
        if invalidation is None:
            raise errors.LearnerError(errors.NOT_INVALIDATED, identifier)
        invalidation.active = False
        invalidation.save(update_fields=["active", "modified"])
        audit_record_many(
            context=context,
            entries=[
                AuditEntry(
                    action=Action.CERTIFICATE_REVALIDATED,
                    course=course,
                    learner_id=user_id,
                    before={"invalidation_active": True, "status": certificate.status},
                    after={"invalidation_active": False},
                    notes=invalidation.notes,
                )
            ],
        )
        statuses = certificates_reevaluate_many(
            course=course, user_ids=[user_id], context=context, reason="revalidation"
        )
    return statuses[user_id]
