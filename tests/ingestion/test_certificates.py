"""POST /api/v1/courses/{course_key}/certificates: certificate import (SPEC §5)."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.choices import OPEN_EDX_STATUSES
from certdesk.certificates.models import Certificate
from tests.conftest import FROZEN_NOW
from tests.factories import enroll, make_user
from tests.ingestion.conftest import BASE, assert_one_item_refused, snapshot, writes_in

URL = f"{BASE}/certificates"
UUID_A = "0123456789abcdef0123456789abcdef"
UUID_B = "fedcba9876543210fedcba9876543210"


def post(ingest_client, items):
    return ingest_client.post(URL, {"certificates": items}, format="json")


def make_certificate(user, course, **fields) -> Certificate:
    values = {"status": "downloadable", "mode": "verified", "created": FROZEN_NOW}
    values.update(fields)
    return Certificate.objects.create(user=user, username=user.username, course=course, **values)


@pytest.mark.django_db
def test_imports_certificates_keeping_the_given_verify_uuid(ingest_client, ingester, course):
    ann = make_user("ann", first_name="Ann", last_name="Lee")
    enroll(ann, course, mode="verified")
    make_user("bob")
    response = post(
        ingest_client,
        [
            {
                "username": "ann",
                "status": "downloadable",
                "grade": "0.91",
                "verify_uuid": UUID_A,
                "created": "2024-03-01T10:00:00Z",
            },
            {
                "username": "bob",
                "status": "audit_passing",
                "mode": "audit",
                "grade": 0.5,
                "name": "Robert B",
            },
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    ann_cert = Certificate.objects.get(user=ann)
    assert (ann_cert.status, ann_cert.mode, ann_cert.grade, ann_cert.name) == (
        "downloadable",
        "verified",  # the enrollment's mode
        "0.91",
        "Ann Lee",
    )
    assert ann_cert.verify_uuid == UUID_A
    assert ann_cert.username == "ann"
    assert ann_cert.created == dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    bob_cert = Certificate.objects.get(user__username="bob")
    assert (bob_cert.status, bob_cert.mode, bob_cert.grade, bob_cert.name) == (
        "audit_passing",
        "audit",
        "0.5",
        "Robert B",
    )
    assert len(bob_cert.verify_uuid) == 32 and bob_cert.verify_uuid != UUID_A
    assert bob_cert.created == FROZEN_NOW
    events = AuditEvent.objects.order_by("learner__username")
    assert [(e.learner.username, e.before, e.after) for e in events] == [
        ("ann", None, {"status": "downloadable"}),
        ("bob", None, {"status": "audit_passing"}),
    ]
    assert {(e.action, e.source, e.actor, e.course) for e in events} == {
        ("certificate_imported", "ingest", ingester, course)
    }


@pytest.mark.django_db
def test_a_learner_without_enrollment_gets_the_honor_mode(ingest_client, course):
    make_user("ann")
    post(ingest_client, [{"username": "ann", "status": "downloadable"}])
    assert Certificate.objects.get().mode == "honor"


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(OPEN_EDX_STATUSES))
def test_every_open_edx_status_is_stored_as_given(ingest_client, course, status):
    make_user("ann")
    response = post(ingest_client, [{"username": "ann", "status": status}])
    assert response.json()["created"] == 1
    assert Certificate.objects.get().status == status


@pytest.mark.django_db
def test_updates_keep_the_verify_uuid_and_audit_the_status(ingest_client, ingester, course):
    ann = make_user("ann")
    cert = make_certificate(ann, course, verify_uuid=UUID_A, grade="0.7")
    response = post(
        ingest_client, [{"username": "ann", "status": "unverified", "verify_uuid": UUID_A}]
    )
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0, "errors": []}
    cert.refresh_from_db()
    assert (cert.status, cert.verify_uuid, cert.grade, cert.mode) == (
        "unverified",
        UUID_A,
        "0.7",
        "verified",
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after, event.learner) == (
        "certificate_imported",
        {"status": "downloadable"},
        {"status": "unverified"},
        ann,
    )


@pytest.mark.django_db
def test_same_body_twice_changes_nothing(ingest_client, course, capture):
    for name in ("ann", "bob"):
        make_user(name)
    items = [
        {
            "username": "ann",
            "status": "downloadable",
            "verify_uuid": UUID_A,
            "created": "2024-03-01T10:00:00Z",
            "grade": "0.9",
            "mode": "verified",
            "name": "A",
        },
        {"username": "bob", "status": "notpassing"},
    ]
    assert post(ingest_client, items).json()["created"] == 2
    before = snapshot()
    with capture() as ctx:
        response = post(ingest_client, items)
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 2, "errors": []}
    assert writes_in(ctx) == []
    assert snapshot() == before


@pytest.mark.django_db
def test_import_works_while_certificates_are_off(ingest_client, course):
    course.certificates_enabled = False
    course.save()
    make_user("ann")
    assert (
        post(ingest_client, [{"username": "ann", "status": "downloadable"}]).json()["created"] == 1
    )


ERROR_CASES = [
    ({"username": "ghost", "status": "downloadable"}, "unknown_user", "username"),
    ({"status": "downloadable"}, "missing_field", "username"),
    ({"username": "ann"}, "missing_field", "status"),
    ({"username": "ann", "status": "awarded"}, "invalid_status", "status"),
    ({"username": "ann", "status": 3}, "invalid_field", "status"),
    ({"username": "ann", "status": "downloadable", "mode": "gold"}, "invalid_mode", "mode"),
    (
        {"username": "ann", "status": "downloadable", "verify_uuid": UUID_A.upper()},
        "invalid_verify_uuid",
        "verify_uuid",
    ),
    (
        {"username": "ann", "status": "downloadable", "verify_uuid": "abc"},
        "invalid_verify_uuid",
        "verify_uuid",
    ),
    (
        {"username": "ann", "status": "downloadable", "verify_uuid": 12},
        "invalid_field",
        "verify_uuid",
    ),
    (
        {"username": "ann", "status": "downloadable", "verify_uuid": UUID_B},
        "verify_uuid_conflict",
        "verify_uuid",
    ),
    (
        {"username": "ann", "status": "downloadable", "created": "yesterday"},
        "invalid_field",
        "created",
    ),
    ({"username": "ann", "status": "downloadable", "grade": True}, "invalid_field", "grade"),
    ({"username": "ann", "status": "downloadable", "grade": "1" * 17}, "invalid_field", "grade"),
    ({"username": "ann", "status": "downloadable", "name": ["A"]}, "invalid_field", "name"),
    ({"username": "a/b", "status": "downloadable"}, "invalid_username", "username"),
    (None, "invalid_field", "item"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("item", "code", "field"), ERROR_CASES)
def test_invalid_item_is_reported_and_writes_nothing(
    ingest_client, course, other_course, item, code, field
):
    make_user("ann")
    make_certificate(make_user("holder"), other_course, verify_uuid=UUID_B)
    before = snapshot()
    assert_one_item_refused(post(ingest_client, [item]), code=code, field=field)
    assert snapshot() == before


@pytest.mark.django_db
def test_an_existing_verify_uuid_never_changes(ingest_client, course):
    cert = make_certificate(make_user("ann"), course, verify_uuid=UUID_A)
    before = snapshot()
    response = post(
        ingest_client, [{"username": "ann", "status": "notpassing", "verify_uuid": UUID_B}]
    )
    [error] = response.json()["errors"]
    assert error["code"] == "verify_uuid_conflict"
    assert UUID_A in error["message"]
    cert.refresh_from_db()
    assert (cert.status, cert.verify_uuid) == ("downloadable", UUID_A)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_verify_uuid_given_twice_in_one_batch_conflicts(ingest_client, course):
    make_user("ann")
    make_user("bob")
    response = post(
        ingest_client,
        [
            {"username": "ann", "status": "downloadable", "verify_uuid": UUID_A},
            {"username": "bob", "status": "downloadable", "verify_uuid": UUID_A},
            {"username": "ann", "status": "notpassing"},
        ],
    )
    body = response.json()
    assert body["created"] == 1
    assert [(e["index"], e["code"]) for e in body["errors"]] == [
        (1, "verify_uuid_conflict"),
        (2, "invalid_field"),
    ]
    assert list(Certificate.objects.values_list("user__username", "verify_uuid", "status")) == [
        ("ann", UUID_A, "downloadable")
    ]
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_envelope_must_hold_a_list(ingest_client, course):
    before = snapshot()
    response = ingest_client.post(URL, {"certificates": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
    assert "certificates" in response.json()["errors"]
    response = ingest_client.post(URL, {"certificates": [{}] * 10_001}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_items"
    assert snapshot() == before
