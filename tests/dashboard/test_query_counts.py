"""Exact query counts of every list page, the same for one row and for many: no query
per row can creep in (docs/architecture.md, "Bulk first")."""

from __future__ import annotations

import pytest
from django.utils import timezone

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    GenerationJob,
)
from certdesk.courses.models import CourseRole
from tests.dashboard.conftest import url
from tests.factories import make_course, make_learners

pytestmark = pytest.mark.django_db

# Every signed-in page: the session, the user; every course page adds the caller's roles
# and the course (course_access_resolve).
SESSION_AND_USER = 2
COURSE_ACCESS = 2


def _certificates(course, users, status="downloadable"):
    return Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status=status,
                    mode="verified", created=timezone.now())
        for u in users
    )  # fmt: skip


def _rows(kind: str, course, instructor, n: int) -> None:
    users = make_learners(course, n, prefix=f"{kind}{n}_")
    now = timezone.now()
    if kind == "issued":
        _certificates(course, users[: n // 2 + 1])
        CertificateException.objects.bulk_create(
            CertificateException(user=u, username=u.username, course=course, notes="n",
                                 granted_by=instructor, created=now)
            for u in users[n // 2 + 1 :]
        )  # fmt: skip
    elif kind == "exceptions":
        _certificates(course, users[:1])
        CertificateException.objects.bulk_create(
            CertificateException(user=u, username=u.username, course=course, notes="n",
                                 granted_by=instructor, created=now)
            for u in users
        )  # fmt: skip
    elif kind == "invalidations":
        CertificateInvalidation.objects.bulk_create(
            CertificateInvalidation(certificate=c, course=course, invalidated_by=instructor,
                                    notes="n", created=now)
            for c in _certificates(course, users, status="unavailable")
        )  # fmt: skip
    elif kind == "history":
        GenerationJob.objects.bulk_create(
            GenerationJob(course=course, requester=instructor, state="completed",
                          task_type="generate_certificates", created=now)
            for _ in range(n)
        )  # fmt: skip
    elif kind == "audit":
        AuditEvent.objects.bulk_create(
            AuditEvent(time=now, course=course, actor=instructor, learner=u,
                       action="exception_granted", notes="n", source="ui")
            for u in users
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        ("issued", SESSION_AND_USER + COURSE_ACCESS + 2),  # page, count
        ("exceptions", SESSION_AND_USER + COURSE_ACCESS + 2),
        ("invalidations", SESSION_AND_USER + COURSE_ACCESS + 2),
        ("history", SESSION_AND_USER + COURSE_ACCESS + 2),
        ("audit", SESSION_AND_USER + COURSE_ACCESS + 2),
    ],
)
@pytest.mark.parametrize("n", [1, 40])
def test_list_pages(as_instructor, course, instructor, django_assert_num_queries, kind, queries, n):
    _rows(kind, course, instructor, n)
    with django_assert_num_queries(queries):
        response = as_instructor.get(url(kind, course))
    assert response.status_code == 200
    assert response.context["table"].paginator.count == n


@pytest.mark.parametrize("n", [1, 15])
def test_my_courses(as_instructor, instructor, django_assert_num_queries, n):
    for i in range(n):
        course = make_course(f"course-v1:Org+C{i}+2026")
        CourseRole.objects.create(user=instructor, course=course, role="instructor")
        make_learners(course, 3, prefix=f"c{i}_")
    with django_assert_num_queries(SESSION_AND_USER + 2):  # roles, courses with counts
        response = as_instructor.get(url("home"))
    assert len(response.context["courses"]) == n + 1  # and the `course` fixture's


@pytest.mark.parametrize("n", [1, 30])
def test_course_overview(as_instructor, course, instructor, django_assert_num_queries, n):
    _rows("exceptions", course, instructor, n)
    with django_assert_num_queries(SESSION_AND_USER + COURSE_ACCESS + 2):  # counts, job
        response = as_instructor.get(url("course", course))
    assert response.context["summary"].exceptions == n


@pytest.mark.parametrize("n", [1, 40])
def test_csv_export(as_instructor, course, instructor, django_assert_num_queries, n):
    """Every matching row, streamed: one query for the rows, however many there are."""
    _rows("issued", course, instructor, n)
    with django_assert_num_queries(SESSION_AND_USER + COURSE_ACCESS + 1):
        response = as_instructor.get(url("issued-export", course))
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == n + 1  # the header and every row


@pytest.mark.parametrize("n", [1, 40])
def test_audit_with_filters(as_instructor, course, instructor, django_assert_num_queries, n):
    _rows("audit", course, instructor, n)
    query = f"?action=exception_granted&actor={instructor.username}"
    with django_assert_num_queries(SESSION_AND_USER + COURSE_ACCESS + 2):
        response = as_instructor.get(url("audit", course) + query)
    assert response.context["table"].paginator.count == n
