"""Where learners stand in a course, read in one query per chunk: their enrollment, grade,
exception, certificate and the certificate's active invalidation. Both the grant checks
(SPEC §7.1) and eligibility (§7.5) decide from this, so a grant reads each learner once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, FilteredRelation, OuterRef, Q

from certdesk.certificates.models import CertificateInvalidation
from certdesk.core.bulk import id_list
from certdesk.courses.choices import CERTIFICATE_ELIGIBLE_MODES
from certdesk.courses.models import Course


@dataclass(slots=True)
class CertificateState:
    """An existing certificate, as much of it as re-evaluation reads and writes."""

    pk: int
    status: str
    mode: str
    grade: str
    name: str
    created: dt.datetime
    invalidated: bool  # an active invalidation

    def snapshot(self) -> dict:
        return {"status": self.status, "mode": self.mode, "grade": self.grade}


@dataclass(slots=True)
class Standing:
    user_id: int
    username: str
    name: str  # the name a certificate prints
    mode: str | None  # None: never enrolled in the course
    active: bool  # an active enrollment
    percent: float | None
    passed: bool
    excepted: bool
    certificate: CertificateState | None

    @property
    def eligible(self) -> bool:
        """SPEC §7.5 but for the invalidation, which the caller checks first."""
        return self.mode in CERTIFICATE_ELIGIBLE_MODES and (self.excepted or self.passed)

    @property
    def invalidated(self) -> bool:
        return self.certificate is not None and self.certificate.invalidated


def _in_course(relation: str, course: Course, low: int, high: int) -> FilteredRelation:
    """The learner's row of `relation` in the course. The bounds repeat what the join
    implies; with them the database reads the chunk's slice of the table's (course,
    user) index instead of hashing the whole course for every chunk (measured in
    bench/README.md)."""
    condition = Q(
        **{
            f"{relation}__course": course,
            f"{relation}__user__gte": low,
            f"{relation}__user__lte": high,
        }  # fmt: skip
    )
    return FilteredRelation(relation, condition=condition)


COLUMNS = (
    "pk",
    "username",
    "name",
    "first_name",
    "last_name",
    "enrollment__mode",
    "enrollment__is_active",
    "course_grade__percent",
    "course_grade__passed",
    "exception__id",
    "certificate__id",
    "certificate__status",
    "certificate__mode",
    "certificate__grade",
    "certificate__name",
    "certificate__created",
    "invalidated",
)


def standings_read(*, course: Course, user_ids: list[int]) -> dict[int, Standing]:
    """User id → standing, for the users of `user_ids` (at most one chunk) that exist.
    One statement: the user with left joins to their enrollment, grade, exception and
    certificate in the course, each unique per (course, user)."""
    if not user_ids:
        return {}
    low, high = min(user_ids), max(user_ids)
    active = CertificateInvalidation.objects.filter(
        certificate_id=OuterRef("certificate__id"), active=True
    )
    rows = (
        get_user_model()
        .objects.filter(pk__in=id_list(user_ids), pk__gte=low, pk__lte=high)
        .annotate(
            enrollment=_in_course("enrollments", course, low, high),
            course_grade=_in_course("grades", course, low, high),
            exception=_in_course("certificate_exceptions", course, low, high),
            certificate=_in_course("certificates", course, low, high),
            invalidated=Exists(active),
        )
        .values_list(*COLUMNS)
    )
    standings = {}
    for (uid, username, name, first, last, mode, is_active, percent, passed, exception_id,
         cert_id, status, cert_mode, grade, cert_name, created, invalidated) in rows:  # fmt: skip
        certificate = None
        if cert_id is not None:
            certificate = CertificateState(
                cert_id, status, cert_mode, grade, cert_name, created, invalidated
            )
        standings[uid] = Standing(
            uid,
            username,
            name or f"{first} {last}".strip() or username,
            mode,
            bool(is_active),
            percent,
            bool(passed),
            exception_id is not None,
            certificate,
        )
    return standings
