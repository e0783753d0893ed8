"""The issued-certificates list (SPEC §6.2): every filter computed in the database, one
query for a page and one for the count, ordered by username from an index."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from certdesk.certificates.choices import Status
from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from certdesk.core.errors import InvalidFilter
from certdesk.courses.models import Course, Enrollment

CERTIFICATE_FILTERS: dict[str, tuple[str, ...]] = {
    "received": (Status.DOWNLOADABLE,),
    "not_received": (Status.NOTPASSING, "unverified"),
    "audit_passing": ("audit_passing",),
    "audit_not_passing": ("audit_notpassing",),
    "error": ("error",),
}
FILTERS = frozenset({"all", "granted_exceptions", "invalidated", *CERTIFICATE_FILTERS})
COLUMNS = (
    "username",
    "email",
    "enrollment_track",
    "certificate_status",
    "verify_uuid",
    "exception_granted",
    "exception_notes",
    "invalidated_by",
    "invalidation_date",
    "invalidation_note",
)


def _related(course: Course) -> dict:
    """Subqueries for one row's enrollment, exception and active invalidation."""
    exception = CertificateException.objects.filter(course=course, user_id=OuterRef("user_id"))
    invalidation = CertificateInvalidation.objects.filter(
        course=course, active=True, certificate__user_id=OuterRef("user_id")
    )
    mode = Enrollment.objects.filter(course=course, user_id=OuterRef("user_id")).values("mode")
    return {
        "email": F("user__email"),
        "enrollment_track": Subquery(mode[:1]),
        "exception_granted": Subquery(exception.values("created")[:1]),
        "exception_notes": Subquery(exception.values("notes")[:1]),
        "invalidated_by": Subquery(invalidation.values("invalidated_by__email")[:1]),
        "invalidation_date": Subquery(invalidation.values("created")[:1]),
        "invalidation_note": Subquery(invalidation.values("notes")[:1]),
    }


def _certificate_rows(course: Course) -> QuerySet:
    return (
        Certificate.objects.filter(course=course)
        .annotate(certificate_status=F("status"), **_related(course))
        .values(*COLUMNS)
    )


def _exception_rows(course: Course) -> QuerySet:
    certificate = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
    related = _related(course)
    return (
        CertificateException.objects.filter(course=course)
        .annotate(
            certificate_status=Subquery(certificate.values("status")[:1]),
            verify_uuid=Subquery(certificate.values("verify_uuid")[:1]),
            **related,
        )
        .values(*COLUMNS)
    )


def _search(rows: QuerySet, search: str) -> QuerySet:
    if not search:
        return rows
    return rows.filter(Q(username__icontains=search) | Q(user__email__icontains=search))


def issued_rows(*, course: Course, filter_name: str = "all", search: str = "") -> QuerySet:
    """The rows of the list, as dicts of COLUMNS, ordered by username."""
    if filter_name not in FILTERS:
        raise InvalidFilter(
            f"Unknown filter {filter_name!r}; use one of: {', '.join(sorted(FILTERS))}.",
            field_errors={"filter": [f"{filter_name!r} is not a valid filter."]},
        )
    search = search.strip()
    if filter_name in CERTIFICATE_FILTERS:
        rows = _certificate_rows(course).filter(status__in=CERTIFICATE_FILTERS[filter_name])
    elif filter_name == "invalidated":
        active = CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True)
        rows = _certificate_rows(course).filter(Exists(active))
    elif filter_name == "granted_exceptions":
        rows = _exception_rows(course)
    else:
        has_certificate = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
        only_excepted = _search(_exception_rows(course).filter(~Exists(has_certificate)), search)
        return (
            _search(_certificate_rows(course), search)
            .union(only_excepted, all=True)
            .order_by("username")
        )
    return _search(rows, search).order_by("username")
