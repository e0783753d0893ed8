"""How a generation job is named and described (SPEC §3): task name, task type, details."""

from __future__ import annotations

from collections.abc import Sequence

from certdesk.certificates.choices import StudentSet, status_label
from certdesk.certificates.models import GenerationJob


def job_task_type(*, student_set: str, statuses: Sequence[str]) -> str:
    if student_set == StudentSet.ALL and statuses:
        return GenerationJob.TaskType.REGENERATE
    return GenerationJob.TaskType.GENERATE


def job_task_name(job: GenerationJob) -> str:
    """`Regenerated` when non-empty statuses were used, else `Generated`."""
    return "Regenerated" if job.task_type == GenerationJob.TaskType.REGENERATE else "Generated"


def job_details(job: GenerationJob) -> str:
    """`All Learners`, `Granted Exceptions`, or the labels of the regenerated statuses."""
    if job.student_set != StudentSet.ALL:
        return "Granted Exceptions"
    if job.statuses:
        return ", ".join(status_label(status) for status in job.statuses)
    return "All Learners"
