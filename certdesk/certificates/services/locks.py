"""Serialising writers per course. Grants, invalidations, re-validations, self-requests
and generation chunks take the course row's lock first, so concurrent requests validate
against what the others committed (on SQLite the IMMEDIATE transaction already
serialises writers). A switch change takes the same lock, and the lock re-reads the
switches, so no write goes ahead on a course another request has just switched off."""

from __future__ import annotations

from certdesk.certificates.selectors import certificates_available
from certdesk.core.errors import CertificatesDisabled
from certdesk.courses.models import Course


def course_lock(course: Course) -> None:
    """Call inside transaction.atomic(); held until the transaction ends. Sets the
    course's switches to their committed values, in the same statement."""
    switches = Course.objects.select_for_update().filter(pk=course.pk)
    course.certificates_enabled, course.self_generation_enabled = switches.values_list(
        "certificates_enabled", "self_generation_enabled"
    ).get()


def course_lock_for_certificate_write(course: Course) -> None:
    """`course_lock`, then 409 `certificates_disabled` if management is no longer
    available (SPEC §2): raised before anything is written."""
    course_lock(course)
    if not certificates_available(course=course):
        raise CertificatesDisabled()
