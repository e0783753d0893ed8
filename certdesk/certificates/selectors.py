"""Reads about certificates and the switches that govern them."""

from __future__ import annotations

from django.conf import settings

from certdesk.courses.models import Course


def certificates_available(*, course: Course) -> bool:
    """Certificate management is available: the platform switch and the course's switch."""
    return bool(settings.CERTDESK_CERTIFICATES_ENABLED and course.certificates_enabled)
