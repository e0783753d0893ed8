"""Certificate exceptions (allowlist): list, grant many, remove one (SPEC §6.7)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.learner_serializers import (
    BulkLearnersOutputSerializer,
    ExceptionRowSerializer,
    IdentifierInputSerializer,
    LearnersInputSerializer,
    MessageSerializer,
    bulk_answer,
)
from certdesk.certificates.api.v2.serializers import paginated
from certdesk.certificates.selectors import exceptions_for_course
from certdesk.certificates.services.exceptions import exception_remove, exceptions_grant_many
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.core.pagination import OpenEdxPage
from certdesk.courses.permissions import Perm

WRITE = Perm.CERTIFICATES_WRITE


def exception_removed_answer(view: CourseScopedView, identifier: str) -> Response:
    """Remove the learner's exception and answer as SPEC §6.7; the learner is
    re-evaluated and their resulting status is reported."""
    status = exception_remove(
        course=view.course, identifier=identifier, context=view.audit_context()
    )
    message = f"Certificate exception removed for {identifier}."
    return Response({"message": message, "status": status})


class ExceptionsApi(CourseScopedView):
    permission_by_method = {"GET": Perm.EXCEPTIONS_READ, "POST": WRITE, "DELETE": WRITE}
    certificate_write_methods = frozenset({"POST", "DELETE"})

    @extend_schema(
        operation_id="certificates_exceptions_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=paginated(ExceptionRowSerializer, "ExceptionPage"),
    )
    def get(self, request: Request, course_key: str) -> Response:
        page = OpenEdxPage(exceptions_for_course(course=self.course), request)
        return Response(page.envelope(ExceptionRowSerializer(page.items, many=True).data))

    @extend_schema(
        operation_id="certificates_exceptions_grant",
        request=LearnersInputSerializer,
        responses=BulkLearnersOutputSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = LearnersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notes = data.validated_data["notes"]
        requests = [
            LearnerRequest.from_client(identifier, notes=notes, position=index)
            for index, identifier in enumerate(data.validated_data["learners"])
        ]
        result = exceptions_grant_many(
            course=self.course,
            requests=requests,
            granted_by=request.user,
            context=self.audit_context(),
        )
        return Response(bulk_answer(result))

    @extend_schema(
        operation_id="certificates_exceptions_remove",
        request=IdentifierInputSerializer,
        responses=MessageSerializer,
    )
    def delete(self, request: Request, course_key: str) -> Response:
        data = IdentifierInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return exception_removed_answer(self, data.validated_data["username"])


class ExceptionDetailApi(CourseScopedView):
    permission_by_method = {"DELETE": WRITE}
    certificate_write_methods = frozenset({"DELETE"})

    @extend_schema(operation_id="certificates_exception_remove", responses=MessageSerializer)
    def delete(self, request: Request, course_key: str, identifier: str) -> Response:
        return exception_removed_answer(self, identifier)
