"""Exceptions (SPEC §6.7, §7.1, §7.2): granting one learner with notes, inline refusals,
removing one after a confirmation."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, CertificateException
from tests.dashboard.conftest import field_block, grant, url
from tests.factories import enroll, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_exception_with_its_certificate_label(as_instructor, course, people):
    html = as_instructor.get(url("exceptions", course)).content.decode()
    assert "eve" in html and "Medical leave" in html and "Received" in html
    assert url("exception-remove", course, identifier="eve") in html


def test_grant_one_learner_with_notes(as_instructor, course, people):
    response = as_instructor.post(
        url("exception-add", course), {"learner": "fay@example.org", "notes": "Late grading"}
    )
    assert response.status_code == 302
    entry = CertificateException.objects.get(user=people.failing)
    assert entry.notes == "Late grading"
    assert Certificate.objects.get(user=people.failing).status == "downloadable"
    assert AuditEvent.objects.filter(action="exception_granted", source="ui").count() == 1
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Certificate exception granted to fay@example.org." in html


@pytest.mark.parametrize(
    ("learner", "phrase"),
    [
        ("ghost", "does not exist"),
        ("otto", "not enrolled"),
        ("eve", "already has a certificate exception"),
        ("ivan", "active certificate invalidation"),
    ],
)
def test_a_refused_grant_is_shown_next_to_the_field_and_writes_nothing(
    as_instructor, course, people, learner, phrase
):
    before = db_snapshot()
    response = as_instructor.post(url("exception-add", course), {"learner": learner})
    assert response.status_code == 400
    assert phrase in field_block(response.content.decode(), "learner")
    assert_nothing_written(before)


def test_an_empty_or_too_long_form_is_refused(as_instructor, course, people):
    before = db_snapshot()
    assert as_instructor.post(url("exception-add", course), {"learner": ""}).status_code == 400
    long_notes = {"learner": "fay", "notes": "x" * 1001}
    response = as_instructor.post(url("exception-add", course), long_notes)
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert_nothing_written(before)


def test_remove_asks_first_then_removes_and_re_evaluates(as_instructor, course, people):
    page = as_instructor.get(url("exception-remove", course, identifier="eve"))
    assert page.status_code == 200
    assert "Remove the certificate exception of eve?" in page.content.decode()
    assert CertificateException.objects.filter(user=people.excepted).exists()

    response = as_instructor.post(url("exception-remove", course, identifier="eve"))
    assert response.status_code == 302
    assert not CertificateException.objects.filter(user=people.excepted).exists()
    assert Certificate.objects.get(user=people.excepted).status == "notpassing"
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Certificate exception removed for eve" in html and "Not Received" in html


def test_removing_what_is_not_there_is_an_inline_404(as_instructor, course, people):
    before = db_snapshot()
    response = as_instructor.post(url("exception-remove", course, identifier="pat"))
    assert response.status_code == 404
    assert "No certificate exception found" in response.content.decode()
    assert_nothing_written(before)


def test_an_email_identifier_in_the_url(as_instructor, course, instructor):
    learner = make_user("mail", email="mail+tag@example.org")
    enroll(learner, course)
    grant(course, learner, instructor)
    path = url("exception-remove", course, identifier="mail+tag@example.org")
    assert as_instructor.post(path).status_code == 302
    assert not CertificateException.objects.filter(user=learner).exists()
