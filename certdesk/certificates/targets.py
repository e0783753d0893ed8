"""Which learners a generation job touches (SPEC §6.4), read in keyset-ordered chunks
of user ids: never one query per learner, never the whole course in memory."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet

from certdesk.accounts.identifiers import CHUNK_SIZE
from certdesk.certificates.choices import Status, StudentSet
from certdesk.certificates.models import Certificate, CertificateException, GenerationJob
from certdesk.courses.models import Enrollment


def _user_ids(job: GenerationJob) -> QuerySet:
    course = job.course
    if job.student_set in (StudentSet.ALLOWLISTED, StudentSet.ALLOWLISTED_NOT_GENERATED):
        targets = CertificateException.objects.filter(course=course)
        if job.student_set == StudentSet.ALLOWLISTED_NOT_GENERATED:
            downloadable = Certificate.objects.filter(
                course=course, user_id=OuterRef("user_id"), status=Status.DOWNLOADABLE
            )
            targets = targets.filter(~Exists(downloadable))
        return targets.values_list("user_id", flat=True)
    if job.statuses:
        targets = Certificate.objects.filter(course=course, status__in=job.statuses)
        return targets.values_list("user_id", flat=True)
    certified = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
    targets = Enrollment.objects.filter(course=course, is_active=True).filter(~Exists(certified))
    return targets.values_list("user_id", flat=True)


def generation_targets_count(*, job: GenerationJob) -> int:
    return _user_ids(job).count()


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
