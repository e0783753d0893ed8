"""The base of every instructor API v2 view: authentication, course scope and role checks
in the order SPEC §2 gives, before the view does any work."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request

from certdesk.audit.services import AuditContext
from certdesk.certificates.selectors import certificates_available
from certdesk.core.api import ApiView
from certdesk.core.errors import CertificatesDisabled
from certdesk.core.responses import DEVELOPER_MESSAGE
from certdesk.courses.access import CourseAccess, course_access_resolve
from certdesk.courses.models import Course
from certdesk.courses.permissions import Perm


class CourseScopedView(ApiView):
    """Subclasses declare the permission each method needs and which methods are
    certificate writes (409 `certificates_disabled` while management is unavailable)."""

    permission_by_method: ClassVar[dict[str, Perm]] = {}
    certificate_write_methods: ClassVar[frozenset[str]] = frozenset()
    error_message_key: ClassVar[str] = DEVELOPER_MESSAGE

    access: CourseAccess
    course: Course

    def check_access(self, request: Request, *args: Any, **kwargs: Any) -> None:
        perm = self.permission_by_method.get(request.method)
        if perm is None:
            raise MethodNotAllowed(request.method)
        self.access = course_access_resolve(
            user=request.user, raw_key=kwargs["course_key"], perm=perm
        )
        self.course = self.access.course
        if request.method in self.certificate_write_methods and not certificates_available(
            course=self.course
        ):
            raise CertificatesDisabled()

    def audit_context(self, source: str = "api") -> AuditContext:
        return AuditContext(actor=self.request.user, source=source)
