"""The issued-certificates list (SPEC §6.2): every filter computed in the database, one
query for a page and one for the count, ordered by username from an index.

A page of certificates is one statement in two parts: an inner query that reads only the
`(course, status, username)` index for the page's ids (so a deep page skips index
entries, not joined rows), and an outer one that joins each of those ids to its user,
enrollment, exception and active invalidation. Each join matches at most one row (the
`(course, user)` unique constraints, one active invalidation per certificate). The
`all` list, a union with the exceptions that have no certificate, joins only the
certificates that can reach the page: the first (page end) of them by username. The
outer query does not depend on the course (its joins match the certificate's own
course), so it is built once per process and only cloned per request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, partial

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery

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
    """Subqueries for an exception row's enrollment, exception and active invalidation."""
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


@cache
def _certificate_rows() -> QuerySet:
    """Every certificate as a row of COLUMNS, ordered by username; callers filter it (and
    clone it by doing so: the cached queryset itself is never evaluated)."""
    own_course = F("course")
    return (
        Certificate.objects.annotate(
            enrollment=FilteredRelation(
                "user__enrollments", condition=Q(user__enrollments__course=own_course)
            ),
            exception=FilteredRelation(
                "user__certificate_exceptions",
                condition=Q(user__certificate_exceptions__course=own_course),
            ),
            invalidation=FilteredRelation(
                "invalidations",
                condition=Q(invalidations__active=True, invalidations__course=own_course),
            ),
        )
        .annotate(
            certificate_status=F("status"),
            email=F("user__email"),
            enrollment_track=F("enrollment__mode"),
            exception_granted=F("exception__created"),
            exception_notes=F("exception__notes"),
            invalidated_by=F("invalidation__invalidated_by__email"),
            invalidation_date=F("invalidation__created"),
            invalidation_note=F("invalidation__notes"),
        )
        .values(*COLUMNS)
        .order_by("username")
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
    """The list for the paginator and the CSV export. The count is taken from the same
    filters without the per-row columns (a count over the joined rows would join every
    matching row). `page` builds the rows of one slice (default: a slice of `rows`);
    the CSV export reads all of `rows`."""

    ordered = True

    def __init__(
        self, rows: QuerySet, counted: QuerySet, page: Callable[[slice], QuerySet] | None = None
    ) -> None:
        self._rows = rows
        self._counted = counted
        self._page = page

    def count(self) -> int:
        return self._counted.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> QuerySet:
        return self._page(key) if self._page else self._rows[key]

    def iterator(self, chunk_size: int) -> Iterator[dict]:
        return self._rows.iterator(chunk_size=chunk_size)


def _keyed_page(keys: QuerySet, key: slice) -> QuerySet:
    """The rows of one slice of `keys`, certificate ids in username order."""
    return _certificate_rows().filter(pk__in=keys[key])


def _lonely(course: Course) -> Q:
    """An exception whose learner has no certificate in the course."""
    return ~Exists(Certificate.objects.filter(course=course, user_id=OuterRef("user_id")))


def _all_rows(course: Course, search: str, first: int | None = None) -> QuerySet:
    """Every certificate and every exception without one, ordered by username. Given
    `first`, only the first `first` certificates by username are joined: the list's
    first `first` rows cannot hold a later one."""
    if first is None:
        certificate_rows = _search(_certificate_rows().filter(course=course), search)
    else:
        certificates = _search(Certificate.objects.filter(course=course), search)
        firsts = certificates.order_by("username").values("pk")[:first]
        certificate_rows = _certificate_rows().filter(pk__in=firsts)
    exception_rows = _search(_exception_rows(course).filter(_lonely(course)), search)
    return certificate_rows.order_by().union(exception_rows, all=True).order_by("username")


def _all_page(course: Course, search: str, key: slice) -> QuerySet:
    return _all_rows(course, search, first=key.stop)[key]


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
        lonely = CertificateException.objects.filter(course=course).filter(_lonely(course))
        counted = (
            _search(certificates, search)
            .values("pk")
            .union(_search(lonely, search).values("pk"), all=True)
        )
        return IssuedRows(_all_rows(course, search), counted, partial(_all_page, course, search))
    rows = _search(_certificate_rows().filter(course=course).filter(where), search)
    counted = _search(certificates.filter(where), search)
    keys = counted.order_by("username").values("pk")
    return IssuedRows(rows, counted, partial(_keyed_page, keys))
