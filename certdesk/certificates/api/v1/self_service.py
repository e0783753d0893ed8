"""`POST /api/v1/courses/{course_key}/certificate/request`: a learner requests their own
certificate (SPEC §7.7). Any authenticated user; no course role needed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.self_service import certificate_self_request
from certdesk.core.api import ApiView
from certdesk.core.errors import CourseNotFound
from certdesk.core.keys import canonical_course_key
from certdesk.courses.selectors import course_get


class SelfRequestOutputSerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True)
    verify_uuid = serializers.CharField(allow_null=True)


class CertificateSelfRequestApi(ApiView):
    @extend_schema(
        operation_id="certificate_self_request",
        request=None,
        responses=SelfRequestOutputSerializer,
        tags=["learner"],
    )
    def post(self, request: Request, course_key: str) -> Response:
        course = course_get(key=canonical_course_key(course_key))
        if course is None:
            raise CourseNotFound()
        result = certificate_self_request(
            course=course,
            learner=request.user,
            context=AuditContext(actor=request.user, source="api"),
        )
        return Response({"status": result.status, "verify_uuid": result.verify_uuid})
