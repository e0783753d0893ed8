"""The header helpers the Open edX instructor front end calls (SPEC §12)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from certdesk.certificates.course_info import course_tabs
from certdesk.courses.access import CourseAccess

MASQUERADE_ANSWER: dict[str, Any] = {
    "success": True,
    "active": {
        "role": "staff",
        "user_name": None,
        "user_partition_id": None,
        "group_id": None,
        "group_name": None,
    },
    "available": [{"name": "Staff", "role": "staff"}],
}


def course_metadata_build(*, access: CourseAccess, user: AbstractBaseUser) -> dict[str, Any]:
    course = access.course
    return {
        "course_id": course.key,
        "title": course.display_name,
        "org": course.org,
        "number": course.course_number,
        "start": course.start,
        "end": course.end,
        "is_self_paced": course.self_paced,
        "username": user.get_username(),
        "is_staff": bool(user.is_staff),
        "original_user_is_staff": bool(user.is_staff),
        "is_masquerading": False,
        "tabs": course_tabs(course=course),
    }
