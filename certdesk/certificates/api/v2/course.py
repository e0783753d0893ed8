"""`GET /api/instructor/v2/courses/{course_key}`: course information (SPEC §6.1)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.serializers import CourseInfoSerializer
from certdesk.certificates.course_info import course_info_build
from certdesk.courses.permissions import Perm


class CourseInfoApi(CourseScopedView):
    permission_by_method = {"GET": Perm.COURSE_INFO}

    @extend_schema(operation_id="course_info", responses=CourseInfoSerializer, tags=["course"])
    def get(self, request: Request, course_key: str) -> Response:
        info = course_info_build(access=self.access, user=request.user)
        return Response(CourseInfoSerializer(info).data)
