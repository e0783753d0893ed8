"""`GET certificates/issued`: issued certificates, filtered, searched, paginated, or the
whole filtered list as a CSV download (SPEC §6.2)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.serializers import paginated
from certdesk.certificates.choices import Status, status_label
from certdesk.certificates.issued import FILTERS, issued_rows
from certdesk.core.csv_export import csv_download
from certdesk.core.pagination import OpenEdxPage
from certdesk.core.responses import DETAIL
from certdesk.courses.permissions import Perm

CSV_CHUNK = 2000


class IssuedRowSerializer(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.CharField()
    enrollment_track = serializers.CharField(allow_null=True)
    certificate_status = serializers.CharField(allow_null=True)
    certificate_status_label = serializers.CharField(allow_null=True)
    special_case = serializers.CharField(allow_null=True)
    exception_granted = serializers.DateTimeField(allow_null=True)
    exception_notes = serializers.CharField(allow_null=True)
    invalidated_by = serializers.CharField(allow_null=True)
    invalidation_date = serializers.DateTimeField(allow_null=True)
    invalidation_note = serializers.CharField(allow_null=True)
    verify_uuid = serializers.CharField(allow_null=True)


def issued_row(values: dict[str, Any]) -> dict[str, Any]:
    status = values["certificate_status"]
    special_case = None
    if values["exception_granted"] is not None:
        special_case = "Exception"
    elif values["invalidation_date"] is not None:
        special_case = "Invalidation"
    return {
        **values,
        "certificate_status_label": status_label(status),
        "special_case": special_case,
        "verify_uuid": values["verify_uuid"] if status == Status.DOWNLOADABLE else None,
    }


class IssuedCertificatesApi(CourseScopedView):
    permission_by_method = {"GET": Perm.ISSUED_READ}
    error_message_key = DETAIL

    @extend_schema(
        operation_id="certificates_issued",
        parameters=[
            OpenApiParameter("search", str, description="Part of a username or email."),
            OpenApiParameter("filter", str, enum=sorted(FILTERS), default="all"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="Default 10, at most 100."),
            OpenApiParameter("format", str, enum=["csv"], description="Every matching row."),
        ],
        responses=paginated(IssuedRowSerializer, "IssuedCertificatePage"),
    )
    def get(self, request: Request, course_key: str) -> Any:
        rows = issued_rows(
            course=self.course,
            filter_name=request.query_params.get("filter") or "all",
            search=request.query_params.get("search", ""),
        )
        if request.query_params.get("format") == "csv":
            return self._csv(rows)
        page = OpenEdxPage(rows, request)
        results = [issued_row(values) for values in page.items]
        return Response(page.envelope(IssuedRowSerializer(results, many=True).data))

    def _csv(self, rows):
        fields = list(IssuedRowSerializer().fields)
        serialize = IssuedRowSerializer().to_representation

        def lines():
            for values in rows.iterator(chunk_size=CSV_CHUNK):
                data = serialize(issued_row(values))
                yield [data[field] for field in fields]

        filename = f"issued-certificates-{self.course.course_number}.csv"
        return csv_download(filename=filename, header=fields, rows=lines())
