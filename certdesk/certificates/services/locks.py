"""Serialising writers per course. Grants, invalidations and re-validations of one course
take the course row's lock first, so concurrent requests validate against what the
others committed (on SQLite the IMMEDIATE transaction already serialises writers)."""

from __future__ import annotations

from certdesk.courses.models import Course


def course_lock(course: Course) -> None:
    """Call inside transaction.atomic(); held until the transaction ends."""
    list(Course.objects.select_for_update().filter(pk=course.pk).values_list("pk"))
