"""Generation jobs through the HTTP API (SPEC §6.3, §6.4, §6.10, §7.6), run in-process."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    GenerationJob,
)
from certdesk.certificates.services.jobs import generation_job_run, generation_job_start
from certdesk.certificates.tasks import wait_for_in_process_jobs
from tests.factories import enroll, invalidated_certificate, make_learners, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

KEY = "course-v1:OrgA+CS101+2026"
V2 = f"/api/instructor/v2/courses/{KEY}"


@pytest.fixture(autouse=True)
def in_process_jobs(settings):
    """These tests run jobs on this process's background thread, even when the suite has
    a broker configured (tests/redis/ runs them on a real worker)."""
    settings.CELERY_BROKER_URL = ""


def regenerate(client, **body):
    return client.post(f"{V2}/certificates/regenerate", body, format="json")


def queued_job(course, requester, **fields):
    return GenerationJob.objects.create(
        course=course, requester=requester, task_type="generate_certificates",
        created=course.created, **fields,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_generate_for_all_runs_in_the_background_and_reports(as_user, instructor, course):
    passing = make_learners(course, 30, prefix="pass", passed=True)
    make_learners(course, 10, prefix="fail", passed=False)
    make_learners(course, 5, prefix="audit", mode="audit", passed=True)
    client = as_user(instructor)

    response = regenerate(client)
    assert response.status_code == 200, response.content
    task_id = response.json()["task_id"]
    assert response.json()["message"]
    wait_for_in_process_jobs()

    assert Certificate.objects.filter(status="downloadable").count() == len(passing)
    status = client.get(f"{V2}/tasks/{task_id}").json()
    assert status["state"] == "completed"
    assert status["progress"] == {"current": 45, "total": 45}
    assert status["counts"] == {
        "total": 45, "attempted": 45, "succeeded": 30, "failed": 0, "skipped": 15,
    }  # fmt: skip
    assert status["result"]["success"] is True
    history = client.get(f"{V2}/certificates/generation_history").json()
    assert history["count"] == 1
    row = history["results"][0]
    assert (row["task_name"], row["details"], row["requested_by"], row["state"]) == (
        "Generated", "All Learners", "instructor_a", "completed",
    )  # fmt: skip
    assert row["counts"] == {"total": 45, "succeeded": 30, "failed": 0, "skipped": 15}
    events = AuditEvent.objects.filter(source=f"job:{task_id}")
    assert events.filter(action="job_started").count() == 1
    assert events.filter(action="job_finished").count() == 1
    assert events.filter(action="certificate_status_changed").count() == 30
    assert {event.actor_id for event in events} == {instructor.pk}
    # finished jobs leave the list of queued and running tasks
    assert client.get(f"{V2}/instructor_tasks").json() == {"tasks": []}


@pytest.mark.django_db(transaction=True)
def test_regenerate_by_status_and_for_exceptions(as_user, instructor, course, frozen_time):
    learners = make_learners(course, 6, passed=True)
    for learner in learners[:3]:
        Certificate.objects.create(
            user=learner, course=course, status="notpassing", mode="verified",
            created=course.created,
        )  # fmt: skip
    uuids = dict(Certificate.objects.values_list("user_id", "verify_uuid"))
    client = as_user(instructor)
    regenerate(client, statuses=["notpassing", "audit_passing"])
    wait_for_in_process_jobs()
    downloadable = Certificate.objects.filter(status="downloadable")
    assert set(downloadable.values_list("user_id", flat=True)) == {u.pk for u in learners[:3]}
    assert Certificate.objects.count() == 3  # the three without a certificate are untouched
    # SPEC §9: verify_uuid is stable through regeneration
    assert dict(Certificate.objects.values_list("user_id", "verify_uuid")) == uuids
    job = GenerationJob.objects.get()
    assert (job.task_type, job.total) == ("regenerate_certificates", 3)
    details = client.get(f"{V2}/certificates/generation_history").json()["results"][0]
    assert (details["task_name"], details["details"]) == (
        "Regenerated",
        "Not Received, Audit - Passing",
    )
    extra = make_user("excepted")
    enroll(extra, course, mode="honor")
    CertificateException.objects.create(user=extra, course=course, created=course.created)
    # an exception holder who already has a downloadable certificate is not "not generated"
    CertificateException.objects.create(user=learners[0], course=course, created=course.created)
    frozen_time.shift(60)
    regenerate(client, student_set="allowlisted_not_generated")
    wait_for_in_process_jobs()
    latest = GenerationJob.objects.order_by("-created").first()
    assert (latest.student_set, latest.total, latest.succeeded) == (
        "allowlisted_not_generated", 1, 1,
    )  # fmt: skip
    assert Certificate.objects.get(user=extra).status == "downloadable"
    uuids[extra.pk] = Certificate.objects.get(user=extra).verify_uuid
    assert dict(Certificate.objects.values_list("user_id", "verify_uuid")) == uuids

    # `allowlisted`: every exception holder, downloadable or not
    frozen_time.shift(60)
    regenerate(client, student_set="allowlisted")
    wait_for_in_process_jobs()
    latest = GenerationJob.objects.order_by("-created").first()
    assert (latest.student_set, latest.statuses, latest.state) == ("allowlisted", [], "completed")
    assert (latest.total, latest.succeeded) == (2, 2)
    assert dict(Certificate.objects.values_list("user_id", "verify_uuid")) == uuids

    # SPEC §6.4: `allowlisted` ignores `statuses`
    frozen_time.shift(60)
    response = regenerate(client, student_set="allowlisted", statuses=["notpassing"])
    assert response.status_code == 200, response.content
    wait_for_in_process_jobs()
    latest = GenerationJob.objects.order_by("-created").first()
    assert (latest.student_set, latest.statuses, latest.state) == ("allowlisted", [], "completed")
    assert (latest.total, latest.succeeded) == (2, 2)
    history = client.get(f"{V2}/certificates/generation_history").json()["results"][0]
    assert (history["task_name"], history["details"]) == ("Generated", "Granted Exceptions")
    assert set(
        Certificate.objects.filter(status="downloadable").values_list("user_id", flat=True)
    ) == {u.pk for u in learners[:3]} | {extra.pk}
    assert dict(Certificate.objects.values_list("user_id", "verify_uuid")) == uuids


@pytest.mark.django_db
def test_second_job_is_409_and_writes_nothing(as_user, instructor, course):
    queued_job(course, instructor)
    client = as_user(instructor)
    before = db_snapshot()
    response = regenerate(client)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "job_already_running"
    assert body["error"] == "requested task is already running"
    assert_nothing_written(before)


@pytest.mark.django_db
def test_the_database_allows_one_active_job_per_course(course, instructor, other_course):
    queued_job(course, instructor)
    queued_job(other_course, instructor)  # another course is fine
    queued_job(course, instructor, state="completed")  # finished ones are history
    with pytest.raises(IntegrityError), transaction.atomic():
        queued_job(course, instructor, state="running")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"statuses": ["downloadable", "bogus"]}, "invalid_status"),
        ({"statuses": "downloadable"}, "invalid_body"),
        ({"student_set": "everyone"}, "invalid_body"),
    ],
)
def test_regenerate_rejects_bad_bodies(as_user, instructor, course, body, code):
    client = as_user(instructor)
    before = db_snapshot()
    response = regenerate(client, **body)
    assert response.status_code == 400
    assert response.json()["code"] == code
    if code == "invalid_status":
        body = response.json()
        expected = ["Unknown certificate status: bogus."]
        assert body["error"] == {"statuses": expected}
        assert body["statuses"] == body["errors"]["statuses"] == expected  # as every field
    assert_nothing_written(before)


@pytest.mark.django_db
def test_every_open_edx_status_is_accepted(
    as_user, instructor, course, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from certdesk.certificates import tasks

    statuses = ["deleted", "deleting", "downloadable", "error", "generating", "notpassing",
                "restricted", "unavailable", "auditing", "audit_passing", "audit_notpassing",
                "honor_passing", "unverified", "invalidated", "requesting"]  # fmt: skip
    # an enrolled, passing learner without a certificate: a non-empty `statuses` never
    # falls back to "everyone without a certificate"
    make_learners(course, 2, passed=True)
    # run the queued job right here, synchronously, when the on-commit callback fires
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(tasks.run_generation_job, "delay", tasks.execute_generation_job)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = regenerate(as_user(instructor), statuses=statuses)
    assert response.status_code == 200
    assert len(callbacks) == 1  # enqueued only after commit
    job = GenerationJob.objects.get()
    assert (job.state, job.student_set, job.statuses) == ("queued", "all", statuses)
    assert job.task_type == "regenerate_certificates"
    callbacks[0]()
    job.refresh_from_db()
    # values certdesk never writes (and those nobody holds here) simply match nothing
    assert (job.state, job.total, job.attempted, job.succeeded) == ("completed", 0, 0, 0)
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="certificate_status_changed").exists()


@pytest.mark.django_db
def test_task_lists_show_queued_jobs(as_user, staff_member, instructor, course):
    job = queued_job(course, instructor)
    client = as_user(staff_member)
    tasks = client.get(f"{V2}/instructor_tasks").json()["tasks"]
    assert [(t["task_id"], t["task_state"], t["status"]) for t in tasks] == [
        (str(job.pk), "QUEUING", "Incomplete")
    ]
    assert tasks[0]["progress"] == {"current": 0, "total": 0}
    v1 = client.post(f"/courses/{KEY}/instructor/api/list_instructor_tasks")
    assert v1.status_code == 200
    assert v1.json()["tasks"][0]["task_id"] == str(job.pk)
    assert set(v1.json()["tasks"][0]) == {
        "task_type", "task_input", "task_id", "requester", "task_state", "created",
        "duration_sec", "status", "task_message",
    }  # fmt: skip
    assert client.get(f"{V2}/tasks/{job.pk}").json()["state"] == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize("task_id", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_unknown_task_is_404(as_user, staff_member, course, task_id):
    response = as_user(staff_member).get(f"{V2}/tasks/{task_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "task_not_found"
    assert response.json()["error"] == "Task not found"


@pytest.mark.django_db
def test_a_job_of_another_course_is_not_found(as_user, instructor, course, other_course):
    job = queued_job(other_course, instructor)
    assert as_user(instructor).get(f"{V2}/tasks/{job.pk}").status_code == 404


@pytest.mark.django_db
def test_running_a_job_twice_changes_nothing_the_second_time(course, instructor):
    make_learners(course, 20, passed=True)
    job = queued_job(course, instructor)
    generation_job_run(job_id=job.pk)
    before = db_snapshot()
    assert generation_job_run(job_id=job.pk) is None
    assert_nothing_written(before)


@pytest.mark.django_db
def test_a_redelivered_job_resumes_after_its_last_committed_chunk(course, instructor):
    learners = make_learners(course, 10, passed=True)
    job = queued_job(course, instructor, state="running", total=10, attempted=4, succeeded=4)
    # the first four were committed before the worker died
    job.cursor = learners[3].pk
    job.save()
    for learner in learners[:4]:
        Certificate.objects.create(
            user=learner, course=course, status="downloadable", mode="verified", name="L",
            created=course.created,
        )  # fmt: skip
    generation_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempted, job.succeeded, job.total) == ("completed", 10, 10, 10)
    assert Certificate.objects.count() == 10
    changed = AuditEvent.objects.filter(action="certificate_status_changed")
    assert changed.count() == 6
    assert AuditEvent.objects.filter(action="job_finished").count() == 1


@pytest.mark.django_db
def test_a_job_run_twice_is_started_and_finished_once_in_the_trail(course, instructor):
    make_learners(course, 3, passed=True)
    job = generation_job_start(
        course=course, student_set="all", statuses=[], requester=instructor,
        enqueue=lambda job_id: None,
    )  # fmt: skip
    generation_job_run(job_id=job.pk)
    generation_job_run(job_id=job.pk)  # a task delivered again after it finished
    started = AuditEvent.objects.filter(action="job_started")
    assert [(e.actor, e.source) for e in started] == [(instructor, f"job:{job.pk}")]
    assert AuditEvent.objects.filter(action="job_finished").count() == 1
    assert AuditEvent.objects.filter(action="certificate_status_changed").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1500])
def test_job_statements_do_not_grow_with_learners(course, instructor, size):
    make_learners(course, size, passed=True)
    job = queued_job(course, instructor)
    with CaptureQueriesContext(connection) as queries:
        generation_job_run(job_id=job.pk)
    assert Certificate.objects.count() == size
    # begin: lock, count, update; one chunk: targets, job lock, course lock, the
    # learners' standing, insert, audit, progress; the empty next chunk's targets;
    # finish: lock, update, audit; each transaction's savepoint and release: the same for
    # 10 and 1,500
    assert len(queries) == 22


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_fails_the_job_instead_of_blocking_the_course(
    as_user, instructor, course, settings, monkeypatch
):
    from kombu.exceptions import OperationalError

    from certdesk.certificates import tasks

    def broker_down(*args, **kwargs):  # what kombu raises when Redis does not answer
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(tasks.run_generation_job, "delay", broker_down)
    client = as_user(instructor)
    response = regenerate(client)
    assert response.status_code == 200
    job = GenerationJob.objects.get()
    assert (job.state, job.error_code) == ("failed", "job_failed")
    assert "Connection refused" in job.error_message
    # who queued it is in the trail although no worker ever saw the job (SPEC §7.8)
    started = AuditEvent.objects.get(action="job_started")
    assert (started.actor, started.source, started.after) == (
        instructor,
        f"job:{job.pk}",
        {"details": "All Learners"},
    )
    assert AuditEvent.objects.get(action="job_finished").after["state"] == "failed"
    settings.CELERY_BROKER_URL = ""
    assert regenerate(client).status_code == 200  # the course is not blocked
    wait_for_in_process_jobs()
    states = sorted(GenerationJob.objects.values_list("state", flat=True))
    assert states == ["completed", "failed"]


@pytest.mark.django_db
def test_a_chunk_already_committed_by_another_worker_is_skipped(course, instructor):
    learners = make_learners(course, 5, passed=True)
    job = queued_job(course, instructor, state="running", total=5)
    GenerationJob.objects.filter(pk=job.pk).update(cursor=learners[-1].pk)
    generation_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempted) == ("completed", 0)
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_regenerating_unavailable_leaves_an_invalidated_certificate_alone(
    as_user, instructor, course
):
    # SPEC §7.3: an active invalidation blocks every generation for that learner
    (learner,) = make_learners(course, 1, passed=True)
    certificate = invalidated_certificate(learner, course, by=instructor)
    client = as_user(instructor)
    response = regenerate(client, statuses=["unavailable"])
    assert response.status_code == 200, response.content
    wait_for_in_process_jobs()
    job = GenerationJob.objects.get()
    assert (job.state, job.total, job.succeeded) == ("completed", 1, 0)
    certificate.refresh_from_db()
    assert certificate.status == "unavailable"
    assert CertificateInvalidation.objects.get().active is True
    assert not AuditEvent.objects.filter(
        action="certificate_status_changed", learner=learner
    ).exists()


@pytest.mark.django_db
def test_history_errors_carry_detail_as_open_edx_does(as_user, instructor, course):
    queued_job(course, instructor, state="completed")
    response = as_user(instructor).get(f"{V2}/certificates/generation_history?page=3")
    assert response.status_code == 404
    body = response.json()
    assert (body["code"], body["detail"]) == ("invalid_page", "Invalid page.")
    assert "developer_message" not in body
