"""A grade change re-evaluates the learner in the same request (SPEC §5, §7.5, §7.6)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, CertificateException
from tests.factories import enroll, invalidated_certificate, make_user
from tests.ingestion.conftest import BASE


def send(client, *grades):
    items = [{"username": u, "percent": p, "passed": ok} for u, p, ok in grades]
    response = client.post(f"{BASE}/grades", {"grades": items}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def learners(course):
    people = {name: make_user(name) for name in ("ann", "bob", "aud")}
    enroll(people["ann"], course, mode="verified")
    enroll(people["bob"], course, mode="honor")
    enroll(people["aud"], course, mode="audit")
    return people


@pytest.mark.django_db
def test_a_passing_grade_generates_and_a_failing_one_demotes(
    ingest_client, ingester, course, learners
):
    send(ingest_client, ("ann", 0.85, True), ("bob", 0.2, False), ("aud", 0.99, True))
    certificate = Certificate.objects.get()
    assert (certificate.user.username, certificate.status, certificate.grade) == (
        "ann",
        "downloadable",
        "0.85",
    )
    event = AuditEvent.objects.get(action="certificate_status_changed")
    assert (event.reason, event.source, event.actor) == ("grade_change", "ingest", ingester)
    verify_uuid = certificate.verify_uuid

    send(ingest_client, ("ann", 0.3, False))
    certificate.refresh_from_db()
    assert (certificate.status, certificate.verify_uuid) == ("notpassing", verify_uuid)
    assert AuditEvent.objects.filter(action="certificate_status_changed").count() == 2


@pytest.mark.django_db
def test_an_exception_keeps_the_certificate_when_the_grade_fails(ingest_client, course, learners):
    CertificateException.objects.create(user=learners["bob"], course=course, created=course.created)
    send(ingest_client, ("bob", 0.1, False))
    assert Certificate.objects.get().status == "downloadable"


@pytest.mark.django_db
def test_an_invalidated_certificate_stays_invalidated(ingest_client, instructor, course, learners):
    certificate = invalidated_certificate(learners["ann"], course, by=instructor)
    send(ingest_client, ("ann", 1.0, True))
    certificate.refresh_from_db()
    assert certificate.status == "unavailable"
    assert not AuditEvent.objects.filter(action="certificate_status_changed").exists()


@pytest.mark.django_db
def test_grades_are_stored_but_nothing_is_generated_when_automatic_generation_is_off(
    ingest_client, course, learners, settings
):
    settings.CERTDESK_AUTO_GENERATION = False
    assert send(ingest_client, ("ann", 0.9, True))["created"] == 1
    assert not Certificate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("switch", ["platform", "course"])
def test_nothing_changes_while_certificates_are_unavailable(
    ingest_client, course, learners, settings, switch
):
    Certificate.objects.create(
        user=learners["bob"], course=course, status="downloadable", mode="honor",
        created=course.created,
    )  # fmt: skip
    if switch == "platform":
        settings.CERTDESK_CERTIFICATES_ENABLED = False
    else:
        course.certificates_enabled = False
        course.save()
    assert send(ingest_client, ("ann", 0.9, True), ("bob", 0.1, False))["created"] == 2
    assert list(Certificate.objects.values_list("user__username", "status")) == [
        ("bob", "downloadable")
    ]
