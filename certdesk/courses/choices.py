"""Enrollment modes and course roles (SPEC §2, §5)."""

from django.db import models


class Mode(models.TextChoices):
    AUDIT = "audit", "Audit"
    HONOR = "honor", "Honor"
    VERIFIED = "verified", "Verified"
    PROFESSIONAL = "professional", "Professional"
    NO_ID_PROFESSIONAL = "no-id-professional", "Professional (no ID)"
    CREDIT = "credit", "Credit"
    MASTERS = "masters", "Master's"
    EXECUTIVE_EDUCATION = "executive-education", "Executive Education"


CERTIFICATE_ELIGIBLE_MODES = frozenset(Mode.values) - {Mode.AUDIT}


class Role(models.TextChoices):
    INSTRUCTOR = "instructor", "Instructor"
    STAFF = "staff", "Staff"
    DATA_RESEARCHER = "data_researcher", "Data researcher"
