"""`certificates/config` and `certificates/toggle_generation` (SPEC §6.5, §6.6)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.serializers import (
    EnabledInputSerializer,
    EnabledOutputSerializer,
)
from certdesk.certificates.selectors import certificates_available
from certdesk.certificates.services.switches import (
    course_certificates_set_enabled,
    course_self_generation_set,
)
from certdesk.courses.permissions import Perm


class CertificatesConfigApi(CourseScopedView):
    """GET: certificate management available. POST: set the course's certificate switch;
    still allowed while management is off, so an instructor can switch it back on."""

    permission_by_method = {"GET": Perm.CONFIG_READ, "POST": Perm.CERTIFICATES_WRITE}

    @extend_schema(operation_id="certificates_config", responses=EnabledOutputSerializer)
    def get(self, request: Request, course_key: str) -> Response:
        return Response({"enabled": certificates_available(course=self.course)})

    @extend_schema(
        operation_id="certificates_config_set",
        request=EnabledInputSerializer,
        responses=EnabledOutputSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = EnabledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = course_certificates_set_enabled(
            course=self.course, enabled=data.validated_data["enabled"], context=self.audit_context()
        )
        return Response({"enabled": certificates_available(course=course)})


class ToggleGenerationApi(CourseScopedView):
    """Learner self-generation for the course."""

    permission_by_method = {"GET": Perm.TOGGLE_READ, "POST": Perm.CERTIFICATES_WRITE}
    certificate_write_methods = frozenset({"POST"})

    @extend_schema(operation_id="toggle_generation", responses=EnabledOutputSerializer)
    def get(self, request: Request, course_key: str) -> Response:
        return Response({"enabled": self.course.self_generation_enabled})

    @extend_schema(
        operation_id="toggle_generation_set",
        request=EnabledInputSerializer,
        responses=EnabledOutputSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        data = EnabledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = course_self_generation_set(
            course=self.course, enabled=data.validated_data["enabled"], context=self.audit_context()
        )
        return Response({"enabled": course.self_generation_enabled})
