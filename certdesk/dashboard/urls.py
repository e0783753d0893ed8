"""Dashboard routes, mounted at /dashboard/. Per-course pages live under
`courses/<course key>/`; the key may be an old-style `Org/Number/Run` with its slashes."""

from django.urls import URLPattern, path, re_path

from certdesk.core.keys import COURSE_KEY_PATTERN
from certdesk.dashboard.views import (
    audit,
    courses,
    csv_upload,
    exceptions,
    generation,
    invalidations,
    issued,
)

IDENTIFIER = r"(?P<identifier>[^/]+)"
TASK = r"(?P<task_id>[^/]+)"


def course_route(suffix: str, view, name: str) -> URLPattern:
    return re_path(rf"^courses/{COURSE_KEY_PATTERN}/{suffix}$", view, name=name)


app_name = "dashboard"
urlpatterns = [
    path("", courses.home, name="home"),
    course_route("switches/certificates", courses.switch_certificates, "switch-certificates"),
    course_route(
        "switches/self-generation", courses.switch_self_generation, "switch-self-generation"
    ),
    course_route("issued", issued.issued, "issued"),
    course_route(r"issued\.csv", issued.issued_export, "issued-export"),
    course_route("exceptions", exceptions.exceptions, "exceptions"),
    course_route("exceptions/add", exceptions.exception_add, "exception-add"),
    course_route("exceptions/upload", csv_upload.csv_preview, "exceptions-upload"),
    course_route("exceptions/upload/confirm", csv_upload.csv_confirm, "exceptions-upload-confirm"),
    course_route("exceptions/upload/cancel", csv_upload.csv_cancel, "exceptions-upload-cancel"),
    course_route(
        f"exceptions/{IDENTIFIER}/remove", exceptions.exception_remove_confirm, "exception-remove"
    ),
    course_route("invalidations", invalidations.invalidations, "invalidations"),
    course_route("invalidations/add", invalidations.invalidation_add, "invalidation-add"),
    course_route(
        f"invalidations/{IDENTIFIER}/revalidate", invalidations.revalidate_confirm, "revalidate"
    ),
    course_route("generate", generation.generate, "generate"),
    course_route("generate/confirm", generation.generate_confirm, "generate-confirm"),
    course_route("generate/start", generation.generate_start, "generate-start"),
    course_route(f"jobs/{TASK}", generation.job, "job"),
    course_route(f"jobs/{TASK}/status", generation.job_status, "job-status"),
    course_route("history", generation.history, "history"),
    course_route("audit", audit.audit, "audit"),
    # Last, so that an old-style key with slashes does not swallow the paths above.
    course_route("", courses.course, "course"),
]
