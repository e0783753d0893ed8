"""Courses as the ingestion API creates and updates them (SPEC §5).

`PUT` creates the course from its key (org, number and run come from the key as
edx-opaque-keys parses it) or updates it. A field left out keeps its value on update and
takes the model default on create, except `self_generation_enabled`, which on create
defaults to `self_paced` (SPEC §7.7). A change to one of the course's switches
(`certificates_enabled`, `self_generation_enabled`) goes through the switch services,
so it is audited like the same change made by an instructor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from opaque_keys.edx.keys import CourseKey

from certdesk.audit.services import AuditContext
from certdesk.certificates.services.switches import (
    course_certificates_set_enabled,
    course_self_generation_set,
)
from certdesk.core.transactions import atomic_retrying
from certdesk.courses.models import Course

COURSE_FIELDS = frozenset(
    {
        "display_name",
        "self_paced",
        "start",
        "end",
        "enrollment_start",
        "enrollment_end",
        "certificates_enabled",
        "self_generation_enabled",
    }
)
_SWITCHES = {
    "certificates_enabled": course_certificates_set_enabled,
    "self_generation_enabled": course_self_generation_set,
}


@dataclass(frozen=True)
class CourseUpsert:
    course: Course
    created: bool


def _course_create(*, key: CourseKey, fields: Mapping[str, Any]) -> Course:
    values = dict(fields)
    values.setdefault("self_generation_enabled", values.get("self_paced", False))
    return Course.objects.create(
        key=str(key),
        org=key.org,
        course_number=key.course,
        course_run=key.run,
        **values,
    )


def _course_update(*, course: Course, fields: Mapping[str, Any], context: AuditContext) -> Course:
    changed = [
        name
        for name, value in fields.items()
        if name not in _SWITCHES and getattr(course, name) != value
    ]
    if changed:
        for name in changed:
            setattr(course, name, fields[name])
        course.save(update_fields=[*changed, "modified"])
    for name, setter in _SWITCHES.items():
        if name in fields and getattr(course, name) != fields[name]:
            course = setter(course=course, enabled=fields[name], context=context)
    return course


def course_upsert(
    *, key: CourseKey, fields: Mapping[str, Any], context: AuditContext
) -> CourseUpsert:
    """Create or update the course with `key`; an unchanged course is not written."""
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise ValueError(f"not course fields: {sorted(unknown)}")

    def work() -> CourseUpsert:
        course = Course.objects.select_for_update().filter(key=str(key)).first()
        if course is None:
            return CourseUpsert(course=_course_create(key=key, fields=fields), created=True)
        return CourseUpsert(
            course=_course_update(course=course, fields=fields, context=context), created=False
        )

    # Two calls creating the same new course: the second one retries and updates it.
    return atomic_retrying(work)
