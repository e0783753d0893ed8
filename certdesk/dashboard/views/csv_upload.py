"""Granting exceptions from a CSV file (SPEC §8) in two steps: the upload is a dry run
whose every row outcome is shown; confirm runs the same bytes for real, cancel drops
them. Nothing is written to the database before confirm (see `previews.py`)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from certdesk.certificates.services.csv_import import (
    FILE_TOO_LARGE,
    FILE_TOO_LARGE_MESSAGE,
    MAX_UPLOAD_BODY_BYTES,
    exceptions_import_csv,
)
from certdesk.core.body_limits import BodyLimit
from certdesk.core.errors import CertdeskError
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import CsvUploadForm, PreviewTokenForm
from certdesk.dashboard.outcomes import csv_message, csv_report
from certdesk.dashboard.previews import preview_discard, preview_load, preview_store
from certdesk.dashboard.views.common import to_course_page, ui_context
from certdesk.dashboard.views.exceptions import NAV, exceptions_page


def _import(request: HttpRequest, page: CoursePage, name: str, content: bytes, dry_run: bool):
    return exceptions_import_csv(
        course=page.course,
        name=name,
        size=len(content),
        stream=io.BytesIO(content),
        granted_by=request.user,
        context=ui_context(request),
        dry_run=dry_run,
    )


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def csv_preview(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Upload → dry run → the preview page with every row's outcome."""
    form = CsvUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return exceptions_page(request, page, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    name, content = upload.name or "", upload.read()
    try:
        done = _import(request, page, name, content, dry_run=True)
    except CertdeskError as error:
        form.add_error("file", error.message)
        return exceptions_page(request, page, upload_form=form, status=error.status)
    token = preview_store(session=request.session, course=page.course, name=name, content=content)
    context = page.context(report=csv_report(done), token=token, file_name=name)
    return render(request, "dashboard/csv_preview.html", context)


# The upload's body may hold a 10 MB file and its multipart envelope; a file over 10 MB
# within it is refused on the form, a larger body unread (RequestSizeLimitMiddleware).
csv_preview.body_limit = BodyLimit(MAX_UPLOAD_BODY_BYTES, FILE_TOO_LARGE, FILE_TOO_LARGE_MESSAGE)


def _gone(request: HttpRequest, page: CoursePage, status: int = 404) -> HttpResponse:
    messages.error(request, "That upload preview is no longer available; upload the file again.")
    return exceptions_page(request, page, status=status)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV, certificate_write=True)
def csv_confirm(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Grant the exceptions of the previewed file, then show what happened."""
    form = PreviewTokenForm(request.POST)
    if not form.is_valid():
        return _gone(request, page, status=400)
    token = form.cleaned_data["token"]
    stored = preview_load(session=request.session, course=page.course, token=token)
    if stored is None:
        return _gone(request, page)
    try:
        done = _import(request, page, stored.name, stored.content, dry_run=False)
    except CertdeskError as error:  # the file was checked at preview; this is defensive
        messages.error(request, error.message)
        return exceptions_page(request, page, status=error.status)
    finally:
        preview_discard(session=request.session, token=stored.token)
    report = csv_report(done)
    if report.problems:
        context = page.context(report=report, token=None, file_name=stored.name)
        messages.success(request, csv_message(report))
        return render(request, "dashboard/csv_preview.html", context)
    messages.success(request, csv_message(report))
    return to_course_page(NAV, page)


@require_POST
@course_view(Perm.CERTIFICATES_WRITE, nav=NAV)
def csv_cancel(request: HttpRequest, page: CoursePage) -> HttpResponse:
    form = PreviewTokenForm(request.POST)
    if not form.is_valid():
        return _gone(request, page, status=400)
    preview_discard(session=request.session, token=form.cleaned_data["token"])
    messages.info(request, "Upload cancelled; no exception was granted.")
    return to_course_page(NAV, page)
