"""`POST /courses/{course_key}/instructor/api/list_instructor_tasks`: the v1 endpoint the
Open edX front end's "Pending Tasks" panel polls (SPEC §6.10)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.job_serializers import (
    InstructorTasksSerializer,
    instructor_task_row,
)
from certdesk.certificates.selectors import active_jobs
from certdesk.courses.permissions import Perm

V1_FIELDS = (
    "task_type",
    "task_input",
    "task_id",
    "requester",
    "task_state",
    "created",
    "duration_sec",
    "status",
    "task_message",
)


class ListInstructorTasksApi(CourseScopedView):
    """Queued and running jobs, in Open edX's v1 shape. A POST with an empty body; CSRF is
    enforced for session and cookie callers like every unsafe method."""

    permission_by_method = {"POST": Perm.TASKS_READ}

    @extend_schema(operation_id="list_instructor_tasks_v1", request=None,
                   responses=InstructorTasksSerializer)  # fmt: skip
    def post(self, request: Request, course_key: str) -> Response:
        rows = [instructor_task_row(job) for job in active_jobs(course=self.course)]
        serialized = InstructorTasksSerializer({"tasks": rows}).data["tasks"]
        return Response(
            {"tasks": [{field: row[field] for field in V1_FIELDS} for row in serialized]}
        )
