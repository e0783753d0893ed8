"""Reads for the dashboard pages that no domain selector answers as a page needs them.
Each is a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from certdesk.certificates.choices import Status
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    GenerationJob,
)
from certdesk.certificates.selectors import active_jobs, certificates_available
from certdesk.courses.models import Course, CourseRole


@dataclass(frozen=True)
class CourseRow:
    course: Course
    roles: list[str]
    active_enrollments: int
    received: int
    exceptions: int
    certificates_available: bool


def _count_of(queryset: QuerySet) -> Coalesce:
    """A correlated `COUNT(*)` of `queryset` (filtered on `course_id=OuterRef("pk")`)."""
    counted = queryset.order_by().values("course_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _with_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    here = {"course_id": OuterRef("pk")}
    return courses.annotate(
        active_enrollments=Count("enrollments", filter=Q(enrollments__is_active=True)),
        received=_count_of(Certificate.objects.filter(status=Status.DOWNLOADABLE, **here)),
        exception_count=_count_of(CertificateException.objects.filter(**here)),
        invalidation_count=_count_of(CertificateInvalidation.objects.filter(active=True, **here)),
    )


def my_courses(*, user: AbstractBaseUser) -> list[CourseRow]:
    """The courses where the user has a role (all courses for global staff), with counts,
    in two queries whatever the number of courses."""
    courses = _with_counts(Course.objects.all()).order_by("key")
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
            received=course.received,
            exceptions=course.exception_count,
            certificates_available=certificates_available(course=course),
        )
        for course in courses
    ]


@dataclass(frozen=True)
class CourseSummary:
    course: Course  # re-read: the switches show their persisted state
    active_enrollments: int
    received: int
    exceptions: int
    invalidations: int
    active_job: GenerationJob | None


def course_summary(*, course: Course) -> CourseSummary:
    """The course as stored now, its counts and its queued or running job: two queries."""
    fresh = _with_counts(Course.objects.filter(pk=course.pk)).get()
    jobs = active_jobs(course=course)
    return CourseSummary(
        course=fresh,
        active_enrollments=fresh.active_enrollments,
        received=fresh.received,
        exceptions=fresh.exception_count,
        invalidations=fresh.invalidation_count,
        active_job=jobs[0] if jobs else None,
    )
