"""Generate with a confirmation that states how many learners it touches, the progress
bar reaching 100 %, the bar following a running job, and the generation history.

Jobs run where the suite's setting puts them: on the live server's background thread
(SQLite run, no broker), or on a real Celery worker started for the test (the
PostgreSQL + Redis run) — see the `jobs_run` fixture."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certdesk.certificates.models import Certificate, GenerationJob
from tests.browser.conftest import login, shoot
from tests.factories import make_learners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOB_TIMEOUT_MS = 60_000


def test_generate_with_confirmation_and_progress_to_100(page, course, instructor, people, jobs_run):
    make_learners(course, 2_500, prefix="many", passed=True)  # two chunks of the job
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/generate")
    page.get_by_label(
        "Regenerate: learners whose certificate has one of the statuses below"
    ).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".has-error")).to_contain_text("Choose at least one status")

    page.get_by_label("Generate: every actively enrolled learner without a certificate").check()
    shoot(page, "generate")
    page.get_by_role("button", name="Continue").click()
    # fay (failing) + 2,500 new learners have no certificate yet
    expect(page.locator("#target-count")).to_have_text("This will touch 2501 learners.")
    shoot(page, "generate-confirm")
    page.get_by_role("button", name="Start generation for 2501 learners").click()

    expect(page.get_by_role("heading", name="Generated: All Learners")).to_be_visible()
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "100", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#job-percent")).to_have_text("100 %")
    expect(page.locator("#job-state")).to_have_text("Completed")
    expect(page.locator("#job-message")).to_have_text(
        "2500 of 2501 learners have a certificate; 1 skipped."
    )
    shoot(page, "job-progress")
    assert Certificate.objects.filter(status="downloadable").count() == 2500 + 2  # and pat, eve
    assert GenerationJob.objects.get().state == "completed"


def test_the_progress_bar_follows_a_running_job(page, course, instructor):
    job = GenerationJob.objects.create(
        course=course, requester=instructor, task_type="generate_certificates",
        state="running", total=40, attempted=10, created=timezone.now(),
    )  # fmt: skip
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/jobs/{job.pk}")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "25")
    expect(page.locator("#job-message")).to_have_text("10 of 40 learners processed")
    shoot(page, "job-running")
    GenerationJob.objects.filter(pk=job.pk).update(attempted=30)
    expect(bar).to_have_attribute("aria-valuenow", "75")
    expect(page.locator("#job-state")).to_have_text("Running")
    GenerationJob.objects.filter(pk=job.pk).update(
        attempted=40, state="failed", message="The job failed: OperationalError: gone"
    )
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("#job-state")).to_have_text("Failed")
    expect(page.locator("#job-message")).to_have_text("The job failed: OperationalError: gone")
    expect(page.locator("#job")).to_have_attribute("data-finished", "true")


def test_generation_history(page, course, instructor):
    now = timezone.now()
    for statuses, student_set, state in (
        ([], "all", "completed"),
        (["downloadable", "audit_passing"], "all", "completed"),
        ([], "allowlisted", "failed"),
    ):
        GenerationJob.objects.create(
            course=course, requester=instructor, state=state, statuses=statuses,
            student_set=student_set, created=now, total=3, attempted=3, succeeded=2, skipped=1,
            task_type="regenerate_certificates" if statuses else "generate_certificates",
        )  # fmt: skip
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/history")
    rows = page.locator("#history-table tbody tr")
    expect(rows).to_have_count(3)
    table = page.locator("#history-table")
    expect(table).to_contain_text("Received, Audit - Passing")
    expect(table).to_contain_text("Granted Exceptions")
    expect(table).to_contain_text("All Learners")
    expect(table).to_contain_text("Regenerated")
    expect(table).to_contain_text("Failed")
    shoot(page, "history")
    page.get_by_role("link", name="Regenerated").click()
    expect(
        page.get_by_role("heading", name="Regenerated: Received, Audit - Passing")
    ).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
