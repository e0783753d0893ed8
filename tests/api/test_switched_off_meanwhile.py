"""Certificates switched off while a write is under way (SPEC §2: "no re-evaluation
changes any certificate" while management is unavailable). The request or job loaded
the course before the switch committed; the course lock re-reads the switch, so the
write is refused (409, nothing written), and a running job stops at its next chunk."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.audit.services import AuditContext
from certdesk.certificates import services
from certdesk.certificates.models import Certificate, CertificateException, GenerationJob
from certdesk.certificates.services import jobs
from certdesk.certificates.services.exceptions import exceptions_grant_many
from certdesk.certificates.services.invalidations import certificates_invalidate_many
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.certificates.services.self_service import certificate_self_request
from certdesk.certificates.services.switches import course_certificates_set_enabled
from certdesk.core.errors import CertificatesDisabled
from certdesk.courses.models import Course
from tests.factories import make_learners
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


def switch_off(course, instructor) -> None:
    """Another request switches certificates off; `course` (the caller's copy) is stale."""
    fresh = Course.objects.get(pk=course.pk)
    course_certificates_set_enabled(
        course=fresh, enabled=False, context=AuditContext(actor=instructor, source="api")
    )
    assert course.certificates_enabled is True


def test_a_grant_on_a_course_switched_off_meanwhile_is_409(course, instructor):
    (learner,) = make_learners(course, 1, passed=True)
    switch_off(course, instructor)
    before = db_snapshot()
    with pytest.raises(CertificatesDisabled):
        exceptions_grant_many(
            course=course,
            requests=[LearnerRequest(learner.username)],
            granted_by=instructor,
            context=AuditContext(actor=instructor, source="api"),
        )
    assert_nothing_written(before)


def test_an_invalidation_on_a_course_switched_off_meanwhile_is_409(course, instructor):
    (learner,) = make_learners(course, 1, passed=True)
    Certificate.objects.create(
        user=learner, username=learner.username, course=course, status="downloadable",
        mode="verified", created=course.created,
    )  # fmt: skip
    switch_off(course, instructor)
    before = db_snapshot()
    with pytest.raises(CertificatesDisabled):
        certificates_invalidate_many(
            course=course,
            requests=[LearnerRequest(learner.username)],
            notes="",
            invalidated_by=instructor,
            context=AuditContext(actor=instructor, source="api"),
        )
    assert_nothing_written(before)


def test_a_self_request_on_a_course_switched_off_meanwhile_is_409(course, instructor):
    course.self_generation_enabled = True
    course.save(update_fields=["self_generation_enabled"])
    (learner,) = make_learners(course, 1, passed=True)
    switch_off(course, instructor)
    before = db_snapshot()
    with pytest.raises(CertificatesDisabled):
        certificate_self_request(
            course=course, learner=learner, context=AuditContext(actor=learner, source="api")
        )
    assert_nothing_written(before)


def test_a_job_stops_at_the_chunk_after_certificates_are_switched_off(
    course, instructor, monkeypatch
):
    learners = make_learners(course, 6, passed=True)
    job = GenerationJob.objects.create(
        course=course, requester=instructor, task_type="generate_certificates",
        created=course.created,
    )  # fmt: skip
    original_chunks = jobs.generation_target_chunks
    reevaluate = services.eligibility.certificates_reevaluate_many
    calls = []

    def two_at_a_time(**kwargs):
        return original_chunks(**kwargs, size=2)

    def reevaluate_then_switch_off(**kwargs):
        statuses = reevaluate(**kwargs)
        calls.append(kwargs["user_ids"])
        if len(calls) == 1:  # the instructor switches off while the first chunk runs
            switch_off(course, instructor)
        return statuses

    monkeypatch.setattr(jobs, "generation_target_chunks", two_at_a_time)
    monkeypatch.setattr(jobs, "certificates_reevaluate_many", reevaluate_then_switch_off)
    jobs.generation_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.error_code) == ("failed", "certificates_disabled")
    assert (job.total, job.attempted, job.succeeded) == (6, 2, 2)
    assert "switched off" in job.error_message
    assert calls == [[learners[0].pk, learners[1].pk]]
    assert Certificate.objects.count() == 2  # the first chunk, committed before the switch
    finished = AuditEvent.objects.get(action="job_finished")
    assert finished.after["state"] == "failed"
    assert not CertificateException.objects.exists()


def test_the_task_status_reports_why_the_job_stopped(as_user, course, instructor):
    make_learners(course, 3, passed=True)
    job = GenerationJob.objects.create(
        course=course, requester=instructor, task_type="generate_certificates",
        created=course.created,
    )  # fmt: skip
    switch_off(course, instructor)
    jobs.generation_job_run(job_id=job.pk)
    assert not Certificate.objects.exists()
    response = as_user(instructor).get(f"/api/instructor/v2/courses/{course.key}/tasks/{job.pk}")
    body = response.json()
    assert body["state"] == "failed"
    assert body["error"]["code"] == "certificates_disabled"
