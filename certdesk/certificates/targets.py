"""Which learners a generation job touches (SPEC §6.4), read in keyset-ordered chunks
of user ids: never one query per learner, never the whole course in memory."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import Exists, OuterRef, QuerySet

from certdesk.accounts.identifiers import CHUNK_SIZE
from certdesk.certificates.choices import Status, StudentSet
from certdesk.certificates.models import Certificate, CertificateException, GenerationJob
from certdesk.courses.models import Course, Enrollment


def job_statuses(*, student_set: str, statuses: Sequence[str]) -> list[str]:
    """The statuses a job keeps: without repeats, and none unless the learner set is
    `all` (SPEC §6.4: the exception sets ignore them)."""
    return list(dict.fromkeys(statuses)) if student_set == StudentSet.ALL else []


def _targets(course: Course, student_set: str, statuses: Sequence[str]) -> QuerySet:
    if student_set in (StudentSet.ALLOWLISTED, StudentSet.ALLOWLISTED_NOT_GENERATED):
        targets = CertificateException.objects.filter(course=course)
        if student_set == StudentSet.ALLOWLISTED_NOT_GENERATED:
            downloadable = Certificate.objects.filter(
                course=course, user_id=OuterRef("user_id"), status=Status.DOWNLOADABLE
            )
            targets = targets.filter(~Exists(downloadable))
        return targets.values_list("user_id", flat=True)
    if statuses:
        targets = Certificate.objects.filter(course=course, status__in=statuses)
        return targets.values_list("user_id", flat=True)
    certified = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
    targets = Enrollment.objects.filter(course=course, is_active=True).filter(~Exists(certified))
    return targets.values_list("user_id", flat=True)


def _user_ids(job: GenerationJob) -> QuerySet:
    return _targets(job.course, job.student_set, job.statuses)


def generation_targets_count(*, course: Course, student_set: str, statuses: Sequence[str]) -> int:
    """How many learners a job with this input touches: what a job counts when it
    begins, and what the dashboard states before one is started."""
    return _targets(course, student_set, job_statuses(student_set=student_set,
                                                       statuses=statuses)).count()  # fmt: skip


def generation_target_chunks(
    *, job: GenerationJob, after: int = 0, size: int = CHUNK_SIZE
) -> Iterator[list[int]]:
    """User ids above `after`, in ascending chunks. The set is read again for every
    chunk, so a learner handled by an earlier chunk is never read twice."""
    cursor = after
    while True:
        chunk = list(_user_ids(job).filter(user_id__gt=cursor).order_by("user_id")[:size])
        if not chunk:
            return
        yield chunk
        cursor = chunk[-1]
