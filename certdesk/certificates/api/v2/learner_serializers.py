"""Serializers of the exception and invalidation endpoints (SPEC §6.7, §6.9)."""

from __future__ import annotations

from rest_framework import serializers

from certdesk.certificates.services.learners import MAX_IDENTIFIER, MAX_NOTES
from certdesk.core.fields import StrictCharField

MAX_LEARNERS = 1000


class IdentifierField(StrictCharField):
    """One identifier of a list, kept as sent (answers echo it, SPEC §6); only
    whitespace is blank."""

    def __init__(self) -> None:
        super().__init__(min_length=1, max_length=MAX_IDENTIFIER, trim_whitespace=False)

    def to_internal_value(self, data: object) -> str:
        value = super().to_internal_value(data)
        if not value.strip():
            self.fail("blank")
        return value


class LearnersInputSerializer(serializers.Serializer):
    learners = serializers.ListField(child=IdentifierField(), min_length=1, max_length=MAX_LEARNERS)
    notes = StrictCharField(
        max_length=MAX_NOTES, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class IdentifierInputSerializer(serializers.Serializer):
    username = StrictCharField(max_length=MAX_IDENTIFIER, help_text="A username or an email.")


class LearnerErrorSerializer(serializers.Serializer):
    learner = serializers.CharField()
    message = serializers.CharField()
    code = serializers.CharField()


class BulkLearnersOutputSerializer(serializers.Serializer):
    success = serializers.ListField(child=serializers.CharField())
    errors = LearnerErrorSerializer(many=True)
    warnings = LearnerErrorSerializer(many=True)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()
    status = serializers.CharField(allow_null=True)


class RevalidationSerializer(serializers.Serializer):
    message = serializers.CharField()
    task_id = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)


class ExceptionRowSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")
    notes = serializers.CharField()
    created = serializers.DateTimeField()
    granted_by = serializers.CharField(source="granted_by.username", allow_null=True, default=None)
    certificate_status = serializers.CharField(allow_null=True)


class InvalidationRowSerializer(serializers.Serializer):
    username = serializers.CharField(source="certificate.user.username")
    email = serializers.CharField(source="certificate.user.email")
    notes = serializers.CharField()
    invalidated_by = serializers.CharField(source="invalidated_by.username")
    created = serializers.DateTimeField()
    active = serializers.BooleanField()


def bulk_answer(result) -> dict:
    """`{success, errors, warnings}` with identifiers as the client sent them."""

    def outcome(item) -> dict:
        return {"learner": item.request.echo, "message": item.message, "code": item.code}

    return {
        "success": [request.echo for request in result.success],
        "errors": [outcome(item) for item in result.errors],
        "warnings": [outcome(item) for item in result.warnings],
    }
