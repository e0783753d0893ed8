"""Exact query counts of the job endpoints: generation history, the task lists (v2 and
v1), a task's status, and the dashboard's job page and its JSON poll. The same count for
one job and for many, so no query per job can creep in (docs/architecture.md)."""

from __future__ import annotations

import pytest

from certdesk.certificates.models import GenerationJob
from tests.dashboard.conftest import signed_in, url
from tests.factories import make_user

pytestmark = pytest.mark.django_db

KEY = "course-v1:OrgA+CS101+2026"
V2 = f"/api/instructor/v2/courses/{KEY}"
V1_TASKS = f"/courses/{KEY}/instructor/api/list_instructor_tasks"
TOKEN_ROLES_COURSE = 4  # the token (2), the caller's roles, the course


def _jobs(course, n: int, *, active: bool) -> list[GenerationJob]:
    """n finished jobs by n different requesters (a query per requester would show), and
    one running job when `active`."""
    requesters = [make_user(f"requester{i}") for i in range(n + 1)]
    jobs = GenerationJob.objects.bulk_create(
        GenerationJob(course=course, requester=requesters[i], state="completed",
                      task_type="generate_certificates", created=course.created, total=3)
        for i in range(n)
    )  # fmt: skip
    if active:
        jobs.append(
            GenerationJob.objects.create(
                course=course,
                requester=requesters[n],
                state="running",
                task_type="generate_certificates",
                created=course.created,
                total=9,
            )  # fmt: skip
        )
    return jobs


@pytest.mark.parametrize("n", [1, 40])
def test_generation_history(as_user, instructor, course, django_assert_num_queries, n):
    _jobs(course, n, active=False)
    client = as_user(instructor)
    with django_assert_num_queries(TOKEN_ROLES_COURSE + 2):  # count, page
        response = client.get(f"{V2}/certificates/generation_history?page_size=100")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], len(body["results"])) == (n, n)
    assert {row["requested_by"] for row in body["results"]} == {f"requester{i}" for i in range(n)}


@pytest.mark.parametrize("active", [False, True])
def test_instructor_tasks(as_user, instructor, course, django_assert_num_queries, active):
    _jobs(course, 20, active=active)
    client = as_user(instructor)
    with django_assert_num_queries(TOKEN_ROLES_COURSE + 1):  # the active jobs
        response = client.get(f"{V2}/instructor_tasks")
    assert response.status_code == 200, response.content
    tasks = response.json()["tasks"]
    assert [task["requester"] for task in tasks] == (["requester20"] if active else [])


@pytest.mark.parametrize("active", [False, True])
def test_v1_instructor_tasks(as_user, instructor, course, django_assert_num_queries, active):
    _jobs(course, 20, active=active)
    client = as_user(instructor)
    with django_assert_num_queries(TOKEN_ROLES_COURSE + 1):
        response = client.post(V1_TASKS)
    assert response.status_code == 200, response.content
    assert len(response.json()["tasks"]) == int(active)


@pytest.mark.parametrize("state", ["running", "completed"])
def test_task_status(as_user, instructor, course, django_assert_num_queries, state):
    job = _jobs(course, 1, active=True)[0 if state == "completed" else 1]
    client = as_user(instructor)
    with django_assert_num_queries(TOKEN_ROLES_COURSE + 1):  # the job with its requester
        response = client.get(f"{V2}/tasks/{job.pk}")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == state


@pytest.mark.parametrize("view", ["job", "job-status"])
def test_dashboard_job_page_and_poll(instructor, course, django_assert_num_queries, view):
    running = _jobs(course, 5, active=True)[-1]
    client = signed_in(instructor)
    # the session, the user, the caller's roles, the course, the job with its requester
    with django_assert_num_queries(5):
        response = client.get(url(view, course, task_id=running.pk))
    assert response.status_code == 200
    if view == "job-status":
        assert response.json()["state"] == "running"
