"""`GET /api/v1/verify/{verify_uuid}` (SPEC §9), and a `verify_uuid` that survives an
invalidation and a re-validation made through the instructor API."""

from __future__ import annotations

import pytest

from certdesk.certificates.models import Certificate, CertificateInvalidation
from tests.factories import make_user
from tests.verify.conftest import COURSE_NAME, PRINTED_NAME, UNKNOWN_UUID, invalidate_row

INSTRUCTOR_BASE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates"


def verify(api, verify_uuid: str):
    return api.get(f"/api/v1/verify/{verify_uuid}")


@pytest.mark.django_db
def test_a_valid_certificate(api, certificate):
    response = verify(api, certificate.verify_uuid)
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "status": "downloadable",
        "course_key": "course-v1:OrgA+CS101+2026",
        "course_name": COURSE_NAME,
        "learner_name": PRINTED_NAME,
        "issued": "2026-03-14T09:30:00Z",
        "mode": "verified",
    }


@pytest.mark.django_db
def test_an_invalidated_certificate_names_nobody(api, certificate):
    invalidate_row(certificate, by=make_user("instructor_x"))
    response = verify(api, certificate.verify_uuid)
    assert response.status_code == 200
    assert response.json() == {
        "valid": False,
        "status": "unavailable",
        "course_key": "course-v1:OrgA+CS101+2026",
        "course_name": COURSE_NAME,
        "learner_name": None,
        "issued": "2026-03-14T09:30:00Z",
        "mode": "verified",
    }


@pytest.mark.django_db
def test_a_notpassing_certificate_is_not_valid(api, certificate):
    certificate.status = "notpassing"
    certificate.save(update_fields=["status"])
    body = verify(api, certificate.verify_uuid).json()
    assert (body["valid"], body["status"], body["learner_name"]) == (False, "notpassing", None)


@pytest.mark.django_db
@pytest.mark.parametrize("value", [UNKNOWN_UUID, "nope", "a" * 33, "0123.pdf"])
def test_unknown_is_a_json_404(api, certificate, value):
    response = verify(api, value)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"] == body["developer_message"]


@pytest.mark.django_db
def test_credentials_are_neither_needed_nor_read(api, certificate):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert verify(api, certificate.verify_uuid).status_code == 200


@pytest.mark.django_db
def test_verify_uuid_survives_invalidation_and_revalidation(
    as_user, api, client, instructor, certificate
):
    original = certificate.verify_uuid
    instructor_api = as_user(instructor)
    response = instructor_api.post(
        f"{INSTRUCTOR_BASE}/invalidations", {"learners": ["ada"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["success"] == ["ada"]
    assert CertificateInvalidation.objects.get().active is True
    assert Certificate.objects.get().verify_uuid == original
    assert client.get(f"/certificates/{original}").status_code == 410
    assert client.get(f"/certificates/{original}.pdf").status_code == 410
    gone = verify(api, original).json()
    assert (gone["valid"], gone["status"], gone["learner_name"]) == (False, "unavailable", None)

    response = instructor_api.delete(f"{INSTRUCTOR_BASE}/invalidations/ada")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "downloadable"
    assert CertificateInvalidation.objects.get().active is False
    assert Certificate.objects.get().verify_uuid == original
    assert client.get(f"/certificates/{original}").status_code == 200
    back = verify(api, original).json()
    assert (back["valid"], back["status"]) == (True, "downloadable")
    assert back["learner_name"] == "Ada Profile Name"  # refreshed by the re-evaluation
