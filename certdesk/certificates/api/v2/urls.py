"""Routes of the instructor API v2, mounted at `/api/instructor/v2/` (no trailing slashes)."""

from django.urls import re_path

from certdesk.certificates.api.v2.audit import AuditListApi
from certdesk.certificates.api.v2.bulk import ExceptionsBulkApi
from certdesk.certificates.api.v2.course import CourseInfoApi
from certdesk.certificates.api.v2.exceptions import ExceptionDetailApi, ExceptionsApi
from certdesk.certificates.api.v2.invalidations import InvalidationDetailApi, InvalidationsApi
from certdesk.certificates.api.v2.issued import IssuedCertificatesApi
from certdesk.certificates.api.v2.jobs import (
    GenerationHistoryApi,
    InstructorTasksApi,
    RegenerateApi,
    TaskStatusApi,
)
from certdesk.certificates.api.v2.switches import CertificatesConfigApi, ToggleGenerationApi
from certdesk.core.keys import COURSE_KEY_PATTERN

COURSE = rf"^courses/{COURSE_KEY_PATTERN}"
IDENTIFIER = r"(?P<identifier>[^/]+)"

app_name = "v2"
urlpatterns = [
    re_path(rf"{COURSE}/certificates/config$", CertificatesConfigApi.as_view(), name="config"),
    re_path(
        rf"{COURSE}/certificates/toggle_generation$",
        ToggleGenerationApi.as_view(),
        name="toggle-generation",
    ),
    re_path(rf"{COURSE}/certificates/audit$", AuditListApi.as_view(), name="audit"),
    re_path(rf"{COURSE}/certificates/exceptions$", ExceptionsApi.as_view(), name="exceptions"),
    # Before `exception-detail`, whose identifier would otherwise match "bulk".
    re_path(
        rf"{COURSE}/certificates/exceptions/bulk$",
        ExceptionsBulkApi.as_view(),
        name="exceptions-bulk",
    ),
    re_path(
        rf"{COURSE}/certificates/exceptions/{IDENTIFIER}$",
        ExceptionDetailApi.as_view(),
        name="exception-detail",
    ),
    re_path(
        rf"{COURSE}/certificates/invalidations$", InvalidationsApi.as_view(), name="invalidations"
    ),
    re_path(
        rf"{COURSE}/certificates/invalidations/{IDENTIFIER}$",
        InvalidationDetailApi.as_view(),
        name="invalidation-detail",
    ),
    re_path(rf"{COURSE}/certificates/issued$", IssuedCertificatesApi.as_view(), name="issued"),
    re_path(rf"{COURSE}/certificates/regenerate$", RegenerateApi.as_view(), name="regenerate"),
    re_path(
        rf"{COURSE}/certificates/generation_history$",
        GenerationHistoryApi.as_view(),
        name="generation-history",
    ),
    re_path(rf"{COURSE}/instructor_tasks$", InstructorTasksApi.as_view(), name="instructor-tasks"),
    re_path(rf"{COURSE}/tasks/(?P<task_id>[^/]+)$", TaskStatusApi.as_view(), name="task-status"),
    # The course information endpoint is the prefix itself; it must come last so that an
    # old-style key with slashes does not swallow the paths above.
    re_path(rf"{COURSE}$", CourseInfoApi.as_view(), name="course-info"),
]
