"""The course scope of every per-course dashboard page: sign-in, then the same access
check as the instructor API (`course_access_resolve`, SPEC §2 order), then — for
certificate writes — whether certificate management is available. A refusal is a page
with the status the API would answer (403, 404, 409), never a redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certdesk.certificates.selectors import certificates_available
from certdesk.core.errors import CertdeskError, CertificatesDisabled
from certdesk.courses.access import CourseAccess, course_access_resolve
from certdesk.courses.models import Course
from certdesk.courses.permissions import Perm

# Which pages each permission opens; the course navigation shows only these.
NAV = (
    ("dashboard:course", "Overview", Perm.COURSE_INFO),
    ("dashboard:issued", "Issued certificates", Perm.ISSUED_READ),
    ("dashboard:exceptions", "Exceptions", Perm.EXCEPTIONS_READ),
    ("dashboard:invalidations", "Invalidations", Perm.INVALIDATIONS_READ),
    ("dashboard:generate", "Generate", Perm.CERTIFICATES_WRITE),
    ("dashboard:history", "Generation history", Perm.HISTORY_READ),
    ("dashboard:audit", "Audit log", Perm.AUDIT_READ),
)


@dataclass(frozen=True)
class CoursePage:
    """What a per-course view gets: the course, the caller's access, and what the
    templates need to decide which controls exist."""

    access: CourseAccess
    nav: str

    @property
    def course(self) -> Course:
        return self.access.course

    @property
    def can_write(self) -> bool:
        return self.access.allows(Perm.CERTIFICATES_WRITE)

    @property
    def can_read_toggles(self) -> bool:
        return self.access.allows(Perm.TOGGLE_READ)

    @property
    def available(self) -> bool:
        return certificates_available(course=self.course)

    @property
    def can_change_certificates(self) -> bool:
        """Write controls for exceptions, invalidations and generation are shown."""
        return self.can_write and self.available

    def allows(self, perm: Perm) -> bool:
        return self.access.allows(perm)

    def context(self, **extra: object) -> dict[str, object]:
        links = [(name, label) for name, label, perm in NAV if self.access.allows(perm)]
        return {"page": self, "course": self.course, "nav_links": links, **extra}


def error_page(request: HttpRequest, error: CertdeskError) -> HttpResponse:
    return render(
        request,
        "dashboard/error.html",
        {"status": error.status, "message": error.message, "code": error.code},
        status=error.status,
    )


def course_view(
    perm: Perm, *, nav: str, certificate_write: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate `view(request, page, **kwargs)` taking the `course_key` of the URL."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, course_key: str, **kwargs: object) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                access = course_access_resolve(user=request.user, raw_key=course_key, perm=perm)
                page = CoursePage(access=access, nav=nav)
                if certificate_write and not page.available:
                    raise CertificatesDisabled()
                # A refusal the view does not show itself (such as the course being
                # switched off while the request ran) is an error page, never a 500.
                return view(request, page, **kwargs)
            except CertdeskError as error:
                return error_page(request, error)

        return wrapped

    return decorate
