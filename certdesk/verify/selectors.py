"""The public face of a certificate: what the page, the PDF and the verify API show."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from certdesk.certificates.choices import Status, status_label
from certdesk.certificates.models import Certificate, CertificateInvalidation
from certdesk.courses.choices import Mode

VERIFY_UUID = re.compile(r"^[0-9a-f]{32}$")
MODE_LABELS: dict[str, str] = dict(Mode.choices)

_COLUMNS = (
    "verify_uuid",
    "status",
    "mode",
    "name",
    "created",
    "course__key",
    "course__display_name",
    "course__org",
    "user__username",
    "user__name",
    "user__first_name",
    "user__last_name",
)


@dataclass(frozen=True)
class PublicCertificate:
    """A certificate as anyone holding its `verify_uuid` may see it. `learner_name` is
    None unless the certificate is valid: a revoked certificate names nobody."""

    verify_uuid: str
    valid: bool
    status: str
    status_label: str
    course_key: str
    course_name: str
    org: str
    mode: str
    mode_label: str
    issued: dt.datetime
    learner_name: str | None


def _public(certificate: Certificate) -> PublicCertificate:
    valid = certificate.status == Status.DOWNLOADABLE and not certificate.has_active_invalidation
    course = certificate.course
    return PublicCertificate(
        verify_uuid=certificate.verify_uuid,
        valid=valid,
        status=certificate.status,
        status_label=status_label(certificate.status) or "",
        course_key=course.key,
        course_name=course.display_name,
        org=course.org,
        mode=certificate.mode,
        mode_label=MODE_LABELS.get(certificate.mode, certificate.mode),
        issued=certificate.created,
        learner_name=(certificate.name or certificate.user.display_name) if valid else None,
    )


def certificate_public_get(*, verify_uuid: str) -> PublicCertificate | None:
    """The certificate with this `verify_uuid` (any case), in one query; None when there
    is none. A value that cannot be a `verify_uuid` is None without a query."""
    verify_uuid = verify_uuid.lower()
    if not VERIFY_UUID.match(verify_uuid):
        return None
    active = CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True)
    certificate = (
        Certificate.objects.filter(verify_uuid=verify_uuid)
        .select_related("course", "user")
        .only(*_COLUMNS)
        .annotate(has_active_invalidation=Exists(active))
        .first()
    )
    return None if certificate is None else _public(certificate)
