"""Certificate statuses and their display labels (SPEC §3)."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    """The statuses certdesk writes itself. Imported certificates may hold any
    Open edX status (see OPEN_EDX_STATUSES); the column is not limited to these."""

    DOWNLOADABLE = "downloadable", "Received"
    NOTPASSING = "notpassing", "Not Received"
    UNAVAILABLE = "unavailable", "Invalidated"


STATUS_LABELS: dict[str, str] = {
    "downloadable": "Received",
    "notpassing": "Not Received",
    "unavailable": "Invalidated",
    "error": "Error State",
    "audit_passing": "Audit - Passing",
    "audit_notpassing": "Audit - Not Passing",
    "unverified": "Not Verified",
    "generating": "Generating",
}

# Every status value Open edX knows (SPEC §6.4); the certificate import accepts these.
OPEN_EDX_STATUSES: frozenset[str] = frozenset(
    {
        "deleted",
        "deleting",
        "downloadable",
        "error",
        "generating",
        "notpassing",
        "restricted",
        "unavailable",
        "auditing",
        "audit_passing",
        "audit_notpassing",
        "honor_passing",
        "unverified",
        "invalidated",
        "requesting",
    }
)


def status_label(status: str | None) -> str | None:
    """The display label; a status without one shows its raw value; no status, None."""
    if status is None:
        return None
    return STATUS_LABELS.get(status, status)


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


ACTIVE_JOB_STATES = (JobState.QUEUED, JobState.RUNNING)


class StudentSet(models.TextChoices):
    ALL = "all", "All learners"
    ALLOWLISTED = "allowlisted", "Granted exceptions"
    ALLOWLISTED_NOT_GENERATED = "allowlisted_not_generated", "Granted exceptions not generated"
