"""Generation jobs on a real Celery worker over Redis (SPEC §6.4, §6.10, §7.6): the
worker runs the job the API queued, and when a worker is killed mid-job its
unacknowledged message comes back to the next worker, which resumes the job from its
cursor without writing anything twice."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, GenerationJob
from tests.factories import make_learners

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

KEY = "course-v1:OrgA+CS101+2026"
V2 = f"/api/instructor/v2/courses/{KEY}"


def poll(check: Callable, *, polls: int, interval: float, what: str):
    """Call `check` until it returns a true value, at most `polls` times. Counts polls:
    the clock is frozen in tests."""
    for _ in range(polls):
        value = check()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"gave up waiting for {what} ({polls} polls, {interval} s apart)")


def finished_task(client, task_id: str) -> dict | None:
    body = client.get(f"{V2}/tasks/{task_id}").json()
    return body if body["state"] in ("completed", "failed") else None


def assert_each_learner_certified_once(job: GenerationJob, learners: list) -> None:
    certificates = Certificate.objects.filter(course=job.course)
    assert certificates.count() == len(learners)
    assert certificates.filter(status="downloadable").count() == len(learners)
    assert set(certificates.values_list("user_id", flat=True)) == {u.pk for u in learners}
    events = AuditEvent.objects.filter(source=f"job:{job.pk}")
    changed = events.filter(action="certificate_status_changed")
    assert changed.count() == len(learners)
    assert changed.values("learner").distinct().count() == len(learners)
    assert events.filter(action="job_started").count() == 1
    assert events.filter(action="job_finished").count() == 1


def test_a_worker_runs_the_job_the_api_queued(as_user, instructor, course, start_worker):
    learners = make_learners(course, 2_500, passed=True)
    start_worker()
    client = as_user(instructor)

    response = client.post(f"{V2}/certificates/regenerate", {}, format="json")
    assert response.status_code == 200, response.content
    task_id = response.json()["task_id"]
    status = poll(lambda: finished_task(client, task_id), polls=600, interval=0.1, what="the job")

    assert status["state"] == "completed", status
    assert status["progress"] == {"current": 2_500, "total": 2_500}
    assert_each_learner_certified_once(GenerationJob.objects.get(pk=task_id), learners)


def test_a_job_survives_its_worker_being_killed(as_user, instructor, course, start_worker):
    total = 12_000  # six chunks of 2,000: time to kill the worker between the first and last
    learners = make_learners(course, total, passed=True)
    first = start_worker()
    client = as_user(instructor)
    task_id = client.post(f"{V2}/certificates/regenerate", {}, format="json").json()["task_id"]
    jobs = GenerationJob.objects.filter(pk=task_id)

    def started_not_finished() -> GenerationJob | None:
        job = jobs.get()
        if job.state == "completed":
            pytest.fail(f"the job finished before the worker could be killed: raise {total=}")
        return job if 0 < job.attempted < job.total else None

    poll(started_not_finished, polls=6_000, interval=0.01, what="the first chunk")
    first.kill()
    # one snapshot: a COMMIT the dead worker had sent may still land between two reads
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        at_kill = jobs.get()
        certified_at_kill = Certificate.objects.filter(course=course).count()
    assert at_kill.state == "running" and 0 < at_kill.attempted < total, (
        f"the kill came too late: {at_kill.state}, {at_kill.attempted} of {total} attempted"
    )
    # a chunk's certificates and its progress commit together: nothing is half done
    assert certified_at_kill == at_kill.attempted

    second = start_worker()  # picks up the message once its visibility timeout is over
    status = poll(
        lambda: finished_task(client, task_id), polls=600, interval=0.1, what="the resumed job"
    )

    assert status["state"] == "completed", status
    job = jobs.get()
    assert (job.total, job.attempted, job.succeeded, job.skipped) == (total, total, total, 0)
    assert_each_learner_certified_once(job, learners)
    assert "run_generation_job" in second.log() and "succeeded" in second.log()
