"""Routes of the ingestion API, mounted at `/api/v1/` (see config/urls.py). No trailing
slashes; the course key may be an old-style `Org/Number/Run` with literal slashes."""

from django.urls import re_path

from certdesk.core.keys import COURSE_KEY_PATTERN
from certdesk.courses.api.views import (
    CertificatesApi,
    CourseApi,
    EnrollmentsApi,
    GradesApi,
    RoleApi,
)

COURSE = rf"^courses/{COURSE_KEY_PATTERN}"

urlpatterns = [
    re_path(rf"{COURSE}/enrollments$", EnrollmentsApi.as_view(), name="ingest-enrollments"),
    re_path(rf"{COURSE}/grades$", GradesApi.as_view(), name="ingest-grades"),
    re_path(rf"{COURSE}/certificates$", CertificatesApi.as_view(), name="ingest-certificates"),
    re_path(rf"{COURSE}/roles/(?P<username>[^/]+)$", RoleApi.as_view(), name="ingest-role"),
    # The course itself is the prefix; it comes last so that an old-style key with
    # slashes does not swallow the paths above.
    re_path(rf"{COURSE}$", CourseApi.as_view(), name="ingest-course"),
]
