"""Fixtures of the public verification tests: a learner with a valid certificate, and an
empty cache (the verify throttle counts in it) around every test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from certdesk.certificates.models import Certificate, CertificateInvalidation
from tests.factories import enroll, grade, make_course, make_user

ISSUED = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
ISSUED_TEXT = "14 March 2026"
PRINTED_NAME = "Ada Lovelace-Byron"
UNKNOWN_UUID = "0123456789abcdef0123456789abcdef"
COURSE_NAME = "Analytical Engines & Notes"


@pytest.fixture
def course(db):
    return make_course("course-v1:OrgA+CS101+2026", display_name=COURSE_NAME)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def learner(course):
    user = make_user("ada", first_name="Ada", last_name="L.", name="Ada Profile Name")
    enroll(user, course, mode="verified")
    grade(user, course, percent=0.93, passed=True)
    return user


@pytest.fixture
def certificate(course, learner) -> Certificate:
    return Certificate.objects.create(
        user=learner,
        course=course,
        status="downloadable",
        mode="verified",
        grade="0.93",
        name=PRINTED_NAME,
        created=ISSUED,
    )


def invalidate_row(certificate: Certificate, by) -> CertificateInvalidation:
    """An active invalidation written directly, as the invalidation service leaves it."""
    certificate.status = "unavailable"
    certificate.save(update_fields=["status"])
    return CertificateInvalidation.objects.create(
        certificate=certificate,
        course=certificate.course,
        invalidated_by=by,
        notes="Plagiarism",
        created=ISSUED,
    )
