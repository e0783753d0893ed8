"""`POST certificates/exceptions/bulk`: grant exceptions from an uploaded CSV (SPEC §6.8,
§8). The view finds the one uploaded file and hands it to `exceptions_import_csv`.

The path is also `DELETE certificates/exceptions/{identifier}` for a learner whose
username is `bulk`; that DELETE removes their exception as the detail route does."""

from __future__ import annotations

from django.core.exceptions import TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.certificates.api.v2.base import CourseScopedView
from certdesk.certificates.api.v2.exceptions import exception_removed_answer
from certdesk.certificates.api.v2.learner_serializers import MessageSerializer
from certdesk.certificates.services.csv_import import (
    AUDIT_SOURCE,
    FILE_TOO_LARGE,
    FILE_TOO_LARGE_MESSAGE,
    MAX_UPLOAD_BODY_BYTES,
    csv_import_answer,
    exceptions_import_csv,
    no_file_error,
)
from certdesk.core.body_limits import BodyLimit
from certdesk.core.errors import InvalidBody
from certdesk.courses.permissions import Perm

ONE_FILE = "Upload exactly one file, in the `file` field."
# The one username whose detail path is this path (`exceptions/{identifier}`).
BULK_NAMED_LEARNER = "bulk"


class CsvUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV of `username_or_email[,notes]` rows.")


class BulkQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False)


class CsvRowOutcomeSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    learner = serializers.CharField()
    message = serializers.CharField()
    code = serializers.CharField()


class CsvSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    granted = serializers.IntegerField()
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField()
    duplicates = serializers.IntegerField()


class CsvImportOutputSerializer(serializers.Serializer):
    success = serializers.ListField(child=serializers.CharField())
    errors = CsvRowOutcomeSerializer(many=True)
    warnings = CsvRowOutcomeSerializer(many=True)
    summary = CsvSummarySerializer()
    dry_run = serializers.BooleanField()


def _the_upload(request: Request) -> UploadedFile:
    """The one file of the `file` field: 400 `no_file` when there is none (also for a
    body that is not multipart or cannot be read), 400 `invalid_body` for several."""
    try:
        uploads = request.FILES.getlist("file")
    except (UnsupportedMediaType, ParseError) as exc:
        raise no_file_error() from exc
    except (TooManyFilesSent, TooManyFieldsSent) as exc:
        raise InvalidBody(ONE_FILE, field_errors={"file": [ONE_FILE]}) from exc
    if not uploads:
        raise no_file_error()
    if len(uploads) > 1:
        raise InvalidBody(ONE_FILE, field_errors={"file": [ONE_FILE]})
    return uploads[0]


class ExceptionsBulkApi(CourseScopedView):
    permission_by_method = {"POST": Perm.CERTIFICATES_WRITE, "DELETE": Perm.CERTIFICATES_WRITE}
    certificate_write_methods = frozenset({"POST", "DELETE"})
    parser_classes = [MultiPartParser]
    # a 10 MB file and its multipart envelope; the file's own size is checked after its name
    body_limit = BodyLimit(MAX_UPLOAD_BODY_BYTES, FILE_TOO_LARGE, FILE_TOO_LARGE_MESSAGE)

    @extend_schema(
        operation_id="certificates_exceptions_bulk",
        request={"multipart/form-data": CsvUploadSerializer},
        parameters=[OpenApiParameter("dry_run", bool, description="Validate; write nothing.")],
        responses=CsvImportOutputSerializer,
    )
    def post(self, request: Request, course_key: str) -> Response:
        query = BulkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        upload = _the_upload(request)
        done = exceptions_import_csv(
            course=self.course,
            name=upload.name or "",
            size=upload.size or 0,
            stream=upload,
            granted_by=request.user,
            context=self.audit_context(source=AUDIT_SOURCE),
            dry_run=query.validated_data["dry_run"],
        )
        return Response(csv_import_answer(done))

    @extend_schema(
        operation_id="certificates_exception_remove_bulk_named",
        description="Remove the exception of the learner whose username is `bulk` (SPEC §6.7).",
        request=None,
        responses=MessageSerializer,
    )
    def delete(self, request: Request, course_key: str) -> Response:
        return exception_removed_answer(self, BULK_NAMED_LEARNER)
