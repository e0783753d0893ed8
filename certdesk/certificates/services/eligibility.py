"""Eligibility re-evaluation (SPEC §7.5) for a set of learners of one course.

This is the only place that decides whether a learner's certificate is `downloadable` or
`notpassing`. Grants, removals, re-validations, grade changes, self-requests and jobs all
call `certificates_reevaluate_many`; one learner is a bulk call of one. Per chunk of up to
2,000 learners it reads twice and writes at most three statements."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from certdesk.accounts.identifiers import chunked
from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates.choices import Status
from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from certdesk.certificates.selectors import certificate_statuses, certificates_available
from certdesk.courses.choices import CERTIFICATE_ELIGIBLE_MODES
from certdesk.courses.models import Course, Enrollment, Grade

CERTIFICATE_FIELDS = ("status", "mode", "grade", "name", "created", "modified")


@dataclass(frozen=True)
class _Learner:
    user_id: int
    username: str
    mode: str
    name: str
    percent: float | None
    passed: bool
    excepted: bool

    @property
    def eligible(self) -> bool:
        return self.mode in CERTIFICATE_ELIGIBLE_MODES and (self.excepted or self.passed)


def format_grade(percent: float | None) -> str:
    return "" if percent is None else f"{percent:.2f}"


def _learners(course: Course, user_ids: list[int]) -> dict[int, _Learner]:
    grades = Grade.objects.filter(course=course, user_id=OuterRef("user_id"))
    rows = (
        Enrollment.objects.filter(course=course, user_id__in=user_ids)
        .annotate(
            grade_percent=Subquery(grades.values("percent")[:1]),
            grade_passed=Subquery(grades.values("passed")[:1]),
            excepted=Exists(
                CertificateException.objects.filter(course=course, user_id=OuterRef("user_id"))
            ),
        )
        .values_list(
            "user_id",
            "mode",
            "user__name",
            "user__first_name",
            "user__last_name",
            "user__username",
            "grade_percent",
            "grade_passed",
            "excepted",
        )
    )
    learners = {}
    for uid, mode, name, first, last, username, percent, passed, excepted in rows:
        printed = name or f"{first} {last}".strip() or username
        learners[uid] = _Learner(uid, username, mode, printed, percent, bool(passed), excepted)
    return learners


def _certificates(course: Course, user_ids: list[int]) -> dict[int, Certificate]:
    active = CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True)
    certificates = Certificate.objects.filter(course=course, user_id__in=user_ids).annotate(
        invalidated=Exists(active)
    )
    return {certificate.user_id: certificate for certificate in certificates}


def _snapshot(certificate: Certificate | None) -> dict | None:
    if certificate is None:
        return None
    return {"status": certificate.status, "mode": certificate.mode, "grade": certificate.grade}


def _reevaluate_chunk(
    *,
    course: Course,
    user_ids: list[int],
    context: AuditContext,
    reason: str,
    create_missing: bool,
) -> dict[int, str | None]:
    now = timezone.now()
    learners = _learners(course, user_ids)
    certificates = _certificates(course, user_ids)
    to_create: list[Certificate] = []
    to_update: list[Certificate] = []
    entries: list[AuditEntry] = []
    statuses: dict[int, str | None] = {}
    for uid in user_ids:
        certificate = certificates.get(uid)
        learner = learners.get(uid)
        statuses[uid] = certificate.status if certificate else None
        if certificate is not None and certificate.invalidated:
            continue  # an active invalidation blocks every generation
        before = _snapshot(certificate)
        if learner is not None and learner.eligible:
            wanted = {
                "status": Status.DOWNLOADABLE,
                "mode": learner.mode,
                "grade": format_grade(learner.percent),
                "name": learner.name,
            }
            if certificate is None:
                if not create_missing:
                    continue
                certificate = Certificate(
                    course=course,
                    user_id=uid,
                    username=learner.username,
                    created=now,
                    modified=now,
                    **wanted,
                )
                to_create.append(certificate)
            elif any(getattr(certificate, f) != v for f, v in wanted.items()):
                if certificate.status != Status.DOWNLOADABLE:
                    certificate.created = now  # the issue date
                for field, value in wanted.items():
                    setattr(certificate, field, value)
                certificate.modified = now
                to_update.append(certificate)
            else:
                continue
        elif certificate is not None and certificate.status != Status.NOTPASSING:
            certificate.status = Status.NOTPASSING
            certificate.modified = now
            to_update.append(certificate)
        else:
            continue
        statuses[uid] = certificate.status
        entries.append(
            AuditEntry(
                action=Action.CERTIFICATE_STATUS_CHANGED,
                course=course,
                learner_id=uid,
                before=before,
                after=_snapshot(certificate),
                reason=reason,
            )
        )
    Certificate.objects.bulk_create(to_create)
    Certificate.objects.bulk_update(to_update, CERTIFICATE_FIELDS)
    audit_record_many(context=context, entries=entries)
    return statuses


def certificates_reevaluate_many(
    *,
    course: Course,
    user_ids: Collection[int],
    context: AuditContext,
    reason: str,
    create_missing: bool = True,
) -> dict[int, str | None]:
    """Bring each learner's certificate in line with SPEC §7.5 and return the resulting
    status per user id (None: no certificate). While certificate management is
    unavailable nothing changes. Call inside the caller's transaction."""
    ordered = sorted(set(user_ids))
    if not certificates_available(course=course):
        return certificate_statuses(course=course, user_ids=ordered)
    statuses: dict[int, str | None] = {}
    for chunk in chunked(ordered):
        statuses.update(
            _reevaluate_chunk(
                course=course,
                user_ids=chunk,
                context=context,
                reason=reason,
                create_missing=create_missing,
            )
        )
    return statuses
