"""The public certificate page and its PDF (SPEC §9)."""

from __future__ import annotations

import html
import io

import pytest
from pypdf import PdfReader

from certdesk.verify.qr import qr_svg
from tests.factories import make_user
from tests.verify.conftest import (
    COURSE_NAME,
    ISSUED_TEXT,
    PRINTED_NAME,
    UNKNOWN_UUID,
    invalidate_row,
)


def page_url(certificate) -> str:
    return f"http://testserver/certificates/{certificate.verify_uuid}"


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_page_shows_the_certificate(client, certificate):
    response = client.get(f"/certificates/{certificate.verify_uuid}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    for text in (PRINTED_NAME, COURSE_NAME, "OrgA", "Verified", ISSUED_TEXT):
        assert html.escape(text) in page, text
    url = page_url(certificate)
    assert f'href="{url}"' in page
    assert f'href="{url}.pdf"' in page
    assert f'href="http://testserver/api/v1/verify/{certificate.verify_uuid}"' in page
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_page_has_an_inline_qr_code_of_its_own_url(client, certificate):
    page = client.get(f"/certificates/{certificate.verify_uuid}").content.decode()
    assert page.count("<svg") == 1
    assert qr_svg(page_url(certificate)) in page  # the very code of the page's URL
    assert f'aria-label="QR code of {page_url(certificate)}"' in page


@pytest.mark.django_db
def test_page_is_self_contained(client, certificate):
    page = client.get(f"/certificates/{certificate.verify_uuid}").content.decode()
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert "https://" not in page.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.django_db
def test_page_falls_back_to_the_learners_display_name(client, certificate):
    certificate.name = ""
    certificate.save(update_fields=["name"])
    page = client.get(f"/certificates/{certificate.verify_uuid}").content.decode()
    assert "Ada Profile Name" in page


@pytest.mark.django_db
def test_page_accepts_the_id_in_capitals(client, certificate):
    response = client.get(f"/certificates/{certificate.verify_uuid.upper()}")
    assert response.status_code == 200
    assert f'href="{page_url(certificate)}"' in response.content.decode()


@pytest.mark.django_db
def test_pdf_holds_the_same_texts(client, certificate):
    response = client.get(f"/certificates/{certificate.verify_uuid}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-{certificate.verify_uuid}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response)
    for expected in (PRINTED_NAME, COURSE_NAME, "OrgA", "Verified", ISSUED_TEXT):
        assert expected in text, expected
    assert page_url(certificate) in text


@pytest.mark.django_db
def test_pdf_links_its_qr_code_to_the_page(client, certificate):
    response = client.get(f"/certificates/{certificate.verify_uuid}.pdf")
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    links = [annotation.get_object() for annotation in page["/Annots"]]
    assert [link["/A"]["/URI"] for link in links] == [page_url(certificate)]


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_invalidated_certificate_is_gone_and_names_nobody(client, certificate, suffix):
    invalidate_row(certificate, by=make_user("instructor_x"))
    response = client.get(f"/certificates/{certificate.verify_uuid}{suffix}")
    assert response.status_code == 410
    body = response.content.decode()
    assert "no longer valid" in body
    for name in (PRINTED_NAME, "Ada Profile Name", "ada", "Ada"):
        assert name not in body, name
    assert "<svg" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", ".pdf"])
@pytest.mark.parametrize("status", ["notpassing", "unavailable", "error", "audit_passing"])
def test_a_certificate_that_is_not_downloadable_is_gone(client, certificate, status, suffix):
    certificate.status = status
    certificate.save(update_fields=["status"])
    response = client.get(f"/certificates/{certificate.verify_uuid}{suffix}")
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()
    assert PRINTED_NAME not in response.content.decode()


@pytest.mark.django_db
def test_an_active_invalidation_wins_over_a_downloadable_status(client, certificate):
    invalidate_row(certificate, by=make_user("instructor_x"))
    certificate.status = "downloadable"
    certificate.save(update_fields=["status"])
    assert client.get(f"/certificates/{certificate.verify_uuid}").status_code == 410


@pytest.mark.django_db
def test_an_inactive_invalidation_does_not_count(client, certificate):
    invalidation = invalidate_row(certificate, by=make_user("instructor_x"))
    invalidation.active = False
    invalidation.save(update_fields=["active"])
    certificate.status = "downloadable"
    certificate.save(update_fields=["status"])
    assert client.get(f"/certificates/{certificate.verify_uuid}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", ".pdf"])
@pytest.mark.parametrize("value", [UNKNOWN_UUID, "not-a-uuid", "0123", "g" * 32, "a" * 33])
def test_unknown_or_malformed_id_is_not_found(client, certificate, value, suffix):
    response = client.get(f"/certificates/{value}{suffix}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Certificate not found" in response.content.decode()


@pytest.mark.django_db
def test_page_only_answers_reads(client, certificate):
    assert client.post(f"/certificates/{certificate.verify_uuid}").status_code == 405
    assert client.head(f"/certificates/{certificate.verify_uuid}").status_code == 200
