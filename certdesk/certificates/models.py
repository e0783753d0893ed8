"""Certificates, exceptions (allowlist), invalidations and generation jobs."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from certdesk.certificates.choices import ACTIVE_JOB_STATES, JobState, StudentSet
from certdesk.courses.choices import Mode
from certdesk.courses.models import Course


def new_verify_uuid() -> str:
    """32 hex characters from the operating system's CSPRNG."""
    return secrets.token_hex(16)


def new_verify_uuids() -> Iterator[str]:
    """An endless supply of `new_verify_uuid` values, drawn from the CSPRNG 512 at a
    time: one system call per block instead of one per certificate."""
    while True:
        block = secrets.token_hex(16 * 512)
        yield from (block[start : start + 32] for start in range(0, len(block), 32))


class Certificate(models.Model):
    """At most one per learner and course. `verify_uuid` never changes once assigned.
    `username` repeats the learner's (immutable) username so that the issued list can
    be filtered and ordered from one index (docs/decisions/0005-issued-list-index.md)."""

    # The (course, user) unique index serves both foreign keys; no index of their own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        db_index=False,
    )
    username = models.CharField(max_length=150)
    # No database constraint on the course (docs/decisions/0010): writers are given the
    # course as a row they read, nothing deletes courses, and PROTECT keeps it in Django.
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="certificates",
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField(max_length=32)
    mode = models.CharField(max_length=32, choices=Mode.choices)
    grade = models.CharField(max_length=16, blank=True, default="")
    name = models.CharField(max_length=255, blank=True, default="")
    # Unique through Meta.constraints: a unique field would also get, on PostgreSQL, a
    # second index for LIKE queries that nothing runs, and every insert would pay for it.
    verify_uuid = models.CharField(max_length=32, default=new_verify_uuid)
    created = models.DateTimeField()
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="certificate_unique"),
            models.UniqueConstraint(fields=["verify_uuid"], name="certificate_verify_uuid_unique"),
            # 32 characters; that they are lowercase hex is checked where a value comes in
            # (the import), as a regex check would run Python per row on SQLite.
            models.CheckConstraint(
                condition=Exact(Length("verify_uuid"), 32), name="certificate_verify_uuid_32"
            ),
        ]
        # The issued list's filters read (course, status) in username order; the "all"
        # list is a union, sorted after it is formed, so it needs no index of its own.
        indexes = [models.Index(fields=["course", "status", "username"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.username and self.user_id:
            self.username = self.user.username
        super().save(*args, **kwargs)


class CertificateException(models.Model):
    """An allowlist entry: the learner gets a certificate without a passing grade."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificate_exceptions",
        db_index=False,
    )
    username = models.CharField(max_length=150)  # as on Certificate
    # As on Certificate: no database constraint on the course, nor on the granting user
    # (an actor, like the audit trail's); PROTECT still applies (docs/decisions/0010).
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="certificate_exceptions",
        db_index=False,
        db_constraint=False,
    )
    notes = models.TextField(blank=True, default="")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="certificate_exception_unique"),
        ]
        indexes = [models.Index(fields=["course", "username"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.username and self.user_id:
            self.username = self.user.username
        super().save(*args, **kwargs)


class CertificateInvalidation(models.Model):
    """An instructor's revocation of a certificate. At most one active per certificate;
    re-validation makes it inactive and the row stays as history."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="invalidations"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="invalidations")
    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True, default="")
    active = models.BooleanField(default=True)
    created = models.DateTimeField()
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=models.Q(active=True),
                name="one_active_invalidation_per_certificate",
            ),
        ]
        indexes = [models.Index(fields=["course", "active"])]


class GenerationJob(models.Model):
    """A background (re)generation over many learners. One queued or running per course,
    enforced by the database."""

    class TaskType(models.TextChoices):
        GENERATE = "generate_certificates", "Generated"
        REGENERATE = "regenerate_certificates", "Regenerated"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="generation_jobs")
    task_type = models.CharField(max_length=32, choices=TaskType.choices)
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    student_set = models.CharField(
        max_length=32, choices=StudentSet.choices, default=StudentSet.ALL
    )
    statuses = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    attempted = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # The last learner id whose chunk is committed: a re-delivered task resumes after it.
    cursor = models.BigIntegerField(default=0)
    message = models.TextField(blank=True, default="")
    error_code = models.CharField(max_length=64, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    created = models.DateTimeField()
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(state__in=ACTIVE_JOB_STATES),
                name="one_active_generation_job_per_course",
            ),
        ]
        indexes = [models.Index(fields=["course", "-created"])]
