"""The ingestion API (SPEC §5), one class per resource and one method per operation:
validate the body, call one service, answer. Every call runs in the service's single
transaction, so a request that fails as a whole writes nothing."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.services.imports import certificates_import_many
from certdesk.courses.api.base import IngestionView
from certdesk.courses.api.serializers import (
    BatchOutputSerializer,
    CertificatesInputSerializer,
    CourseInputSerializer,
    CourseOutputSerializer,
    EnrollmentsInputSerializer,
    GradesInputSerializer,
    RoleInputSerializer,
    RoleOutputSerializer,
    RoleRemoveQuerySerializer,
)
from certdesk.courses.services.courses import course_upsert
from certdesk.courses.services.enrollments import enrollments_upsert_many
from certdesk.courses.services.grades import grades_upsert_many
from certdesk.courses.services.items import BatchResult
from certdesk.courses.services.roles import course_role_remove, course_role_set

TAGS = ["ingestion"]


def _batch_answer(result: BatchResult) -> Response:
    return Response(BatchOutputSerializer(result).data)


class CourseApi(IngestionView):
    """`PUT` creates or updates the course; `GET` reads it."""

    course_optional_methods = frozenset({"PUT"})

    @extend_schema(operation_id="ingest_course_get", responses=CourseOutputSerializer, tags=TAGS)
    def get(self, request: Request, course_key: str) -> Response:
        return Response(CourseOutputSerializer(self.course).data)

    @extend_schema(
        operation_id="ingest_course_put",
        request=CourseInputSerializer,
        responses={200: CourseOutputSerializer, 201: CourseOutputSerializer},
        tags=TAGS,
    )
    def put(self, request: Request, course_key: str) -> Response:
        data = CourseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upsert = course_upsert(
            key=self.course_key, fields=data.validated_data, context=self.audit_context()
        )
        return Response(
            CourseOutputSerializer(upsert.course).data,
            status=status.HTTP_201_CREATED if upsert.created else status.HTTP_200_OK,
        )


class EnrollmentsApi(IngestionView):
    """Create or update learners and their enrollments, up to 10,000 per call."""

    @extend_schema(
        operation_id="ingest_enrollments",
        request=EnrollmentsInputSerializer,
        responses=BatchOutputSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = EnrollmentsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = enrollments_upsert_many(
            course=self.course, items=data.validated_data["enrollments"]
        )
        return _batch_answer(result)


class GradesApi(IngestionView):
    """Store learners' grades, up to 10,000 per call."""

    @extend_schema(
        operation_id="ingest_grades",
        request=GradesInputSerializer,
        responses=BatchOutputSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = GradesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = grades_upsert_many(
            course=self.course, items=data.validated_data["grades"], context=self.audit_context()
        )
        return _batch_answer(result)


class CertificatesApi(IngestionView):
    """Import existing certificates (e.g. from Open edX), up to 10,000 per call."""

    @extend_schema(
        operation_id="ingest_certificates",
        request=CertificatesInputSerializer,
        responses=BatchOutputSerializer,
        tags=TAGS,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = CertificatesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = certificates_import_many(
            course=self.course,
            items=data.validated_data["certificates"],
            context=self.audit_context(),
        )
        return _batch_answer(result)


class RoleApi(IngestionView):
    """A user's course-team roles on the course."""

    @extend_schema(
        operation_id="ingest_role_set",
        request=RoleInputSerializer,
        responses=RoleOutputSerializer,
        tags=TAGS,
    )
    def put(self, request: Request, course_key: str, username: str) -> Response:
        data = RoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        role = data.validated_data["role"]
        user, roles = course_role_set(
            course=self.course,
            username=username,
            role=role,
            email=data.validated_data.get("email"),
        )
        body = {
            "course_key": str(self.course_key),
            "username": user.username,
            "role": role,
            "roles": roles,
        }
        return Response(RoleOutputSerializer(body).data)

    @extend_schema(
        operation_id="ingest_role_remove",
        parameters=[RoleRemoveQuerySerializer],
        request=None,
        responses={204: OpenApiResponse(description="Removed (or was not held).")},
        tags=TAGS,
    )
    def delete(self, request: Request, course_key: str, username: str) -> Response:
        course_role_remove(
            course=self.course, username=username, role=request.query_params.get("role")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
