"""Generate and regenerate (SPEC §6.4): a confirmation with the number of learners, the
job's progress page and JSON, and the generation history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from certdesk.certificates.choices import OPEN_EDX_STATUSES
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
    before = db_snapshot()
    response = as_instructor.get(url("generate-confirm", course), {"target": "statuses"})
    assert response.status_code == 400
    assert "Choose at least one status to regenerate." in response.content.decode()
    assert "count" not in response.context
    assert_nothing_written(before)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("downloadable", "Received"),
        ("notpassing", "Not Received"),
        ("unavailable", "Invalidated"),
        ("audit_passing", "Audit - Passing"),
        ("error", "Error State"),
        ("honor_passing", "honor_passing"),  # no label in SPEC §3: the raw value
        ("requesting", "requesting"),
    ],
)
def test_the_form_offers_the_statuses_with_their_labels(as_instructor, course, status, label):
    html = as_instructor.get(url("generate", course)).content.decode()
    checkbox = html.split(f'value="{status}"')[1].split("</label>")[0]
    assert checkbox.strip().endswith(f"> {label}")


def test_the_form_offers_every_status_the_api_accepts(as_instructor, course):
    html = as_instructor.get(url("generate", course)).content.decode()
    offered = {s for s in OPEN_EDX_STATUSES if f'name="statuses" value="{s}"' in html}
    assert offered == OPEN_EDX_STATUSES


@pytest.mark.django_db(transaction=True)
def test_an_imported_open_edx_status_can_be_regenerated(as_instructor, course, instructor):
    (learner,) = make_learners(course, 1, passed=True)
    Certificate.objects.create(
        user=learner, username=learner.username, course=course, status="honor_passing",
        mode="honor", created=course.created,
    )  # fmt: skip
    query = {"target": "statuses", "statuses": ["honor_passing"]}
    assert as_instructor.get(url("generate-confirm", course), query).context["count"] == 1
    response = as_instructor.post(url("generate-start", course), query)
    assert response.status_code == 302
    wait_for_in_process_jobs()
    job = GenerationJob.objects.get()
    assert (job.state, job.statuses, job.succeeded) == ("completed", ["honor_passing"], 1)
    assert Certificate.objects.get(user=learner).status == "downloadable"


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
    api = as_instructor.get(f"/api/instructor/v2/courses/{course.key}/tasks/{job.pk}").json()
    assert status["message"] == api["result"]["message"] == "10 of 40 learners processed"
    assert (status["current"], status["total"]) == (api["progress"]["current"], 40)
    html = as_instructor.get(url("job", course, task_id=str(job.pk))).content.decode()
    assert 'style="width: 25%"' in html and 'data-finished="false"' in html
    assert "Generated: All Learners" in html  # SPEC §3 task name and details


def test_the_progress_of_a_failed_job_says_why(as_instructor, course, instructor):
    job = GenerationJob.objects.create(
        course=course, requester=instructor, task_type="regenerate_certificates",
        statuses=["error"], state="failed", total=0, created=course.created,
        message="The job failed: boom", error_code="job_failed", error_message="boom",
    )  # fmt: skip
    status = as_instructor.get(url("job-status", course, task_id=str(job.pk))).json()
    assert (status["percent"], status["finished"]) == (100, True)
    assert (status["state_label"], status["message"]) == ("Failed", "The job failed: boom")
    html = as_instructor.get(url("job", course, task_id=str(job.pk))).content.decode()
    assert "Regenerated: Error State" in html


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
    for minutes, statuses, student_set in (
        (1, [], "all"),
        (2, ["downloadable", "error"], "all"),
        (3, [], "allowlisted"),
    ):
        GenerationJob.objects.create(
            course=course, requester=instructor, state="completed", statuses=statuses,
            student_set=student_set, created=course.created + timedelta(minutes=minutes),
            task_type="regenerate_certificates" if statuses else "generate_certificates",
        )  # fmt: skip
    response = as_instructor.get(url("history", course))
    rows = [(row["task_name"], row["details"]) for row in response.context["rows"]]
    assert rows == [
        ("Generated", "Granted Exceptions"),
        ("Regenerated", "Received, Error State"),
        ("Generated", "All Learners"),
    ]
    html = response.content.decode()
    assert html.count('class="state state-completed">Completed<') == 3


def test_history_empty_state(as_instructor, course):
    html = as_instructor.get(url("history", course)).content.decode()
    assert "No certificates have been generated for this course yet." in html
