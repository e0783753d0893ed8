"""The base of every ingestion API view (SPEC §5): checks in this order before any work:
unauthenticated → 401 `not_authenticated`; an unparseable course key → 404
`course_not_found`; a caller who is neither global staff nor holds `accounts.ingest` →
403 `permission_denied`; no course with that key → 404 `course_not_found` (except where
the view creates it). Body validation comes after."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser
from opaque_keys.edx.keys import CourseKey
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from certdesk.audit.services import AuditContext
from certdesk.core.api import ApiView
from certdesk.core.errors import CourseNotFound, PermissionDenied
from certdesk.core.keys import parse_course_key
from certdesk.courses.models import Course
from certdesk.courses.selectors import course_get

INGEST_PERMISSION = "accounts.ingest"
INGEST_SOURCE = "ingest"


def ingest_allowed(*, user: AbstractBaseUser) -> bool:
    """An ingestion client: global staff, or a user with the `ingest` permission."""
    return bool(user.is_staff or user.has_perm(INGEST_PERMISSION))


class IngestionView(ApiView):
    """Subclasses name the methods that may run on a key with no course yet."""

    permission_classes = [IsAuthenticated]
    course_optional_methods: ClassVar[frozenset[str]] = frozenset()

    course_key: CourseKey
    course: Course | None

    def check_access(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.course_key = parse_course_key(kwargs["course_key"])
        if not ingest_allowed(user=request.user):
            raise PermissionDenied("Only ingestion clients may use this endpoint.")
        self.course = course_get(key=str(self.course_key))
        if self.course is None and request.method not in self.course_optional_methods:
            raise CourseNotFound(f"Course not found: {self.course_key}")

    def audit_context(self) -> AuditContext:
        return AuditContext(actor=self.request.user, source=INGEST_SOURCE)
