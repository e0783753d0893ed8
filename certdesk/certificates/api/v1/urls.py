"""Open edX v1 routes certdesk serves, and the learner's own request; mounted at the
site root."""

from django.urls import re_path

from certdesk.certificates.api.v1.self_service import CertificateSelfRequestApi
from certdesk.certificates.api.v1.tasks import ListInstructorTasksApi
from certdesk.core.keys import COURSE_KEY_PATTERN

app_name = "v1"
urlpatterns = [
    re_path(
        rf"^courses/{COURSE_KEY_PATTERN}/instructor/api/list_instructor_tasks$",
        ListInstructorTasksApi.as_view(),
        name="list-instructor-tasks",
    ),
    re_path(
        rf"^api/v1/courses/{COURSE_KEY_PATTERN}/certificate/request$",
        CertificateSelfRequestApi.as_view(),
        name="certificate-request",
    ),
]
