"""`GET certificates/audit`: the course's audit trail, newest first (SPEC §6.11)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.audit.selectors import audit_events_for_course
from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.serializers import (
    AuditEventSerializer,
    AuditFilterSerializer,
    paginated,
)
from certdesk.core.errors import InvalidFilter
from certdesk.core.pagination import OpenEdxPage
from certdesk.courses.permissions import Perm

AuditPageSerializer = paginated(AuditEventSerializer, "AuditEventPage")


class AuditListApi(CourseScopedView):
    permission_by_method = {"GET": Perm.AUDIT_READ}

    @extend_schema(
        operation_id="certificates_audit",
        parameters=[
            AuditFilterSerializer,
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=AuditPageSerializer,
    )
    def get(self, request: Request, course_key: str) -> Response:
        filters = AuditFilterSerializer(data=request.query_params)
        if not filters.is_valid():
            raise InvalidFilter("Unknown audit filter value.", field_errors=filters.errors)
        events = audit_events_for_course(course=self.course, **filters.validated_data)
        page = OpenEdxPage(events, request)
        return Response(page.envelope(AuditEventSerializer(page.items, many=True).data))
