"""Certificate import through the ingestion API (SPEC §5), e.g. from an Open edX export.

Item: `{username, status, mode?, grade?, name?, verify_uuid?, created?}`. Any Open edX
status is stored as given, with no re-evaluation; other text is `invalid_status`.
`verify_uuid` is 32 lowercase hex characters (`invalid_verify_uuid` otherwise) and is
kept, so public links survive the move. It never changes once assigned: an item that
gives an existing certificate a different one, or a value another certificate (of any
course) holds, is `verify_uuid_conflict`. A new certificate without one gets a fresh one.
`created` is the issue date (now when a new certificate leaves it out). A new
certificate without `mode` takes the learner's enrollment mode in the course (`honor`
when not enrolled, as Open edX's default); without `name`, the user's display name.
Fields left out of an item for an existing certificate keep their values.

One `certificate_imported` audit event per created or changed certificate (source
`ingest`, before/after hold the status), written in the same transaction.

Statements per chunk of up to CHUNK_SIZE items: users by username, their enrollment
modes, their certificates in the course, certificates holding the given verify_uuids
(skipped when no item gives one), insert of new certificates, update of changed ones,
insert of audit events (a write with nothing to write is skipped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates.choices import OPEN_EDX_STATUSES
from certdesk.certificates.models import Certificate, new_verify_uuid
from certdesk.core.transactions import atomic_retrying
from certdesk.courses.choices import Mode
from certdesk.courses.models import Course, Enrollment
from certdesk.courses.services.items import (
    BatchResult,
    DuplicateGuard,
    ItemRejected,
    batch_run,
    read_choice,
    read_optional_datetime,
    read_optional_string,
    read_username,
)
from certdesk.courses.services.users import users_by_username

DEFAULT_MODE = Mode.HONOR
VERIFY_UUID = re.compile(r"^[0-9a-f]{32}$")
GRADE_MAX_LENGTH = 16
NAME_MAX_LENGTH = 255
UPDATABLE = ("status", "mode", "grade", "name", "created")


@dataclass(frozen=True)
class CertificateItem:
    index: int
    username: str
    values: dict[str, Any]  # the fields the item gives, of UPDATABLE
    verify_uuid: str | None


def _read_grade(item: Mapping[str, Any]) -> str | None:
    """A string, or a number written as one (Open edX exports use both)."""
    grade = item.get("grade")
    if isinstance(grade, (int, float)) and not isinstance(grade, bool):
        grade = str(grade)
        if len(grade) > GRADE_MAX_LENGTH:
            raise ItemRejected("invalid_field", f"grade: at most {GRADE_MAX_LENGTH} characters.")
        return grade
    return read_optional_string(item, "grade", max_length=GRADE_MAX_LENGTH)


def _read_verify_uuid(item: Mapping[str, Any]) -> str | None:
    value = read_optional_string(item, "verify_uuid", max_length=64)
    if value is not None and not VERIFY_UUID.match(value):
        raise ItemRejected(
            "invalid_verify_uuid", "verify_uuid: must be 32 lowercase hexadecimal characters."
        )
    return value


def _parse(index: int, item: Mapping[str, Any], guard: DuplicateGuard) -> CertificateItem:
    username = read_username(item)
    values: dict[str, Any] = {
        "status": read_choice(
            item, "status", choices=OPEN_EDX_STATUSES, code="invalid_status", required=True
        ),
        "mode": read_choice(item, "mode", choices=Mode.values, code="invalid_mode", required=False),
        "grade": _read_grade(item),
        "name": read_optional_string(item, "name", max_length=NAME_MAX_LENGTH),
        "created": read_optional_datetime(item, "created"),
    }
    verify_uuid = _read_verify_uuid(item)
    guard.check(index=index, username=username)
    given = {name: value for name, value in values.items() if value is not None}
    return CertificateItem(index=index, username=username, values=given, verify_uuid=verify_uuid)


class _UuidClaims:
    """verify_uuid → certificate pk (None for one claimed by a new certificate)."""

    def __init__(self) -> None:
        self._holder: dict[str, int | None] = {}

    def load(self, *, uuids: set[str]) -> None:
        rows = Certificate.objects.filter(verify_uuid__in=sorted(uuids)).values_list(
            "verify_uuid", "pk"
        )
        self._holder.update(dict(rows))

    def claim(self, *, uuid: str, certificate: Certificate | None) -> None:
        holder = self._holder.get(uuid, 0)
        mine = certificate.pk if certificate is not None else None
        if holder == 0:
            self._holder[uuid] = mine
        elif holder is None or holder != mine:
            raise ItemRejected(
                "verify_uuid_conflict", f"verify_uuid: {uuid} belongs to another certificate."
            )


def _apply_item(
    *,
    item: CertificateItem,
    certificate: Certificate | None,
    claims: _UuidClaims,
    defaults: dict[str, Any],
) -> tuple[Certificate, str | None] | None:
    """The certificate to write and its status before (None when new); None when the
    item changes nothing."""
    if item.verify_uuid is not None:
        if certificate is not None and certificate.verify_uuid != item.verify_uuid:
            raise ItemRejected(
                "verify_uuid_conflict",
                f"verify_uuid: this certificate's is {certificate.verify_uuid}; it never changes.",
            )
        claims.claim(uuid=item.verify_uuid, certificate=certificate)
    if certificate is None:
        new = Certificate(
            verify_uuid=item.verify_uuid or new_verify_uuid(), **{**defaults, **item.values}
        )
        return new, None
    before = certificate.status
    changed = [name for name, value in item.values.items() if getattr(certificate, name) != value]
    if not changed:
        return None
    for name in changed:
        setattr(certificate, name, item.values[name])
    return certificate, before


def _apply_chunk(
    *,
    course: Course,
    parsed: list[CertificateItem],
    claims: _UuidClaims,
    context: AuditContext,
    result: BatchResult,
) -> None:
    users = users_by_username(usernames=(item.username for item in parsed))
    known = [item for item in parsed if item.username in users]
    for item in parsed:
        if item.username not in users:
            result.reject(
                item.index, ItemRejected("unknown_user", f"username: no user {item.username!r}.")
            )
    user_ids = [users[item.username].pk for item in known]
    modes = dict(
        Enrollment.objects.filter(course=course, user_id__in=user_ids).values_list(
            "user_id", "mode"
        )
    )
    existing = {
        certificate.user_id: certificate
        for certificate in Certificate.objects.filter(course=course, user_id__in=user_ids)
    }
    claims.load(uuids={item.verify_uuid for item in known if item.verify_uuid})
    now = timezone.now()
    to_create: list[Certificate] = []
    to_update: list[Certificate] = []
    entries: list[AuditEntry] = []
    for item in known:
        user = users[item.username]
        defaults = _new_defaults(course=course, user=user, mode=modes.get(user.pk), now=now)
        try:
            applied = _apply_item(
                item=item, certificate=existing.get(user.pk), claims=claims, defaults=defaults
            )
        except ItemRejected as rejected:
            result.reject(item.index, rejected)
            continue
        if applied is None:
            result.count(created=False, changed=False)
            continue
        certificate, before = applied
        if before is None:
            to_create.append(certificate)
        else:
            certificate.modified = now
            to_update.append(certificate)
        result.count(created=before is None, changed=True)
        entries.append(_audit_entry(course=course, user=user, before=before, after=certificate))
    Certificate.objects.bulk_create(to_create)
    Certificate.objects.bulk_update(to_update, [*UPDATABLE, "modified"])
    audit_record_many(context=context, entries=entries)


def _new_defaults(*, course: Course, user: Any, mode: str | None, now: dt.datetime) -> dict:
    return {
        "user": user,
        "username": user.username,
        "course": course,
        "mode": mode or DEFAULT_MODE,
        "grade": "",
        "name": user.display_name,
        "created": now,
    }


def _audit_entry(
    *, course: Course, user: Any, before: str | None, after: Certificate
) -> AuditEntry:
    return AuditEntry(
        action=Action.CERTIFICATE_IMPORTED,
        course=course,
        learner=user,
        before=None if before is None else {"status": before},
        after={"status": after.status},
    )


def certificates_import_many(
    *, course: Course, items: Sequence[Any], context: AuditContext
) -> BatchResult:
    """Validate every item, store the valid certificates chunk by chunk and audit each
    change, in one transaction (run again if a concurrent call created one of the same
    certificates first)."""

    def work() -> BatchResult:
        result = BatchResult()
        claims = _UuidClaims()
        batch_run(
            items=items,
            parse=_parse,
            apply=lambda parsed: _apply_chunk(
                course=course, parsed=parsed, claims=claims, context=context, result=result
            ),
            result=result,
        )
        return result

    result = atomic_retrying(work)
    result.finish()
    return result
