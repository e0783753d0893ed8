"""Generate and regenerate (SPEC §6.4): a confirmation with the number of learners, the
job's progress page and JSON, and the generation history."""

from __future__ import annotations

import pytest

from certdesk.certificates.models import Certificate, GenerationJob
from certdesk.certificates.tasks import wait_for_in_process_jobs
from tests.dashboard.conftest import url
from tests.factories import make_learners
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_jobs(settings):
    """Jobs run on this process's thread here, even when the suite has a broker."""
    settings.CELERY_BROKER_URL = ""


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"target": "all"}, 1),  # fay: enrolled, no certificate
        ({"target": "statuses", "statuses": ["downloadable"]}, 2),
        ({"target": "statuses", "statuses": ["unavailable", "downloadable"]}, 3),
        ({"target": "allowlisted"}, 1),
        ({"target": "allowlisted_not_generated"}, 0),
    ],
)
def test_the_confirmation_says_how_many_learners_it_touches(
    as_instructor, course, people, query, count
):
    before = db_snapshot()
    response = as_instructor.get(url("generate-confirm", course), query)
    assert response.status_code == 200
    assert response.context["count"] == count
    assert f"This will touch <strong>{count}</strong> learner" in response.content.decode()
    assert_nothing_written(before)


def test_regenerate_needs_a_status(as_instructor, course, people):
    response = as_instructor.get(url("generate-confirm", course), {"target": "statuses"})
    assert response.status_code == 400
    assert "Choose at least one status to regenerate." in response.content.decode()


def test_the_form_offers_the_statuses_with_their_labels(as_instructor, course):
    html = as_instructor.get(url("generate", course)).content.decode()
    for label in ("Received", "Not Received", "Invalidated", "Audit - Passing", "Error State"):
        assert label in html


@pytest.mark.django_db(transaction=True)
def test_start_runs_the_job_and_the_progress_json_reaches_100(as_instructor, course, instructor):
    make_learners(course, 12, passed=True)
    response = as_instructor.post(url("generate-start", course), {"target": "all"})
    assert response.status_code == 302
    job = GenerationJob.objects.get()
    assert response["Location"] == url("job", course, task_id=str(job.pk))
    wait_for_in_process_jobs()
    status = as_instructor.get(url("job-status", course, task_id=str(job.pk))).json()
    assert status["state"] == "completed" and status["finished"] is True
    assert (status["current"], status["total"], status["percent"]) == (12, 12, 100)
    assert Certificate.objects.filter(status="downloadable").count() == 12
    page = as_instructor.get(response["Location"]).content.decode()
    assert 'aria-valuenow="100"' in page and "dashboard/job.js" in page


def test_the_progress_json_of_a_running_job(as_instructor, course, instructor):
    job = GenerationJob.objects.create(
        course=course, requester=instructor, task_type="generate_certificates",
        state="running", total=40, attempted=10, created=course.created,
    )  # fmt: skip
    status = as_instructor.get(url("job-status", course, task_id=str(job.pk))).json()
    assert (status["percent"], status["finished"], status["state"]) == (25, False, "running")
    assert status["message"] == "10 of 40 learners processed."
    html = as_instructor.get(url("job", course, task_id=str(job.pk))).content.decode()
    assert 'style="width: 25%"' in html and 'data-finished="false"' in html


def test_a_second_job_while_one_runs_is_refused_and_writes_nothing(
    as_instructor, course, instructor
):
    GenerationJob.objects.create(
        course=course, requester=instructor, task_type="generate_certificates",
        created=course.created,
    )  # fmt: skip
    before = db_snapshot()
    response = as_instructor.post(url("generate-start", course), {"target": "allowlisted"})
    assert response.status_code == 409
    assert "already queued or running" in response.content.decode()
    assert_nothing_written(before)


def test_an_invalid_start_writes_nothing(as_instructor, course):
    before = db_snapshot()
    response = as_instructor.post(url("generate-start", course), {"target": "everyone"})
    assert response.status_code == 400
    assert_nothing_written(before)


def test_unknown_jobs_are_404(as_instructor, course):
    assert as_instructor.get(url("job", course, task_id="nope")).status_code == 404
    response = as_instructor.get(url("job-status", course, task_id="nope"))
    assert response.status_code == 404 and response.json()["code"] == "task_not_found"


def test_history_lists_jobs_newest_first_with_their_labels(as_instructor, course, instructor):
    for statuses, student_set in (
        ([], "all"),
        (["downloadable", "error"], "all"),
        ([], "allowlisted"),
    ):
        GenerationJob.objects.create(
            course=course, requester=instructor, state="completed", statuses=statuses,
            student_set=student_set, created=course.created,
            task_type="regenerate_certificates" if statuses else "generate_certificates",
        )  # fmt: skip
    response = as_instructor.get(url("history", course))
    details = [row["details"] for row in response.context["rows"]]
    assert sorted(details) == ["All Learners", "Granted Exceptions", "Received, Error State"]
    html = response.content.decode()
    assert "Regenerated" in html and "Generated" in html and "Completed" in html


def test_history_empty_state(as_instructor, course):
    html = as_instructor.get(url("history", course)).content.decode()
    assert "No certificates have been generated for this course yet." in html
