"""My courses, the course overview, and its two switches (SPEC §7.7)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from certdesk.certificates.services.switches import (
    course_certificates_set_enabled,
    course_self_generation_set,
)
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import SwitchForm
from certdesk.dashboard.selectors import course_summary, my_courses
from certdesk.dashboard.views.common import to_course_page, ui_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My courses."""
    return render(request, "dashboard/home.html", {"courses": my_courses(user=request.user)})


def _overview(request: HttpRequest, page: CoursePage, status: int = 200, **forms) -> HttpResponse:
    context = page.context(summary=course_summary(course=page.course), **forms)
    return render(request, "dashboard/course.html", context, status=status)


@require_GET
@course_view(Perm.COURSE_INFO, nav="dashboard:course")
def course(request: HttpRequest, page: CoursePage) -> HttpResponse:
    return _overview(request, page)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav="dashboard:course")
def switch_certificates(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """The course's certificate switch; allowed while management is off, to turn it on."""
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return _overview(request, page, status=400, certificates_form=form)
    course_certificates_set_enabled(
        course=page.course, enabled=form.is_on, context=ui_context(request)
    )
    state = "on" if form.is_on else "off"
    messages.success(request, f"Certificate management is now {state} for this course.")
    return to_course_page("dashboard:course", page)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav="dashboard:course", certificate_write=True)
def switch_self_generation(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Whether learners may request their own certificate."""
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return _overview(request, page, status=400, self_generation_form=form)
    course_self_generation_set(course=page.course, enabled=form.is_on, context=ui_context(request))
    state = "may now" if form.is_on else "may no longer"
    messages.success(request, f"Learners {state} request their own certificate.")
    return to_course_page("dashboard:course", page)
