"""Invalidations (SPEC §6.9, §7.3, §7.4): invalidate one learner, re-validate after a
confirmation that says the learner will be re-evaluated, then show the result."""

from __future__ import annotations

import pytest

from certdesk.certificates.models import Certificate, CertificateInvalidation
from certdesk.courses.models import Grade
from tests.dashboard.conftest import field_block, url
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


def test_the_list_shows_active_and_past_invalidations(as_instructor, course, people):
    html = as_instructor.get(url("invalidations", course)).content.decode()
    assert "ivan" in html and "Plagiarism" in html and "Active" in html
    assert url("revalidate", course, identifier="ivan") in html


def test_invalidate_one_learner_with_notes(as_instructor, course, people):
    response = as_instructor.post(
        url("invalidation-add", course), {"learner": "pat", "notes": "Copied work"}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(user=people.passing)
    assert certificate.status == "unavailable"
    assert certificate.invalidations.get(active=True).notes == "Copied work"
    html = as_instructor.get(response["Location"]).content.decode()
    assert "The certificate of pat is invalidated." in html


@pytest.mark.parametrize(
    ("learner", "phrase"),
    [
        ("ghost", "does not exist"),
        ("fay", "Certificate not found"),
        ("eve", "on the certificate exception list"),
        ("ivan", "already invalidated"),
    ],
)
def test_a_refused_invalidation_is_inline_and_writes_nothing(
    as_instructor, course, people, learner, phrase
):
    before = db_snapshot()
    response = as_instructor.post(url("invalidation-add", course), {"learner": learner})
    assert response.status_code == 400
    assert phrase in field_block(response.content.decode(), "learner")
    assert_nothing_written(before)


def test_revalidate_confirms_then_reports_the_resulting_status(as_instructor, course, people):
    page = as_instructor.get(url("revalidate", course, identifier="ivan"))
    assert "the learner will be re-evaluated" in page.content.decode()
    response = as_instructor.post(url("revalidate", course, identifier="ivan"))
    assert response.status_code == 302
    assert not CertificateInvalidation.objects.filter(active=True).exists()
    assert Certificate.objects.get(user=people.invalidated).status == "downloadable"
    html = as_instructor.get(response["Location"]).content.decode()
    assert "re-validated. The learner was re-evaluated; the certificate is now: Received." in html


def test_revalidate_a_learner_who_no_longer_passes(as_instructor, course, people):
    Grade.objects.filter(user=people.invalidated).update(percent=0.1, passed=False)
    response = as_instructor.post(url("revalidate", course, identifier="ivan"))
    html = as_instructor.get(response["Location"]).content.decode()
    assert "the certificate is now: Not Received." in html


def test_revalidate_without_an_invalidation_is_an_inline_404(as_instructor, course, people):
    before = db_snapshot()
    response = as_instructor.post(url("revalidate", course, identifier="pat"))
    assert response.status_code == 404
    assert "No active invalidation found" in response.content.decode()
    assert_nothing_written(before)
