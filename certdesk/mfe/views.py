"""What the Open edX instructor front end needs besides the instructor API (SPEC §12):
header helpers, and a built copy of the front end served from CERTDESK_MFE_DIST."""

from __future__ import annotations

import copy
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.views.static import serve
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.core.api import ApiView
from certdesk.courses.access import course_access_resolve
from certdesk.courses.permissions import Perm
from certdesk.mfe.metadata import MASQUERADE_ANSWER, course_metadata_build

INDEX = "index.html"
TAGS = ["front end"]

_Tab = inline_serializer(
    "CourseTab",
    {
        "tab_id": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(),
        "sort_order": serializers.IntegerField(),
    },
    many=True,
)
_MasqueradeRole = inline_serializer(
    "MasqueradeActive",
    {
        "role": serializers.CharField(),
        "user_name": serializers.CharField(allow_null=True),
        "user_partition_id": serializers.IntegerField(allow_null=True),
        "group_id": serializers.IntegerField(allow_null=True),
        "group_name": serializers.CharField(allow_null=True),
    },
)
_MasqueradeChoice = inline_serializer(
    "MasqueradeChoice",
    {"name": serializers.CharField(), "role": serializers.CharField()},
    many=True,
)


class MasqueradeApi(ApiView):
    """`GET /courses/{course_key}/masquerade`: always "staff, not masquerading"."""

    @extend_schema(
        operation_id="masquerade",
        tags=TAGS,
        responses=inline_serializer(
            "Masquerade",
            {
                "success": serializers.BooleanField(),
                "active": _MasqueradeRole,
                "available": _MasqueradeChoice,
            },
        ),
    )
    def get(self, request: Request, course_key: str) -> Response:
        course_access_resolve(user=request.user, raw_key=course_key, perm=Perm.COURSE_INFO)
        return Response(copy.deepcopy(MASQUERADE_ANSWER))


class CourseMetadataApi(ApiView):
    """`GET /api/course_home/course_metadata/{course_key}`: the course's header and tabs."""

    @extend_schema(
        operation_id="course_metadata",
        tags=TAGS,
        responses=inline_serializer(
            "CourseMetadata",
            {
                "course_id": serializers.CharField(),
                "title": serializers.CharField(),
                "org": serializers.CharField(),
                "number": serializers.CharField(),
                "start": serializers.DateTimeField(allow_null=True),
                "end": serializers.DateTimeField(allow_null=True),
                "is_self_paced": serializers.BooleanField(),
                "username": serializers.CharField(),
                "is_staff": serializers.BooleanField(),
                "original_user_is_staff": serializers.BooleanField(),
                "is_masquerading": serializers.BooleanField(),
                "tabs": _Tab,
            },
        ),
    )
    def get(self, request: Request, course_key: str) -> Response:
        access = course_access_resolve(user=request.user, raw_key=course_key, perm=Perm.COURSE_INFO)
        return Response(course_metadata_build(access=access, user=request.user))


def _dist_file(root: Path, path: str) -> str | None:
    """`path` relative to the dist folder when it names a file inside it, else None."""
    try:
        candidate = Path(safe_join(root, path))
    except SuspiciousFileOperation:
        raise Http404("Outside the front end's folder.") from None
    return path if path and candidate.is_file() else None


def mfe_app(request: HttpRequest, path: str = "") -> HttpResponse:
    """`GET /instructor-dashboard/<path>`: a file of the built front end, or its
    `index.html` for the app's own routes; 404 when CERTDESK_MFE_DIST is not set."""
    if not settings.CERTDESK_MFE_DIST:
        raise Http404("No front end is configured (CERTDESK_MFE_DIST).")
    root = Path(settings.CERTDESK_MFE_DIST).resolve()
    if not root.is_dir():
        raise Http404("CERTDESK_MFE_DIST is not a folder.")
    return serve(request, _dist_file(root, path) or INDEX, document_root=root)
