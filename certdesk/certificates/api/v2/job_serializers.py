"""How jobs are shown: generation history, Open edX task lists and task status."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from certdesk.certificates.choices import OPEN_EDX_STATUSES, JobState, StudentSet
from certdesk.certificates.job_labels import job_details, job_task_name
from certdesk.certificates.models import GenerationJob

# Open edX's instructor-task states and the v2 task endpoint's states.
CELERY_STATE = {
    JobState.QUEUED: "QUEUING",
    JobState.RUNNING: "PROGRESS",
    JobState.COMPLETED: "SUCCESS",
    JobState.FAILED: "FAILURE",
}
TASK_STATE = {
    JobState.QUEUED: "pending",
    JobState.RUNNING: "running",
    JobState.COMPLETED: "completed",
    JobState.FAILED: "failed",
}


class RegenerateInputSerializer(serializers.Serializer):
    statuses = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    student_set = serializers.ChoiceField(
        choices=StudentSet.values, required=False, default=StudentSet.ALL
    )

    def unknown_statuses(self) -> list[str]:
        return [s for s in self.validated_data["statuses"] if s not in OPEN_EDX_STATUSES]


class TaskStartedSerializer(serializers.Serializer):
    task_id = serializers.UUIDField()
    message = serializers.CharField()


def counts(job: GenerationJob) -> dict[str, int]:
    return {
        "total": job.total,
        "attempted": job.attempted,
        "succeeded": job.succeeded,
        "failed": job.failed,
        "skipped": job.skipped,
    }


def history_row(job: GenerationJob) -> dict[str, Any]:
    row_counts = counts(job)
    row_counts.pop("attempted")
    return {
        "task_name": job_task_name(job),
        "date": job.created,
        "details": job_details(job),
        "task_id": job.pk,
        "requested_by": job.requester.username,
        "state": job.state,
        "counts": row_counts,
    }


def _duration(job: GenerationJob) -> float | str:
    if job.started is None:
        return "unknown"
    return round(((job.finished or timezone.now()) - job.started).total_seconds(), 1)


def _task_message(job: GenerationJob) -> str:
    if job.message:
        return job.message
    return f"{job.attempted} of {job.total} learners processed"


def instructor_task_row(job: GenerationJob) -> dict[str, Any]:
    """A row of Open edX's instructor task lists (v1 and v2)."""
    return {
        "task_id": str(job.pk),
        "task_type": job.task_type,
        "task_state": CELERY_STATE[job.state],
        "status": "Complete"
        if job.state in (JobState.COMPLETED, JobState.FAILED)
        else "Incomplete",
        "created": job.created,
        "duration_sec": _duration(job),
        "task_message": _task_message(job),
        "requester": job.requester.username,
        "task_input": json.dumps({"student_set": job.student_set, "statuses": job.statuses}),
        "task_output": json.dumps(counts(job)) if job.finished else None,
        "progress": {"current": job.attempted, "total": job.total},
    }


def task_status(job: GenerationJob) -> dict[str, Any]:
    body: dict[str, Any] = {
        "task_id": str(job.pk),
        "state": TASK_STATE[job.state],
        "progress": {"current": job.attempted, "total": job.total},
        "result": {"success": job.state == JobState.COMPLETED, "message": _task_message(job)},
        "created_at": job.created,
        "updated_at": job.updated,
        "task_type": job.task_type,
        "counts": counts(job),
    }
    if job.state == JobState.FAILED:
        body["error"] = {"code": job.error_code, "message": job.error_message}
    return body


class HistoryCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField()


class HistoryRowSerializer(serializers.Serializer):
    task_name = serializers.CharField()
    date = serializers.DateTimeField()
    details = serializers.CharField()
    task_id = serializers.UUIDField()
    requested_by = serializers.CharField()
    state = serializers.CharField()
    counts = HistoryCountsSerializer()


class ProgressSerializer(serializers.Serializer):
    current = serializers.IntegerField()
    total = serializers.IntegerField()


class InstructorTaskSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    task_type = serializers.CharField()
    task_state = serializers.CharField()
    status = serializers.CharField()
    created = serializers.DateTimeField()
    duration_sec = serializers.JSONField()
    task_message = serializers.CharField()
    requester = serializers.CharField()
    task_input = serializers.CharField()
    task_output = serializers.CharField(allow_null=True)
    progress = ProgressSerializer()


class InstructorTasksSerializer(serializers.Serializer):
    tasks = InstructorTaskSerializer(many=True)


class TaskStatusSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    state = serializers.CharField()
    progress = ProgressSerializer()
    result = serializers.DictField()
    error = serializers.DictField(required=False)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    task_type = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
