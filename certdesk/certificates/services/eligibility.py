"""Eligibility re-evaluation (SPEC §7.5) for a set of learners of one course.

This is the only place that decides whether a learner's certificate is `downloadable` or
`notpassing`. Grants, removals, re-validations, grade changes, self-requests and jobs all
call `certificates_reevaluate_many`; one learner is a bulk call of one. Per chunk of up to
2,000 learners it reads twice and writes at most three statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.utils import timezone

from certdesk.accounts.identifiers import chunked
from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates.choices import Status
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    new_verify_uuid,
)
from certdesk.certificates.selectors import certificate_statuses, certificates_available
from certdesk.core.bulk import id_list, insert_rows, update_rows
from certdesk.courses.choices import CERTIFICATE_ELIGIBLE_MODES
from certdesk.courses.models import Course, Enrollment

CERTIFICATE_FIELDS = ("status", "mode", "grade", "name", "created", "modified")
NEW_CERTIFICATE_COLUMNS = (
    "user",
    "username",
    "course",
    "status",
    "mode",
    "grade",
    "name",
    "verify_uuid",
    "created",
    "modified",
)


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
    rows = (
        Enrollment.objects.filter(course=course, user_id__in=id_list(user_ids))
        .annotate(
            # one LEFT JOIN to the learner's grade in this course
            course_grade=FilteredRelation("user__grades", condition=Q(user__grades__course=course)),
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
            "course_grade__percent",
            "course_grade__passed",
            "excepted",
        )
    )
    learners = {}
    for uid, mode, name, first, last, username, percent, passed, excepted in rows:
        printed = name or f"{first} {last}".strip() or username
        learners[uid] = _Learner(uid, username, mode, printed, percent, bool(passed), excepted)
    return learners


@dataclass(slots=True)
class _Cert:
    """An existing certificate, as much of it as re-evaluation reads and writes."""

    pk: int
    status: str
    mode: str
    grade: str
    name: str
    created: dt.datetime
    invalidated: bool

    def snapshot(self) -> dict:
        return {"status": self.status, "mode": self.mode, "grade": self.grade}


def _certificates(course: Course, user_ids: list[int]) -> dict[int, _Cert]:
    active = CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True)
    rows = (
        Certificate.objects.filter(course=course, user_id__in=id_list(user_ids))
        .annotate(invalidated=Exists(active))
        .values_list("user_id", "pk", "status", "mode", "grade", "name", "created", "invalidated")
    )
    return {uid: _Cert(*fields) for uid, *fields in rows}


@dataclass
class _Writes:
    created: list[tuple] = field(default_factory=list)
    updated: list[tuple] = field(default_factory=list)
    entries: list[AuditEntry] = field(default_factory=list)


def _decide(
    learner: _Learner | None, certificate: _Cert | None, create_missing: bool
) -> dict[str, str] | None:
    """The certificate's new fields, or None when it stays as it is (or stays absent)."""
    if certificate is not None and certificate.invalidated:
        return None  # an active invalidation blocks every generation
    if learner is not None and learner.eligible:
        wanted = {
            "status": Status.DOWNLOADABLE,
            "mode": learner.mode,
            "grade": format_grade(learner.percent),
            "name": learner.name,
        }
        if certificate is None:
            return wanted if create_missing else None
        current = {"status": certificate.status, "mode": certificate.mode,
                   "grade": certificate.grade, "name": certificate.name}  # fmt: skip
        return wanted if current != wanted else None
    if certificate is not None and certificate.status != Status.NOTPASSING:
        return {"status": Status.NOTPASSING, "mode": certificate.mode,
                "grade": certificate.grade, "name": certificate.name}  # fmt: skip
    return None


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
    writes = _Writes()
    statuses: dict[int, str | None] = {}
    snapshots: dict[tuple, dict] = {}  # one object per distinct value, for the JSON adapter
    for uid in user_ids:
        certificate, learner = certificates.get(uid), learners.get(uid)
        statuses[uid] = certificate.status if certificate else None
        wanted = _decide(learner, certificate, create_missing)
        if wanted is None:
            continue
        if certificate is None:
            values = (uid, learner.username, course.pk, wanted["status"], wanted["mode"],
                      wanted["grade"], wanted["name"], new_verify_uuid(), now, now)  # fmt: skip
            writes.created.append(values)
            before = None
        else:
            before = certificate.snapshot()
            becomes_valid = certificate.status != Status.DOWNLOADABLE == wanted["status"]
            issued = now if becomes_valid else certificate.created  # the issue date
            writes.updated.append((wanted["status"], wanted["mode"], wanted["grade"],
                                   wanted["name"], issued, now, certificate.pk))  # fmt: skip
        statuses[uid] = wanted["status"]
        key = (wanted["status"], wanted["mode"], wanted["grade"])
        after = snapshots.setdefault(key, dict(zip(("status", "mode", "grade"), key, strict=True)))
        writes.entries.append(
            AuditEntry(
                action=Action.CERTIFICATE_STATUS_CHANGED,
                course=course,
                learner_id=uid,
                before=before,
                after=after,
                reason=reason,
            )
        )
    insert_rows(Certificate, NEW_CERTIFICATE_COLUMNS, writes.created)
    update_rows(Certificate, CERTIFICATE_FIELDS, writes.updated)
    audit_record_many(context=context, entries=writes.entries)
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
