"""`manage.py load_demo`: the demo data through the real services, idempotent, with
working logins and printed instructions."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from rest_framework.test import APIClient

from certdesk.accounts.models import User
from certdesk.audit.models import AuditEvent
from certdesk.certificates.choices import JobState, Status
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    GenerationJob,
)
from certdesk.courses.choices import Mode
from certdesk.courses.models import Course, CourseRole, Enrollment, Grade
from certdesk.demo.services import DEMO_PASSWORD, LEARNER_COUNT
from tests.snapshots import db_snapshot

pytestmark = pytest.mark.django_db

SELF_PACED = "course-v1:certdesk+DEMO101+2026"
INSTRUCTOR_PACED = "course-v1:certdesk+DEMO201+2026"


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple]]:
    picture = db_snapshot()
    del picture["knox.authtoken"]  # every run issues a new token, on purpose
    return picture


def printed_token(output: str) -> str:
    match = re.search(r"API token for instructor.*\n\s+(\S+)\n", output)
    assert match, output
    return match.group(1)


def test_courses_learners_and_grades():
    load_demo()
    courses = {course.key: course for course in Course.objects.all()}
    assert len(courses) == 3
    assert courses[SELF_PACED].self_paced is True
    assert courses[INSTRUCTOR_PACED].self_paced is False
    assert User.objects.filter(username__startswith="learner").count() == LEARNER_COUNT
    modes = set(
        Enrollment.objects.filter(course=courses[SELF_PACED]).values_list("mode", flat=True)
    )
    assert modes == set(Mode.values)
    passing = Grade.objects.filter(passed=True).count() / Grade.objects.count()
    assert 0.55 < passing < 0.75


def test_course_team_and_certificates():
    load_demo()
    roles = set(CourseRole.objects.values_list("user__username", "role"))
    assert roles == {("instructor", "instructor"), ("staff", "staff")}
    assert CourseRole.objects.count() == 6
    assert User.objects.get(username="admin").is_staff is True
    for course in Course.objects.all():
        statuses = dict(
            Certificate.objects.filter(course=course)
            .values_list("status")
            .annotate(count=Count("id"))
        )
        assert statuses[Status.DOWNLOADABLE] > 50
        assert statuses[Status.UNAVAILABLE] == 1
        assert CertificateInvalidation.objects.filter(course=course, active=True).count() == 1
        assert CertificateException.objects.filter(course=course).count() == 3
        assert GenerationJob.objects.get(course=course).state == JobState.COMPLETED
    assert not Certificate.objects.filter(mode=Mode.AUDIT).exists()
    assert AuditEvent.objects.filter(source="ingest", actor__username="instructor").exists()


def test_a_second_run_changes_nothing(frozen_time):
    load_demo()
    before = snapshot()
    frozen_time.shift(dt.timedelta(hours=1))  # a rewrite would show in its timestamps
    load_demo()
    after = snapshot()
    assert [label for label in before if before[label] != after[label]] == []


def test_the_logins_work():
    load_demo()
    for username in ("instructor", "staff", "admin"):
        assert Client().login(username=username, password=DEMO_PASSWORD), username


def test_output_tells_how_to_log_in_and_the_token_works():
    output = load_demo("--url", "http://127.0.0.1:8010")
    assert "http://127.0.0.1:8010/\n" in output
    assert "http://127.0.0.1:8010/login" in output
    assert DEMO_PASSWORD in output
    for username in ("instructor", "staff", "admin"):
        assert f"  {username}  " in output
    token = printed_token(output)
    assert f"http://127.0.0.1:8010/api/instructor/v2/courses/{SELF_PACED}" in output
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"/api/instructor/v2/courses/{SELF_PACED}").status_code == 200


def test_the_default_url():
    assert "http://127.0.0.1:8000/login" in load_demo()
