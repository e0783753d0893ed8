"""Fixtures of the dashboard tests: signed-in browsers (Django's test client) for each
role, and a course with learners in every state the pages show."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.eligibility import certificates_reevaluate_many
from certdesk.certificates.services.exceptions import exceptions_grant_many
from certdesk.certificates.services.invalidations import certificates_invalidate_many
from certdesk.certificates.services.learners import LearnerRequest
from tests.factories import enroll, grade, make_user

KEY = "course-v1:OrgA+CS101+2026"


def url(name: str, course=None, **kwargs) -> str:
    if course is None:
        return reverse(f"dashboard:{name}", kwargs=kwargs or None)
    return reverse(f"dashboard:{name}", kwargs={"course_key": course.key, **kwargs})


def field_block(html: str, field: str) -> str:
    """The HTML of one form field (label to end of its block), where its errors show."""
    return html.split(f'for="id_{field}"')[1].split("</div>")[0]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def preview_dir(settings, tmp_path):
    """CSV previews of these tests go to a folder of their own."""
    settings.CERTDESK_CSV_PREVIEW_DIR = str(tmp_path / "csv-previews")
    return tmp_path / "csv-previews"


@pytest.fixture
def as_instructor(instructor) -> Client:
    return signed_in(instructor)


@pytest.fixture
def as_staff(staff_member) -> Client:
    return signed_in(staff_member)


@dataclass
class People:
    passing: object  # enrolled, passing grade → downloadable after a grant/generation
    failing: object  # enrolled, failing grade
    excepted: object  # enrolled with an exception (→ downloadable)
    invalidated: object  # had a certificate, now invalidated
    outsider: object  # exists, not enrolled


def grant(course, user, actor, notes: str = "") -> None:
    exceptions_grant_many(
        course=course,
        requests=[LearnerRequest(identifier=user.username, notes=notes)],
        granted_by=actor,
        context=AuditContext(actor=actor, source="test"),
    )


def invalidate(course, user, actor, notes: str = "") -> None:
    certificates_invalidate_many(
        course=course,
        requests=[LearnerRequest(identifier=user.username)],
        notes=notes,
        invalidated_by=actor,
        context=AuditContext(actor=actor, source="test"),
    )


@pytest.fixture
def people(course, instructor) -> People:
    """Learners in the states the pages list, made through the real services."""
    passing = make_user("pat")
    enroll(passing, course)
    grade(passing, course, passed=True)
    failing = make_user("fay")
    enroll(failing, course)
    grade(failing, course, percent=0.2, passed=False)
    excepted = make_user("eve")
    enroll(excepted, course)
    grant(course, excepted, instructor, notes="Medical leave")
    invalidated = make_user("ivan")
    enroll(invalidated, course)
    grade(invalidated, course, passed=True)
    certificates_reevaluate_many(
        course=course,
        user_ids=[passing.pk, invalidated.pk],
        context=AuditContext(actor=instructor, source="test"),
        reason="test",
    )
    invalidate(course, invalidated, instructor, notes="Plagiarism")
    outsider = make_user("otto")
    return People(passing, failing, excepted, invalidated, outsider)
