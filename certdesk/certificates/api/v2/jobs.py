"""Generation and its jobs: regenerate, generation history, task lists, task status
(SPEC §6.3, §6.4, §6.10)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.job_serializers import (
    HistoryRowSerializer,
    InstructorTasksSerializer,
    RegenerateInputSerializer,
    TaskStartedSerializer,
    TaskStatusSerializer,
    history_row,
    instructor_task_row,
    task_status,
)
from certdesk.certificates.api.v2.serializers import paginated
from certdesk.certificates.job_labels import job_details
from certdesk.certificates.selectors import active_jobs, generation_history, job_get
from certdesk.certificates.services.jobs import generation_job_start
from certdesk.certificates.tasks import enqueue_generation_job
from certdesk.core.errors import CertdeskError
from certdesk.core.pagination import OpenEdxPage
from certdesk.core.responses import DETAIL
from certdesk.courses.permissions import Perm


class RegenerateApi(CourseScopedView):
    permission_by_method = {"POST": Perm.CERTIFICATES_WRITE}
    certificate_write_methods = frozenset({"POST"})

    @extend_schema(
        operation_id="certificates_regenerate",
        request=RegenerateInputSerializer,
        responses=TaskStartedSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = RegenerateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unknown = data.unknown_statuses()
        if unknown:
            message = f"Unknown certificate status: {', '.join(unknown)}."
            raise CertdeskError(
                message,
                code="invalid_status",
                field_errors={"statuses": [message]},
                extra={"error": {"statuses": [message]}},
            )
        job = generation_job_start(
            course=self.course,
            student_set=data.validated_data["student_set"],
            statuses=data.validated_data["statuses"],
            requester=request.user,
            enqueue=enqueue_generation_job,
        )
        message = f"Certificate generation queued ({job_details(job)})."
        return Response({"task_id": job.pk, "message": message})


class GenerationHistoryApi(CourseScopedView):
    permission_by_method = {"GET": Perm.HISTORY_READ}
    error_message_key = DETAIL

    @extend_schema(
        operation_id="certificates_generation_history",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=paginated(HistoryRowSerializer, "GenerationHistoryPage"),
    )
    def get(self, request: Request, course_key: str) -> Response:
        page = OpenEdxPage(generation_history(course=self.course), request)
        rows = [history_row(job) for job in page.items]
        return Response(page.envelope(HistoryRowSerializer(rows, many=True).data))


class InstructorTasksApi(CourseScopedView):
    permission_by_method = {"GET": Perm.TASKS_READ}

    @extend_schema(operation_id="instructor_tasks", responses=InstructorTasksSerializer)
    def get(self, request: Request, course_key: str) -> Response:
        tasks = [instructor_task_row(job) for job in active_jobs(course=self.course)]
        return Response(InstructorTasksSerializer({"tasks": tasks}).data)


class TaskNotFound(CertdeskError):
    status = 404
    code = "task_not_found"
    default_message = "Task not found"

    def __init__(self) -> None:
        super().__init__(extra={"error": "Task not found"})


class TaskStatusApi(CourseScopedView):
    permission_by_method = {"GET": Perm.TASKS_READ}

    @extend_schema(operation_id="task_status", responses=TaskStatusSerializer)
    def get(self, request: Request, course_key: str, task_id: str) -> Response:
        job = job_get(course=self.course, task_id=task_id)
        if job is None:
            raise TaskNotFound()
        return Response(TaskStatusSerializer(task_status(job)).data)
