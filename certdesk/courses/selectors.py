"""Reads about courses and the people in them."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count

from certdesk.courses.choices import Mode
from certdesk.courses.models import Course, CourseRole, Enrollment


def course_get(*, key: str) -> Course | None:
    return Course.objects.filter(key=key).first()


def roles_for_user(*, user: AbstractBaseUser, course_key: str) -> set[str]:
    """The user's roles on the course key, whether or not the course still exists."""
    return set(
        CourseRole.objects.filter(user=user, course__key=course_key).values_list("role", flat=True)
    )


def courses_for_user(*, user: AbstractBaseUser) -> list[Course]:
    """Courses where the user holds a role; every course for global staff."""
    courses = Course.objects.all()
    if not user.is_staff:
        courses = courses.filter(roles__user=user).distinct()
    return list(courses.order_by("key"))


def enrollment_counts(*, course: Course) -> dict[str, int]:
    """Active enrollments per mode (every mode present, zero when empty) plus `total`."""
    rows = (
        Enrollment.objects.filter(course=course, is_active=True)
        .values("mode")
        .annotate(n=Count("id"))
        .values_list("mode", "n")
    )
    counts = dict.fromkeys(Mode.values, 0)
    counts.update(dict(rows))
    counts["total"] = sum(counts.values())
    return counts


def team_counts(*, course: Course) -> dict[str, int]:
    """`learner_count`: active enrollments of users without a course role;
    `staff_count`: users with a course role."""
    staff_users = CourseRole.objects.filter(course=course).values("user_id")
    learners = (
        Enrollment.objects.filter(course=course, is_active=True)
        .exclude(user_id__in=staff_users)
        .count()
    )
    staff = CourseRole.objects.filter(course=course).values("user_id").distinct().count()
    return {"learner_count": learners, "staff_count": staff}
