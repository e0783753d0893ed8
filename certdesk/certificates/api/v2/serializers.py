"""Input and output serializers of the instructor API v2 (one set per operation)."""

from __future__ import annotations

from rest_framework import serializers

from certdesk.audit.models import Action
from certdesk.core.fields import StrictBooleanField


class EnabledInputSerializer(serializers.Serializer):
    enabled = StrictBooleanField(required=True)


class EnabledOutputSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()


class TabSerializer(serializers.Serializer):
    tab_id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    sort_order = serializers.IntegerField()


class CoursePermissionsSerializer(serializers.Serializer):
    admin = serializers.BooleanField()
    instructor = serializers.BooleanField()
    finance_admin = serializers.BooleanField()
    sales_admin = serializers.BooleanField()
    staff = serializers.BooleanField()
    forum_admin = serializers.BooleanField()
    data_researcher = serializers.BooleanField()


class CourseInfoSerializer(serializers.Serializer):
    course_id = serializers.CharField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    org = serializers.CharField()
    course_number = serializers.CharField()
    course_run = serializers.CharField()
    enrollment_start = serializers.DateTimeField(allow_null=True)
    enrollment_end = serializers.DateTimeField(allow_null=True)
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    pacing = serializers.ChoiceField(choices=["self", "instructor"])
    has_started = serializers.BooleanField()
    has_ended = serializers.BooleanField()
    total_enrollment = serializers.IntegerField()
    learner_count = serializers.IntegerField()
    staff_count = serializers.IntegerField()
    enrollment_counts = serializers.DictField(child=serializers.IntegerField())
    num_sections = serializers.IntegerField()
    grade_cutoffs = serializers.CharField(allow_null=True)
    course_errors = serializers.ListField(child=serializers.CharField())
    studio_url = serializers.CharField(allow_null=True)
    gradebook_url = serializers.CharField(allow_null=True)
    studio_grading_url = serializers.CharField(allow_null=True)
    admin_console_url = serializers.CharField(allow_null=True)
    permissions = CoursePermissionsSerializer()
    tabs = TabSerializer(many=True)
    disable_buttons = serializers.BooleanField()
    analytics_dashboard_message = serializers.CharField(allow_null=True)
    certificates_enabled = serializers.BooleanField()


class AuditFilterSerializer(serializers.Serializer):
    learner = serializers.CharField(required=False, allow_blank=True)
    action = serializers.ChoiceField(choices=Action.choices, required=False, allow_blank=True)
    actor = serializers.CharField(required=False, allow_blank=True)


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    time = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    action = serializers.CharField()
    learner = serializers.CharField(source="learner.username", allow_null=True, default=None)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    notes = serializers.CharField()
    reason = serializers.CharField()
    source = serializers.CharField()
    request_id = serializers.CharField()


def paginated(serializer_class: type[serializers.Serializer], name: str) -> type:
    """An OpenAPI description of the Open edX pagination envelope around `serializer_class`."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "num_pages": serializers.IntegerField(),
            "current_page": serializers.IntegerField(),
            "start": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
