"""Routes (see config/urls.py for where they are mounted)."""

from django.urls import re_path
from django.views.decorators.http import require_safe

from certdesk.core.keys import COURSE_KEY_PATTERN
from certdesk.mfe.views import CourseMetadataApi, MasqueradeApi, mfe_app

urlpatterns = [
    re_path(
        rf"^courses/{COURSE_KEY_PATTERN}/masquerade$", MasqueradeApi.as_view(), name="masquerade"
    ),
    re_path(
        rf"^api/course_home/course_metadata/{COURSE_KEY_PATTERN}$",
        CourseMetadataApi.as_view(),
        name="course-metadata",
    ),
    re_path(r"^instructor-dashboard(?:/(?P<path>.*))?$", require_safe(mfe_app), name="mfe-app"),
]
