"""The issued-certificates list (SPEC §6.2): every filter computed in the database, one
query for a page and one for the count, ordered by username from an index."""

from __future__ import annotations

from collections.abc import Iterator

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
    # Through the certificate's (course, user) index (its user alone has none).
    invalidation = CertificateInvalidation.objects.filter(
        course=course,
        active=True,
        certificate__course=course,
        certificate__user_id=OuterRef("user_id"),
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


class IssuedRows:
    """The list for the paginator and the CSV export: pages are slices of the annotated
    rows; the count is taken from the same filters without the per-row subqueries (a
    count over the annotated rows would evaluate them for every matching row)."""

    ordered = True

    def __init__(self, rows: QuerySet, counted: QuerySet) -> None:
        self._rows = rows
        self._counted = counted

    def count(self) -> int:
        return self._counted.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> QuerySet:
        return self._rows[key]

    def iterator(self, chunk_size: int) -> Iterator[dict]:
        return self._rows.iterator(chunk_size=chunk_size)


def _check_filter(filter_name: str) -> None:
    if filter_name not in FILTERS:
        raise InvalidFilter(
            f"Unknown filter {filter_name!r}; use one of: {', '.join(sorted(FILTERS))}.",
            field_errors={"filter": [f"{filter_name!r} is not a valid filter."]},
        )


def issued_rows(*, course: Course, filter_name: str = "all", search: str = "") -> IssuedRows:
    """The rows of the list, as dicts of COLUMNS, ordered by username."""
    _check_filter(filter_name)
    search = search.strip()
    certificates = Certificate.objects.filter(course=course)
    if filter_name in CERTIFICATE_FILTERS:
        where = Q(status__in=CERTIFICATE_FILTERS[filter_name])
    elif filter_name == "invalidated":
        where = Q(
            Exists(CertificateInvalidation.objects.filter(certificate=OuterRef("pk"), active=True))
        )
    elif filter_name == "granted_exceptions":
        counted = _search(CertificateException.objects.filter(course=course), search)
        rows = _search(_exception_rows(course), search).order_by("username")
        return IssuedRows(rows, counted)
    else:  # all: every certificate, and every exception without one
        has_certificate = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
        lonely = Q(~Exists(has_certificate))
        rows = _search(_certificate_rows(course), search).union(
            _search(_exception_rows(course).filter(lonely), search), all=True
        )
        counted = (
            _search(certificates, search)
            .values("pk")
            .union(
                _search(
                    CertificateException.objects.filter(course=course).filter(lonely), search
                ).values("pk"),
                all=True,
            )
        )
        return IssuedRows(rows.order_by("username"), counted)
    rows = _search(_certificate_rows(course).filter(where), search).order_by("username")
    return IssuedRows(rows, _search(certificates.filter(where), search))
