"""Generation jobs (SPEC §6.4, §7.6): start one per course at a time, run it chunk by
chunk with progress saved in the chunk's own transaction, record how it ended.

Running is idempotent: a chunk is re-evaluated and its progress saved in one
transaction, and the job's cursor moves with it, so a task that is delivered again
(after a worker died) resumes after the last committed chunk, and a finished job is
left alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from certdesk.audit.models import Action
from certdesk.audit.services import AuditContext, AuditEntry, audit_record_many
from certdesk.certificates.choices import JobState, Status
from certdesk.certificates.job_labels import job_details, job_task_type
from certdesk.certificates.models import GenerationJob
from certdesk.certificates.selectors import certificates_available
from certdesk.certificates.services.eligibility import certificates_reevaluate_many
from certdesk.certificates.services.locks import course_lock
from certdesk.certificates.targets import (
    generation_target_chunks,
    generation_targets_count,
    job_statuses,
)
from certdesk.core.collector import collector_paused
from certdesk.core.errors import CertdeskError, CertificatesDisabled
from certdesk.courses.models import Course

Enqueue = Callable[[str], None]


class JobAlreadyRunning(CertdeskError):
    status = 409
    code = "job_already_running"
    default_message = "A certificate generation job is already queued or running for this course."

    def __init__(self) -> None:
        super().__init__(extra={"error": "requested task is already running"})


def _audit(job: GenerationJob, action: str, *, before=None, after=None) -> None:
    audit_record_many(
        context=AuditContext(actor=job.requester, source=f"job:{job.pk}"),
        entries=[AuditEntry(action=action, course=job.course, before=before, after=after)],
    )


def generation_job_start(
    *,
    course: Course,
    student_set: str,
    statuses: Sequence[str],
    requester: AbstractBaseUser,
    enqueue: Enqueue,
) -> GenerationJob:
    """Queue a job; `enqueue(job_id)` runs after commit. 409 while another is active
    (the partial unique index decides, not a read-then-write)."""
    statuses = job_statuses(student_set=student_set, statuses=statuses)
    try:
        with transaction.atomic():
            job = GenerationJob.objects.create(
                course=course,
                task_type=job_task_type(student_set=student_set, statuses=statuses),
                requester=requester,
                student_set=student_set,
                statuses=statuses,
                created=timezone.now(),
            )
            # The requester's act, in its own transaction: even a job that never reaches
            # a worker (the broker is down) names who queued it (SPEC §7.8).
            _audit(job, Action.JOB_STARTED, after={"details": job_details(job)})
    except IntegrityError as exc:
        raise JobAlreadyRunning() from exc
    transaction.on_commit(lambda: enqueue(str(job.pk)))
    return job


def _begin(job_id: UUID | str) -> GenerationJob | None:
    with transaction.atomic():
        job = (
            GenerationJob.objects.select_for_update()
            .select_related("course", "requester")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.state in (JobState.COMPLETED, JobState.FAILED):
            return None
        if job.state == JobState.QUEUED:
            job.state = JobState.RUNNING
            job.started = timezone.now()
            job.total = generation_targets_count(
                course=job.course, student_set=job.student_set, statuses=job.statuses
            )
            job.save(update_fields=["state", "started", "total", "updated"])
    return job


def _run_chunk(job: GenerationJob, chunk: list[int], context: AuditContext) -> bool:
    """Re-evaluate one chunk; False when certificates have been switched off for the
    course since the job began (SPEC §2: then nothing is generated), and the job stops."""
    with transaction.atomic():
        # Hold the job row for the chunk: should a message be delivered twice while the
        # first worker still runs (a visibility timeout shorter than the job), the second
        # waits here and then skips what the first committed.
        current = (
            GenerationJob.objects.select_for_update()
            .filter(pk=job.pk)
            .values_list("state", "cursor")
        )
        state, cursor = current.get()
        if state != JobState.RUNNING or cursor >= chunk[-1]:
            return True
        # Then the course row, as grants and switch changes take it: a switch-off waits
        # for this chunk to commit, and this chunk sees one committed before it.
        course_lock(job.course)
        if not certificates_available(course=job.course):
            return False
        statuses = certificates_reevaluate_many(
            course=job.course,
            user_ids=chunk,
            context=context,
            reason="regeneration" if job.statuses else "generation",
        )
        succeeded = sum(1 for status in statuses.values() if status == Status.DOWNLOADABLE)
        GenerationJob.objects.filter(pk=job.pk).update(
            attempted=F("attempted") + len(chunk),
            succeeded=F("succeeded") + succeeded,
            skipped=F("skipped") + len(chunk) - succeeded,
            cursor=chunk[-1],
            updated=timezone.now(),
        )
    return True


@collector_paused()
def generation_job_run(*, job_id: UUID | str) -> GenerationJob | None:
    """Run (or resume) the job to the end. Returns it, or None when there is nothing to
    do (unknown, or already finished)."""
    job = _begin(job_id)
    if job is None:
        return None
    context = AuditContext(actor=job.requester, source=f"job:{job.pk}")
    for chunk in generation_target_chunks(job=job, after=job.cursor):
        if not _run_chunk(job, chunk, context):
            return _finish(
                job_id,
                state=JobState.FAILED,
                error_code=CertificatesDisabled.code,
                error_message="Certificates were switched off for this course; "
                "the job stopped and generated nothing more.",
            )
    return _finish(job_id, state=JobState.COMPLETED)


def generation_job_fail(*, job_id: UUID | str, error: BaseException) -> GenerationJob | None:
    """Record that the job stopped on an unexpected error."""
    message = f"{type(error).__name__}: {error}"[:1000]
    return _finish(job_id, state=JobState.FAILED, error_message=message)


def _finish(
    job_id: UUID | str, *, state: str, error_code: str = "job_failed", error_message: str = ""
) -> GenerationJob | None:
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.COMPLETED, JobState.FAILED):
            return job
        job.state = state
        job.finished = timezone.now()
        job.error_code = error_code if state == JobState.FAILED else ""
        job.error_message = error_message
        job.message = (
            f"{job.succeeded} of {job.total} learners have a certificate; {job.skipped} skipped."
            if state == JobState.COMPLETED
            else "The job failed: " + error_message
        )
        job.save()
        counts = {"total": job.total, "succeeded": job.succeeded, "skipped": job.skipped}
        _audit(job, Action.JOB_FINISHED, after={"state": state, **counts})
    return job
