"""Who may do what on a course, checked before any other work (SPEC §2).

Order: an unparseable key → 404; no role on the key (and not global staff) → 403 whether
or not the course exists; no course → 404; the role lacks the permission → 403.
Authentication (401) comes before all of this, in the API layer."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from certdesk.core.errors import CourseNotFound, PermissionDenied
from certdesk.core.keys import canonical_course_key
from certdesk.courses.models import Course
from certdesk.courses.permissions import Perm, permissions_for
from certdesk.courses.selectors import course_get, roles_for_user


@dataclass(frozen=True)
class CourseAccess:
    course: Course
    roles: frozenset[str]
    permissions: frozenset[Perm]

    def allows(self, perm: Perm) -> bool:
        return perm in self.permissions


def course_access_resolve(*, user: AbstractBaseUser, raw_key: str, perm: Perm) -> CourseAccess:
    key = canonical_course_key(raw_key)
    roles = roles_for_user(user=user, course_key=key)
    if not roles and not user.is_staff:
        raise PermissionDenied("You have no role on this course.")
    course = course_get(key=key)
    if course is None:
        raise CourseNotFound(f"Course not found: {key}")
    permissions = permissions_for(roles=roles, is_global_staff=user.is_staff)
    if perm not in permissions:
        raise PermissionDenied("Your course role does not allow this action.")
    return CourseAccess(course=course, roles=frozenset(roles), permissions=permissions)
