"""A fixed set of learners, one per situation of SPEC §7.1, and an upload helper."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from tests.factories import enroll, make_user

KEY = "course-v1:OrgA+CS101+2026"
URL = f"/api/instructor/v2/courses/{KEY}/certificates/exceptions/bulk"


@pytest.fixture
def learners(course, instructor) -> dict:
    """ann (email Ann@Example.org), bob, gus (audit mode) and josé can be granted; cat
    has an inactive enrollment, dan none; eve already has an exception ("earlier"); fay
    has an active invalidation."""
    people = {
        name: make_user(name, email=email)
        for name, email in [
            ("ann", "Ann@Example.org"),
            ("bob", None),
            ("cat", None),
            ("dan", None),
            ("eve", None),
            ("fay", None),
            ("gus", None),
            ("josé", "jose@example.org"),
        ]
    }
    for name in ("ann", "eve", "fay", "josé"):
        enroll(people[name], course, mode="verified")
    enroll(people["bob"], course, mode="honor")
    enroll(people["cat"], course, mode="verified", is_active=False)
    enroll(people["gus"], course, mode="audit")
    now = timezone.now()
    CertificateException.objects.create(
        course=course, user=people["eve"], notes="earlier", granted_by=instructor, created=now
    )
    certificate = Certificate.objects.create(
        course=course, user=people["fay"], status="downloadable", mode="verified", created=now
    )
    CertificateInvalidation.objects.create(
        certificate=certificate, course=course, invalidated_by=instructor, created=now
    )
    return people


def upload(client, content: bytes, name: str = "exceptions.csv", query: str = ""):
    """POST one file in the `file` field, as a browser form would."""
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(f"{URL}{query}", {"file": file}, format="multipart")


def exceptions_by_username(course) -> dict[str, str]:
    rows = CertificateException.objects.filter(course=course).values_list("user__username", "notes")
    return dict(rows)
