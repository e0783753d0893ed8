"""POST /api/v1/courses/{course_key}/certificate/request (SPEC §7.7)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate
from tests.factories import enroll, grade, invalidated_certificate, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

URL = "/api/v1/courses/course-v1:OrgA+CS101+2026/certificate/request"


@pytest.fixture
def learner(course):
    course.self_generation_enabled = True
    course.save()
    user = make_user("lea")
    enroll(user, course)
    return user


@pytest.mark.django_db
def test_a_passing_learner_gets_a_certificate(as_user, learner, course):
    grade(learner, course, percent=0.8, passed=True)
    response = as_user(learner).post(URL)
    assert response.status_code == 200, response.content
    certificate = Certificate.objects.get()
    assert response.json() == {"status": "downloadable", "verify_uuid": certificate.verify_uuid}
    event = AuditEvent.objects.get()
    assert (event.actor, event.reason, event.after["status"]) == (
        learner,
        "self_request",
        "downloadable",
    )


@pytest.mark.django_db
def test_a_learner_who_does_not_qualify_gets_no_certificate(as_user, learner, course):
    grade(learner, course, percent=0.1, passed=False)
    client = as_user(learner)
    before = db_snapshot()
    assert client.post(URL).json() == {"status": None, "verify_uuid": None}
    assert_nothing_written(before)


@pytest.mark.django_db
def test_refusals_in_order(as_user, learner, course, settings):
    outsider = as_user(make_user("out"))
    before = db_snapshot()
    missing = outsider.post("/api/v1/courses/course-v1:No+Such+Course/certificate/request")
    assert (missing.status_code, missing.json()["code"]) == (404, "course_not_found")
    not_enrolled = outsider.post(URL)
    assert (not_enrolled.status_code, not_enrolled.json()["code"]) == (403, "not_enrolled")
    assert_nothing_written(before)
    client = as_user(learner)
    before = db_snapshot()
    settings.CERTDESK_CERTIFICATES_ENABLED = False
    disabled = client.post(URL)
    assert (disabled.status_code, disabled.json()["code"]) == (409, "certificates_disabled")
    assert_nothing_written(before)
    course.self_generation_enabled = False
    course.save()
    before = db_snapshot()
    off = client.post(URL)
    assert (off.status_code, off.json()["code"]) == (403, "self_generation_disabled")
    assert_nothing_written(before)


@pytest.mark.django_db
def test_anonymous_is_401(api, learner, course):
    grade(learner, course, percent=0.8, passed=True)  # a write would be possible
    before = db_snapshot()
    response = api.post(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert_nothing_written(before)


@pytest.mark.django_db
def test_an_invalidated_learner_stays_invalidated(as_user, learner, course, instructor):
    # SPEC §7.3: an active invalidation blocks every generation, a self-request included
    grade(learner, course, percent=0.95, passed=True)
    invalidated_certificate(learner, course, by=instructor)
    client = as_user(learner)
    before = db_snapshot()
    response = client.post(URL)
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "unavailable", "verify_uuid": None}
    assert_nothing_written(before)
