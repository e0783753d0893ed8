"""Certificate invalidations: list, invalidate many, re-validate one (SPEC §6.9)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.learner_serializers import (
    BulkLearnersOutputSerializer,
    IdentifierInputSerializer,
    InvalidationRowSerializer,
    LearnersInputSerializer,
    RevalidationSerializer,
    bulk_answer,
)
from certdesk.certificates.api.v2.serializers import paginated
from certdesk.certificates.choices import status_label
from certdesk.certificates.selectors import invalidations_for_course
from certdesk.certificates.services.invalidations import (
    certificate_revalidate,
    certificates_invalidate_many,
)
from certdesk.certificates.services.learners import LearnerRequest
from certdesk.core.pagination import OpenEdxPage
from certdesk.courses.permissions import Perm

WRITE = Perm.CERTIFICATES_WRITE


def _revalidated(view: CourseScopedView, identifier: str) -> Response:
    status = certificate_revalidate(
        course=view.course, identifier=identifier, context=view.audit_context()
    )
    message = (
        f"Certificate of {identifier} re-validated; the learner was re-evaluated and the "
        f"certificate is now {status_label(status) or 'absent'}."
    )
    return Response({"message": message, "task_id": None, "status": status})


class InvalidationsApi(CourseScopedView):
    permission_by_method = {"GET": Perm.INVALIDATIONS_READ, "POST": WRITE, "DELETE": WRITE}
    certificate_write_methods = frozenset({"POST", "DELETE"})

    @extend_schema(
        operation_id="certificates_invalidations_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=paginated(InvalidationRowSerializer, "InvalidationPage"),
    )
    def get(self, request: Request, course_key: str) -> Response:
        page = OpenEdxPage(invalidations_for_course(course=self.course), request)
        return Response(page.envelope(InvalidationRowSerializer(page.items, many=True).data))

    @extend_schema(
        operation_id="certificates_invalidations_create",
        request=LearnersInputSerializer,
        responses=BulkLearnersOutputSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = LearnersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        requests = [
            LearnerRequest.from_client(identifier, position=index)
            for index, identifier in enumerate(data.validated_data["learners"])
        ]
        result = certificates_invalidate_many(
            course=self.course,
            requests=requests,
            notes=data.validated_data["notes"],
            invalidated_by=request.user,
            context=self.audit_context(),
        )
        return Response(bulk_answer(result))

    @extend_schema(
        operation_id="certificates_invalidations_revalidate",
        request=IdentifierInputSerializer,
        responses=RevalidationSerializer,
    )
    def delete(self, request: Request, course_key: str) -> Response:
        data = IdentifierInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _revalidated(self, data.validated_data["username"])


class InvalidationDetailApi(CourseScopedView):
    permission_by_method = {"DELETE": WRITE}
    certificate_write_methods = frozenset({"DELETE"})

    @extend_schema(
        operation_id="certificates_invalidation_revalidate", responses=RevalidationSerializer
    )
    def delete(self, request: Request, course_key: str, identifier: str) -> Response:
        return _revalidated(self, identifier)
