"""A learner asks for their own certificate (SPEC §7.7)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from certdesk.audit.services import AuditContext
from certdesk.certificates.choices import Status
from certdesk.certificates.models import Certificate
from certdesk.certificates.selectors import certificates_available
from certdesk.certificates.services.eligibility import certificates_reevaluate_many
from certdesk.certificates.services.locks import course_lock
from certdesk.core.errors import CertdeskError, CertificatesDisabled
from certdesk.courses.models import Course, Enrollment


@dataclass(frozen=True)
class SelfRequestResult:
    status: str | None
    verify_uuid: str | None


def certificate_self_request(
    *, course: Course, learner: AbstractBaseUser, context: AuditContext
) -> SelfRequestResult:
    """Checks, in order: an active enrollment (403 `not_enrolled`), self-generation on
    (403 `self_generation_disabled`), certificate management available (409); then the
    learner is re-evaluated like any other (§7.5)."""
    if not Enrollment.objects.filter(course=course, user=learner, is_active=True).exists():
        raise CertdeskError("You are not enrolled in this course.", code="not_enrolled", status=403)
    with transaction.atomic():
        course_lock(course)  # the switches as committed, held while the learner is written
        if not course.self_generation_enabled:
            raise CertdeskError(
                "Learners cannot request their own certificate in this course.",
                code="self_generation_disabled",
                status=403,
            )
        if not certificates_available(course=course):
            raise CertificatesDisabled()
        certificates_reevaluate_many(
            course=course, user_ids=[learner.pk], context=context, reason="self_request"
        )
        certificate = Certificate.objects.filter(course=course, user=learner).first()
    if certificate is None:
        return SelfRequestResult(status=None, verify_uuid=None)
    downloadable = certificate.status == Status.DOWNLOADABLE
    return SelfRequestResult(
        status=certificate.status, verify_uuid=certificate.verify_uuid if downloadable else None
    )
