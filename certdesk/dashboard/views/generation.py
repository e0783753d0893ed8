"""Generate and regenerate (SPEC §6.4) with a confirmation that says how many learners a
run touches, the job's progress page and its JSON, and the generation history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from certdesk.certificates.api.v2.job_serializers import history_row
from certdesk.certificates.job_labels import job_details
from certdesk.certificates.selectors import generation_history, job_get
from certdesk.certificates.services.jobs import generation_job_start
from certdesk.certificates.targets import generation_targets_count
from certdesk.certificates.tasks import enqueue_generation_job
from certdesk.core.errors import CertdeskError, NotFound
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view, error_page
from certdesk.dashboard.forms import GenerateForm
from certdesk.dashboard.outcomes import job_progress
from certdesk.dashboard.paging import table_context

NAV = "dashboard:generate"


@require_GET
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def generate(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """The form: which learners to (re)generate for."""
    return render(request, "dashboard/generate.html", page.context(form=GenerateForm()))


@require_GET
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def generate_confirm(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """How many learners the chosen run touches, and the button that starts it."""
    form = GenerateForm(request.GET)
    if not form.is_valid():
        return render(request, "dashboard/generate.html", page.context(form=form), status=400)
    count = generation_targets_count(course=page.course, **form.job_input())
    context = page.context(form=form, count=count, job_input=form.job_input())
    return render(request, "dashboard/generate_confirm.html", context)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def generate_start(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Queue the job and go to its progress page."""
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return render(request, "dashboard/generate.html", page.context(form=form), status=400)
    try:
        job = generation_job_start(
            course=page.course,
            requester=request.user,
            enqueue=enqueue_generation_job,
            **form.job_input(),
        )
    except CertdeskError as error:  # job_already_running
        form.add_error(None, error.message)
        context = page.context(form=form)
        return render(request, "dashboard/generate.html", context, status=error.status)
    messages.success(request, f"Certificate generation queued ({job_details(job)}).")
    return redirect("dashboard:job", course_key=page.course.key, task_id=job.pk)


def _job(page: CoursePage, task_id: str):
    job = job_get(course=page.course, task_id=task_id)
    if job is None:
        raise NotFound("There is no such generation job in this course.")
    return job


@require_GET
@course_view(Perm.TASKS_READ, nav="dashboard:history")
def job(request: HttpRequest, page: CoursePage, task_id: str) -> HttpResponse:
    """The job's progress bar; `job.js` polls `job_status` until the job ends."""
    try:
        found = _job(page, task_id)
    except CertdeskError as error:
        return error_page(request, error)
    context = page.context(job=found, progress=job_progress(found), details=job_details(found))
    return render(request, "dashboard/job.html", context)


@require_GET
@course_view(Perm.TASKS_READ, nav="dashboard:history")
def job_status(request: HttpRequest, page: CoursePage, task_id: str) -> JsonResponse:
    job = job_get(course=page.course, task_id=task_id)
    if job is None:
        body = {"state": "unknown", "code": "task_not_found", "message": "No such job."}
        return JsonResponse(body, status=404)
    return JsonResponse(job_progress(job))


@require_GET
@course_view(Perm.HISTORY_READ, nav="dashboard:history")
def history(request: HttpRequest, page: CoursePage) -> HttpResponse:
    context = page.context(**table_context(generation_history(course=page.course), request))
    table = context["table"]
    context["rows"] = [{**history_row(job), "job": job} for job in table.object_list]
    return render(request, "dashboard/history.html", context)
