"""The course information answer of the instructor API (SPEC §6.1), built from the
course, its enrollments and the caller's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from certdesk.certificates.selectors import certificates_available
from certdesk.courses.access import CourseAccess
from certdesk.courses.choices import Role
from certdesk.courses.models import Course
from certdesk.courses.selectors import enrollment_counts, team_counts

CERTIFICATES_TAB_SORT_ORDER = 80


def _permissions(access: CourseAccess, user: AbstractBaseUser) -> dict[str, bool]:
    staff = bool(user.is_staff)
    roles = access.roles
    instructor = staff or Role.INSTRUCTOR in roles
    return {
        "admin": instructor,
        "instructor": instructor,
        "finance_admin": False,
        "sales_admin": False,
        "staff": instructor or Role.STAFF in roles,
        "forum_admin": False,
        "data_researcher": staff or Role.DATA_RESEARCHER in roles,
    }


def certificates_tab_url(course_key: str) -> str:
    return settings.CERTDESK_MFE_CERTIFICATES_PATH.format(course_key=course_key)


def course_tabs(*, course: Course) -> list[dict[str, Any]]:
    """The instructor tabs certdesk serves: Certificates, while certificate management
    is available (SPEC §6.1); the front end's course metadata shows the same."""
    if not certificates_available(course=course):
        return []
    return [
        {
            "tab_id": "certificates",
            "title": "Certificates",
            "url": certificates_tab_url(course.key),
            "sort_order": CERTIFICATES_TAB_SORT_ORDER,
        }
    ]


def course_info_build(*, access: CourseAccess, user: AbstractBaseUser) -> dict[str, Any]:
    course = access.course
    now = timezone.now()
    available = certificates_available(course=course)
    counts = enrollment_counts(course=course)
    return {
        "course_id": course.key,
        "username": user.get_username(),
        "display_name": course.display_name,
        "org": course.org,
        "course_number": course.course_number,
        "course_run": course.course_run,
        "enrollment_start": course.enrollment_start,
        "enrollment_end": course.enrollment_end,
        "start": course.start,
        "end": course.end,
        "pacing": "self" if course.self_paced else "instructor",
        "has_started": course.start is not None and course.start <= now,
        "has_ended": course.end is not None and course.end <= now,
        "total_enrollment": counts["total"],
        **team_counts(course=course),
        "enrollment_counts": counts,
        "num_sections": 0,
        "grade_cutoffs": None,
        "course_errors": [],
        "studio_url": None,
        "gradebook_url": None,
        "studio_grading_url": None,
        "admin_console_url": None,
        "permissions": _permissions(access, user),
        "tabs": course_tabs(course=course),
        "disable_buttons": False,
        "analytics_dashboard_message": None,
        "certificates_enabled": available,
    }
