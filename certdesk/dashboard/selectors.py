"""Reads for the dashboard pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q

from certdesk.certificates.selectors import certificates_available
from certdesk.courses.models import Course, CourseRole


@dataclass(frozen=True)
class CourseRow:
    course: Course
    roles: list[str]
    active_enrollments: int
    certificates_available: bool


def my_courses(*, user: AbstractBaseUser) -> list[CourseRow]:
    """The courses where the user has a role (all courses for global staff), with counts,
    in two queries whatever the number of courses."""
    courses = Course.objects.annotate(
        active_enrollments=Count("enrollments", filter=Q(enrollments__is_active=True))
    ).order_by("key")
    roles: dict[int, list[str]] = {}
    for course_id, role in CourseRole.objects.filter(user=user).values_list("course_id", "role"):
        roles.setdefault(course_id, []).append(role)
    if not user.is_staff:
        courses = courses.filter(pk__in=list(roles))
    return [
        CourseRow(
            course=course,
            roles=sorted(roles.get(course.pk, [])) or ["global staff"],
            active_enrollments=course.active_enrollments,
            certificates_available=certificates_available(course=course),
        )
        for course in courses
    ]
