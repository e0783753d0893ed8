"""The references whose database constraint was dropped for bulk speed
(docs/decisions/0010) still protect what they point at: deleting a course with
certificates or exceptions, or the user who granted an exception, is refused and deletes
nothing."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from certdesk.certificates.models import Certificate, CertificateException
from tests.factories import enroll, make_user
from tests.snapshots import assert_nothing_written, db_snapshot


@pytest.mark.django_db
def test_a_course_with_certificates_cannot_be_deleted(course):
    learner = make_user("learner_a")
    enroll(learner, course)
    Certificate.objects.create(
        course=course, user=learner, status="downloadable", created=course.created
    )
    before = db_snapshot()
    with pytest.raises(ProtectedError):
        course.delete()
    assert_nothing_written(before)


@pytest.mark.django_db
def test_the_course_and_granter_of_an_exception_cannot_be_deleted(course, instructor):
    learner = make_user("learner_a")
    enroll(learner, course)
    CertificateException.objects.create(
        course=course,
        user=learner,
        username="learner_a",
        granted_by=instructor,
        created=course.created,
    )
    before = db_snapshot()
    with pytest.raises(ProtectedError):
        course.delete()
    with pytest.raises(ProtectedError):
        instructor.delete()
    assert_nothing_written(before)
