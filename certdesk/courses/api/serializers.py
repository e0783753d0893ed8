"""Input and output serializers of the ingestion API (SPEC §5).

A batch body is checked here only for its envelope (`{"enrollments": [...]}`: the key
is present and holds a list); each item is validated by the service, which answers a
per-item error code. The item serializers describe the items in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certdesk.certificates.choices import OPEN_EDX_STATUSES
from certdesk.core.fields import StrictBooleanField, StrictCharField
from certdesk.courses.choices import Mode, Role


class ItemListField(serializers.Field):
    """A JSON list whose items are left to the service."""

    default_error_messages = {"not_a_list": "Expected a list of items."}

    def to_internal_value(self, data: Any) -> list[Any]:
        if not isinstance(data, list):
            self.fail("not_a_list")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def item_list(item_serializer: type[serializers.Serializer]) -> ItemListField:
    """A required list of items, documented as a list of `item_serializer`."""
    name = item_serializer.__name__.removesuffix("Serializer") + "ListField"
    field_class = extend_schema_field(item_serializer(many=True))(type(name, (ItemListField,), {}))
    return field_class()


# --- Courses ---------------------------------------------------------------------------


class CourseInputSerializer(serializers.Serializer):
    display_name = StrictCharField(max_length=255)
    self_paced = StrictBooleanField(required=False)
    start = serializers.DateTimeField(required=False, allow_null=True)
    end = serializers.DateTimeField(required=False, allow_null=True)
    enrollment_start = serializers.DateTimeField(required=False, allow_null=True)
    enrollment_end = serializers.DateTimeField(required=False, allow_null=True)
    certificates_enabled = StrictBooleanField(required=False)
    self_generation_enabled = StrictBooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for first, last in (("start", "end"), ("enrollment_start", "enrollment_end")):
            if attrs.get(first) and attrs.get(last) and attrs[last] < attrs[first]:
                raise serializers.ValidationError({last: [f"Must not be before {first}."]})
        return attrs


class CourseOutputSerializer(serializers.Serializer):
    course_key = serializers.CharField(source="key")
    display_name = serializers.CharField()
    org = serializers.CharField()
    course_number = serializers.CharField()
    course_run = serializers.CharField()
    self_paced = serializers.BooleanField()
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    enrollment_start = serializers.DateTimeField(allow_null=True)
    enrollment_end = serializers.DateTimeField(allow_null=True)
    certificates_enabled = serializers.BooleanField()
    self_generation_enabled = serializers.BooleanField()
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()


# --- Batches ---------------------------------------------------------------------------


class EnrollmentItemSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    name = serializers.CharField(required=False, max_length=255)
    mode = serializers.ChoiceField(choices=Mode.choices)
    is_active = serializers.BooleanField(required=False, default=True)


class GradeItemSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    percent = serializers.FloatField(min_value=0, max_value=1)
    passed = serializers.BooleanField()


class CertificateItemSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    status = serializers.ChoiceField(choices=sorted(OPEN_EDX_STATUSES))
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    grade = serializers.CharField(required=False, max_length=16)
    name = serializers.CharField(required=False, max_length=255)
    verify_uuid = serializers.RegexField(r"^[0-9a-f]{32}$", required=False)
    created = serializers.DateTimeField(required=False, help_text="The issue date.")


class EnrollmentsInputSerializer(serializers.Serializer):
    enrollments = item_list(EnrollmentItemSerializer)


class GradesInputSerializer(serializers.Serializer):
    grades = item_list(GradeItemSerializer)


class CertificatesInputSerializer(serializers.Serializer):
    certificates = item_list(CertificateItemSerializer)


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()


class BatchOutputSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ItemErrorSerializer(many=True)


# --- Roles -----------------------------------------------------------------------------


class RoleInputSerializer(serializers.Serializer):
    role = StrictCharField(help_text=f"One of {', '.join(Role.values)}.")
    email = StrictCharField(required=False, allow_null=True)


class RoleRemoveQuerySerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)


class RoleOutputSerializer(serializers.Serializer):
    course_key = serializers.CharField()
    username = serializers.CharField()
    role = serializers.CharField()
    roles = serializers.ListField(
        child=serializers.CharField(), help_text="Every role of the user on the course."
    )
