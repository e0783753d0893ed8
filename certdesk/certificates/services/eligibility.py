"""Eligibility re-evaluation (SPEC §7.5) for a set of learners of one course.

This is the only place that decides whether a learner's certificate is `downloadable` or
`notpassing`. Grants, removals, re-validations, grade changes, self-requests and jobs all
call `certificates_reevaluate_many` (or, having read the learners' standing already,
`certificates_reevaluate_standings`); one learner is a bulk call of one. Per chunk of up
to 2,000 learners it reads once and writes at most three statements."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils import timezone

from certdesk.accounts.identifiers import chunked
from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates.choices import Status
from certdesk.certificates.models import Certificate, new_verify_uuids
from certdesk.certificates.selectors import certificate_statuses, certificates_available
from certdesk.certificates.services.standing import Standing, standings_read
from certdesk.core.bulk import insert_rows, update_rows
from certdesk.courses.models import Course

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


def format_grade(percent: float | None) -> str:
    return "" if percent is None else f"{percent:.2f}"


@dataclass
class _Writes:
    created: list[tuple] = field(default_factory=list)
    updated: list[tuple] = field(default_factory=list)
    entries: list[AuditEntry] = field(default_factory=list)
    uuids: Iterator[str] = field(default_factory=new_verify_uuids)


# A certificate's fields that re-evaluation decides: (status, mode, grade, name).
Fields = tuple[str, str, str, str]
DOWNLOADABLE = Status.DOWNLOADABLE.value
NOTPASSING = Status.NOTPASSING.value


def _decide(standing: Standing, create_missing: bool) -> Fields | None:
    """The certificate's new fields, or None when it stays as it is (or stays absent)."""
    certificate = standing.certificate
    if standing.invalidated:
        return None  # an active invalidation blocks every generation
    if standing.eligible:
        wanted = (DOWNLOADABLE, standing.mode, format_grade(standing.percent), standing.name)
        if certificate is None:
            return wanted if create_missing else None
        current = (certificate.status, certificate.mode, certificate.grade, certificate.name)
        return wanted if current != wanted else None
    if certificate is not None and certificate.status != NOTPASSING:
        return (NOTPASSING, certificate.mode, certificate.grade, certificate.name)
    return None


def _write(course: Course, standing: Standing, wanted: Fields, writes: _Writes, now) -> None:
    certificate = standing.certificate
    status, mode, grade, name = wanted
    if certificate is None:
        writes.created.append((standing.user_id, standing.username, course.pk, status, mode,
                               grade, name, next(writes.uuids), now, now))  # fmt: skip
        return
    becomes_valid = certificate.status != DOWNLOADABLE == status
    issued = now if becomes_valid else certificate.created  # the issue date
    writes.updated.append((status, mode, grade, name, issued, now, certificate.pk))


def certificates_reevaluate_standings(
    *,
    course: Course,
    standings: Iterable[Standing],
    context: AuditContext,
    reason: str,
    create_missing: bool = True,
    sources: Mapping[int, str | None] | None = None,
) -> dict[int, str | None]:
    """Bring the certificates of learners whose standing was just read (at most one
    chunk, by `standings_read`) in line with SPEC §7.5: at most three statements.
    Returns the resulting status per user id (None: no certificate). The caller has
    checked that certificate management is available. `sources` names, per learner,
    what caused the change when it is more precise than the context's source (the CSV
    row of a grant)."""
    now = timezone.now()
    writes = _Writes()
    statuses: dict[int, str | None] = {}
    snapshots: dict[tuple, dict] = {}  # one object per distinct value, for the JSON adapter
    for standing in standings:
        certificate = standing.certificate
        statuses[standing.user_id] = certificate.status if certificate else None
        wanted = _decide(standing, create_missing)
        if wanted is None:
            continue
        _write(course, standing, wanted, writes, now)
        statuses[standing.user_id] = wanted[0]
        key = wanted[:3]
        after = snapshots.get(key)
        if after is None:
            after = snapshots[key] = dict(zip(("status", "mode", "grade"), key, strict=True))
        writes.entries.append(
            AuditEntry(
                action=Action.CERTIFICATE_STATUS_CHANGED,
                course=course,
                learner_id=standing.user_id,
                before=certificate.snapshot() if certificate else None,
                after=after,
                reason=reason,
                source=sources.get(standing.user_id) if sources else None,
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
    statuses: dict[int, str | None] = dict.fromkeys(ordered)
    for chunk in chunked(ordered):
        standings = standings_read(course=course, user_ids=chunk)
        statuses.update(
            certificates_reevaluate_standings(
                course=course,
                standings=[standings[uid] for uid in chunk if uid in standings],
                context=context,
                reason=reason,
                create_missing=create_missing,
            )
        )
    return statuses
