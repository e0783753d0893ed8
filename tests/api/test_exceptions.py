"""Certificate exceptions through the HTTP API (SPEC §6.7, §7.1, §7.2, §7.5)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, CertificateException
from tests.factories import enroll, grade, invalidated_certificate, make_learners, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

BASE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates"


@pytest.fixture
def learners(course):
    people = {
        "ann": make_user("ann", email="Ann@Example.org"),
        "bob": make_user("bob"),
        "cat": make_user("cat"),  # inactive enrollment
        "dan": make_user("dan"),  # not enrolled
        "eve": make_user("eve"),  # audit mode
    }
    enroll(people["ann"], course, mode="verified")
    enroll(people["bob"], course, mode="honor")
    enroll(people["cat"], course, mode="verified", is_active=False)
    enroll(people["eve"], course, mode="audit")
    return people


def grant(client, learners, notes=None):
    body = {"learners": learners} | ({"notes": notes} if notes is not None else {})
    return client.post(f"{BASE}/exceptions", body, format="json")


@pytest.mark.django_db
def test_grant_creates_entries_audits_and_generates(as_user, instructor, course, learners):
    response = grant(as_user(instructor), ["ann@example.ORG", "bob"], notes="Medical leave")
    assert response.status_code == 200, response.content
    assert response.json() == {"success": ["ann@example.ORG", "bob"], "errors": [], "warnings": []}
    entries = CertificateException.objects.order_by("user__username")
    assert [(e.user.username, e.notes, e.granted_by) for e in entries] == [
        ("ann", "Medical leave", instructor),
        ("bob", "Medical leave", instructor),
    ]
    granted = AuditEvent.objects.filter(action="exception_granted")
    assert sorted(e.learner.username for e in granted) == ["ann", "bob"]
    assert {e.source for e in granted} == {"api"}
    # automatic generation: an exception is enough for an eligible mode
    certificates = {c.user.username: c for c in Certificate.objects.all()}
    assert {name: c.status for name, c in certificates.items()} == {
        "ann": "downloadable",
        "bob": "downloadable",
    }
    assert len(certificates["ann"].verify_uuid) == 32
    changed = AuditEvent.objects.filter(action="certificate_status_changed")
    assert changed.count() == 2
    assert {e.after["status"] for e in changed} == {"downloadable"}


@pytest.mark.django_db
def test_notes_default_to_empty(as_user, instructor, course, learners):
    assert grant(as_user(instructor), ["ann"]).status_code == 200
    assert CertificateException.objects.get().notes == ""


@pytest.mark.django_db
def test_grant_with_automatic_generation_off_creates_no_certificate(
    as_user, instructor, course, learners, settings
):
    settings.CERTDESK_AUTO_GENERATION = False
    assert grant(as_user(instructor), ["ann"]).json()["success"] == ["ann"]
    assert CertificateException.objects.count() == 1
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_audit_mode_exception_creates_no_certificate(as_user, instructor, course, learners):
    assert grant(as_user(instructor), ["eve"]).json()["success"] == ["eve"]
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_grant_errors_in_check_order(as_user, instructor, course, learners):
    client = as_user(instructor)
    grant(client, ["ann"])
    before = db_snapshot()
    response = grant(client, ["nobody", "nobody@example.org", "cat", "dan", "ann"])
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [(e["learner"], e["code"]) for e in errors] == [
        ("nobody", "user_not_found"),
        ("nobody@example.org", "user_not_found"),
        ("cat", "not_enrolled"),
        ("dan", "not_enrolled"),
        ("ann", "already_allowlisted"),
    ]
    assert "does not exist" in errors[0]["message"]
    assert "not enrolled" in errors[2]["message"]
    assert "already has a certificate exception" in errors[4]["message"]
    assert response.json()["success"] == []
    assert_nothing_written(before)


@pytest.mark.django_db
def test_invalidated_learner_cannot_be_granted(as_user, instructor, course, learners):
    client = as_user(instructor)
    grade(learners["bob"], course)
    Certificate.objects.create(
        user=learners["bob"], course=course, status="downloadable", mode="honor",
        created=course.created,
    )  # fmt: skip
    assert client.post(f"{BASE}/invalidations", {"learners": ["bob"]}, format="json").json()[
        "success"
    ] == ["bob"]
    before = db_snapshot()
    errors = grant(client, ["bob"]).json()["errors"]
    assert [(e["code"], "active certificate invalidation" in e["message"]) for e in errors] == [
        ("invalidated", True)
    ]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_the_same_learner_twice_is_granted_once_with_a_warning(
    as_user, instructor, course, learners
):
    body = grant(as_user(instructor), ["ann", "ANN@example.org", "bob"]).json()
    assert body["success"] == ["ANN@example.org", "bob"]
    assert [(w["learner"], w["code"]) for w in body["warnings"]] == [("ann", "duplicate")]
    assert CertificateException.objects.count() == 2
    assert AuditEvent.objects.filter(action="exception_granted").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"learners": []},
        {"learners": "ann"},
        {"learners": [""]},
        {"learners": ["  \t"]},
        {"learners": [7]},
        {"learners": ["x" * 256]},
        {"learners": ["ann"] * 1001},
        {"learners": ["ann"], "notes": "n" * 1001},
        {"learners": ["ann"], "notes": 5},
    ],
)
def test_invalid_bodies_are_400_and_write_nothing(as_user, instructor, course, learners, body):
    client = as_user(instructor)
    before = db_snapshot()
    response = client.post(f"{BASE}/exceptions", body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid_body"
    assert set(payload["errors"]) <= {"learners", "notes"}
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("learners", "messages"),
    [
        (["ann", 7], ["Item 2: Must be a string."]),
        (["ann", "  "], ["Item 2: This field may not be blank."]),
        ([""], ["Item 1: This field may not be blank."]),
    ],
)
def test_an_item_error_is_a_readable_string_naming_the_item(
    as_user, instructor, course, learners, messages
):
    response = grant(as_user(instructor), learners)
    assert response.status_code == 400
    body = response.json()
    assert body["learners"] == body["errors"]["learners"] == messages


@pytest.mark.django_db
def test_identifiers_are_looked_up_trimmed_and_echoed_as_sent(
    as_user, instructor, course, learners
):
    body = grant(as_user(instructor), [" ann ", "bob\t", "  ghost "]).json()
    assert body["success"] == [" ann ", "bob\t"]
    assert [(e["learner"], e["code"]) for e in body["errors"]] == [("  ghost ", "user_not_found")]
    granted = set(CertificateException.objects.values_list("username", flat=True))
    assert granted == {"ann", "bob"}


@pytest.mark.django_db
def test_grant_is_409_while_certificates_are_off(as_user, instructor, course, learners):
    course.certificates_enabled = False
    course.save()
    client = as_user(instructor)
    before = db_snapshot()
    response = grant(client, ["ann"])
    assert response.status_code == 409
    assert response.json()["code"] == "certificates_disabled"
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1000])
def test_grant_query_count_does_not_depend_on_size(
    as_user, instructor, course, size, django_assert_num_queries
):
    users = make_learners(course, size)
    client = as_user(instructor)
    # token (2), roles, course, savepoint, lock, resolve, the learners' standing,
    # insert entries, audit; re-evaluation from that standing: insert, audit; release
    with django_assert_num_queries(13):
        response = grant(client, [u.username for u in users])
    assert len(response.json()["success"]) == size
    assert Certificate.objects.filter(status="downloadable").count() == size


@pytest.mark.django_db
def test_remove_demotes_a_learner_who_does_not_qualify_alone(as_user, instructor, course, learners):
    client = as_user(instructor)
    grant(client, ["ann"])
    certificate = Certificate.objects.get()
    response = client.delete(f"{BASE}/exceptions", {"username": "ann@example.org"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "notpassing"
    assert "message" in response.json()
    assert not CertificateException.objects.exists()
    certificate.refresh_from_db()
    assert certificate.status == "notpassing"
    removed = AuditEvent.objects.get(action="exception_removed")
    assert removed.before["notes"] == ""
    demoted = AuditEvent.objects.filter(action="certificate_status_changed").latest("id")
    assert (demoted.reason, demoted.after["status"]) == ("allowlist_removal", "notpassing")
    verify_uuid = certificate.verify_uuid
    grant(client, ["ann"])
    certificate.refresh_from_db()
    assert (certificate.status, certificate.verify_uuid) == ("downloadable", verify_uuid)


@pytest.mark.django_db
def test_remove_with_automatic_generation_off_creates_nothing_but_still_demotes(
    as_user, instructor, course, learners, settings
):
    """`CERTDESK_AUTO_GENERATION` off: removing an exception never creates a certificate
    (bob passes, but has none), while a certificate that no longer qualifies is demoted."""
    client = as_user(instructor)
    grant(client, ["ann"])  # generated while automatic generation was on
    settings.CERTDESK_AUTO_GENERATION = False
    grade(learners["bob"], course, percent=0.8, passed=True)
    grant(client, ["bob"])
    assert not Certificate.objects.filter(user=learners["bob"]).exists()

    bob = client.delete(f"{BASE}/exceptions/bob")
    assert (bob.status_code, bob.json()["status"]) == (200, None)
    assert not Certificate.objects.filter(user=learners["bob"]).exists()
    ann = client.delete(f"{BASE}/exceptions/ann")
    assert ann.json()["status"] == "notpassing"
    assert Certificate.objects.get(user=learners["ann"]).status == "notpassing"


@pytest.mark.django_db
def test_remove_keeps_the_certificate_of_a_passing_learner(as_user, instructor, course, learners):
    client = as_user(instructor)
    grade(learners["bob"], course, percent=0.8, passed=True)
    grant(client, ["bob"])
    response = client.delete(f"{BASE}/exceptions/bob")
    assert response.json()["status"] == "downloadable"
    assert Certificate.objects.get().status == "downloadable"


@pytest.mark.django_db
def test_remove_errors(as_user, instructor, course, learners):
    client = as_user(instructor)
    before = db_snapshot()
    missing = client.delete(f"{BASE}/exceptions", {"username": "ann"}, format="json")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_allowlisted"
    assert "No certificate exception found" in missing.json()["message"]
    unknown = client.delete(f"{BASE}/exceptions/ghost")
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "user_not_found"
    assert unknown.json()["username"] == ["User matching query does not exist."]
    no_body = client.delete(f"{BASE}/exceptions", {}, format="json")
    assert no_body.status_code == 400
    assert no_body.json()["username"] == ["This field is required."]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_a_learner_named_bulk_is_removed_by_path(as_user, instructor, course):
    """`exceptions/bulk` is also the detail path of a learner whose username is "bulk"."""
    client = as_user(instructor)
    before = db_snapshot()
    unknown = client.delete(f"{BASE}/exceptions/bulk")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "user_not_found")
    assert_nothing_written(before)
    learner = make_user("bulk")
    enroll(learner, course, mode="verified")
    before = db_snapshot()
    missing = client.delete(f"{BASE}/exceptions/bulk")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_allowlisted")
    assert_nothing_written(before)
    assert grant(client, ["bulk"]).json()["success"] == ["bulk"]
    response = client.delete(f"{BASE}/exceptions/bulk")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "notpassing"
    assert not CertificateException.objects.filter(user=learner).exists()
    removal = AuditEvent.objects.get(learner=learner, action="exception_removed")
    assert removal.actor == instructor


@pytest.mark.django_db
def test_exception_list(
    as_user, staff_member, instructor, course, learners, django_assert_num_queries
):
    grant(as_user(instructor), ["bob", "ann"], notes="n")
    client = as_user(staff_member)
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        body = client.get(f"{BASE}/exceptions").json()
    assert body["count"] == 2
    assert [r["username"] for r in body["results"]] == ["ann", "bob"]
    assert body["results"][0] == {
        "username": "ann",
        "email": "Ann@example.org",
        "notes": "n",
        "created": "2026-06-01T12:00:00Z",
        "granted_by": "instructor_a",
        "certificate_status": "downloadable",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 50])
def test_exception_list_query_count_does_not_depend_on_size(
    as_user, staff_member, instructor, course, size, django_assert_num_queries
):
    users = make_learners(course, size)
    CertificateException.objects.bulk_create(
        CertificateException(user=u, course=course, notes=f"n{i}", granted_by=instructor,
                             created=course.created)
        for i, u in enumerate(users)
    )  # fmt: skip
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=course.created)
        for u in users[::2]
    )  # fmt: skip
    client = as_user(staff_member)
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        response = client.get(f"{BASE}/exceptions?page_size=100")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], len(body["results"])) == (size, size)
    assert [r["username"] for r in body["results"]] == [u.username for u in users]
    assert {r["granted_by"] for r in body["results"]} == {"instructor_a"}
    statuses = [r["certificate_status"] for r in body["results"]]
    assert statuses == ["downloadable" if i % 2 == 0 else None for i in range(size)]


@pytest.mark.django_db
def test_an_inactive_enrollment_wins_over_an_existing_exception(
    as_user, instructor, course, learners
):
    # SPEC §7.1: checks in order, first failure wins: not_enrolled before already_allowlisted
    CertificateException.objects.create(user=learners["cat"], course=course, created=course.created)
    client = as_user(instructor)
    before = db_snapshot()
    response = grant(client, ["cat"])
    assert response.status_code == 200
    assert [(e["learner"], e["code"]) for e in response.json()["errors"]] == [
        ("cat", "not_enrolled")
    ]
    assert response.json()["success"] == []
    assert_nothing_written(before)


@pytest.mark.django_db
def test_an_inactive_enrollment_wins_over_an_active_invalidation(
    as_user, instructor, course, learners
):
    # SPEC §7.1: not_enrolled before invalidated
    invalidated_certificate(learners["cat"], course, by=instructor)
    client = as_user(instructor)
    before = db_snapshot()
    response = grant(client, ["cat"])
    assert response.status_code == 200
    assert [(e["learner"], e["code"]) for e in response.json()["errors"]] == [
        ("cat", "not_enrolled")
    ]
    assert response.json()["success"] == []
    assert_nothing_written(before)
