"""Reads about certificates and the switches that govern them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from certdesk.accounts.identifiers import chunked
from certdesk.certificates.choices import ACTIVE_JOB_STATES
from certdesk.certificates.models import (
    Certificate,
    CertificateException,
    CertificateInvalidation,
    GenerationJob,
)
from certdesk.courses.models import Course


def certificates_available(*, course: Course) -> bool:
    """Certificate management is available: the platform switch and the course's switch."""
    return bool(settings.CERTDESK_CERTIFICATES_ENABLED and course.certificates_enabled)


def certificate_statuses(*, course: Course, user_ids: list[int]) -> dict[int, str | None]:
    """Each learner's certificate status (None: no certificate), one query per chunk."""
    statuses: dict[int, str | None] = dict.fromkeys(user_ids)
    for chunk in chunked(user_ids):
        rows = Certificate.objects.filter(course=course, user_id__in=chunk)
        statuses.update(rows.values_list("user_id", "status"))
    return statuses


def exceptions_for_course(*, course: Course) -> QuerySet[CertificateException]:
    """The course's exception list with each learner's certificate status, by username."""
    status = Certificate.objects.filter(course=course, user_id=OuterRef("user_id"))
    return (
        CertificateException.objects.filter(course=course)
        .select_related("user", "granted_by")
        .annotate(certificate_status=Subquery(status.values("status")[:1]))
        .order_by("user__username")
    )


def invalidations_for_course(*, course: Course) -> QuerySet[CertificateInvalidation]:
    """Every invalidation of the course, active or not, newest first."""
    return (
        CertificateInvalidation.objects.filter(course=course)
        .select_related("certificate__user", "invalidated_by")
        .order_by("-modified", "-id")
    )


def generation_history(*, course: Course) -> QuerySet[GenerationJob]:
    """Every generation job of the course, newest first."""
    return (
        GenerationJob.objects.filter(course=course)
        .select_related("requester")
        .order_by("-created", "-pk")
    )


def active_jobs(*, course: Course) -> list[GenerationJob]:
    """Queued and running jobs of the course."""
    jobs = GenerationJob.objects.filter(course=course, state__in=ACTIVE_JOB_STATES)
    return list(jobs.select_related("requester").order_by("created"))


def job_get(*, course: Course, task_id: str) -> GenerationJob | None:
    """The course's job with that id; None for an unknown id or one that is not a UUID."""
    try:
        pk = uuid.UUID(task_id)
    except ValueError:
        return None
    return GenerationJob.objects.filter(course=course, pk=pk).select_related("requester").first()
