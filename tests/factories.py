"""Test data made through the real models (no mocks of our own code)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from knox.models import AuthToken

from certdesk.certificates.models import Certificate, CertificateInvalidation
from certdesk.core.keys import parse_course_key
from certdesk.courses.models import Course, CourseRole, Enrollment, Grade

User = get_user_model()


def make_course(key: str, **fields) -> Course:
    parsed = parse_course_key(key)
    defaults = {
        "display_name": f"Course {parsed.course}",
        "org": parsed.org,
        "course_number": parsed.course,
        "course_run": parsed.run,
    }
    defaults.update(fields)
    return Course.objects.create(key=str(parsed), **defaults)


def make_user(username: str, *, email: str | None = None, roles=None, **fields):
    user = User.objects.create_user(
        username=username, email=email or f"{username}@example.org", password="pw-123456", **fields
    )
    for course, role in (roles or {}).items():
        CourseRole.objects.create(user=user, course=course, role=role)
    return user


def enroll(user, course: Course, *, mode: str = "verified", is_active: bool = True) -> Enrollment:
    return Enrollment.objects.create(user=user, course=course, mode=mode, is_active=is_active)


def grade(user, course: Course, *, percent: float = 0.9, passed: bool = True) -> Grade:
    return Grade.objects.create(user=user, course=course, percent=percent, passed=passed)


def token_for(user) -> str:
    _, token = AuthToken.objects.create(user=user, expiry=None)
    return token


def make_learners(
    course: Course,
    count: int,
    *,
    prefix: str = "learner",
    mode: str = "verified",
    passed: bool | None = None,
) -> list:
    """`count` enrolled learners in three bulk statements (four with grades)."""
    users = User.objects.bulk_create(
        User(username=f"{prefix}{i:05d}", email=f"{prefix}{i:05d}@example.org", name=f"L {i}")
        for i in range(count)
    )
    Enrollment.objects.bulk_create(Enrollment(user=u, course=course, mode=mode) for u in users)
    if passed is not None:
        Grade.objects.bulk_create(
            Grade(user=u, course=course, percent=0.9 if passed else 0.2, passed=passed)
            for u in users
        )
    return users


def invalidated_certificate(user, course: Course, *, by, status: str = "unavailable"):
    """A certificate with an active invalidation, as the invalidation service leaves it
    (written directly, for tests that start from that state)."""
    certificate = Certificate.objects.create(
        user=user, course=course, status=status, mode="verified", created=course.created
    )
    CertificateInvalidation.objects.create(
        certificate=certificate, course=course, invalidated_by=by, created=course.created
    )
    return certificate
