"""Invalidations and re-validation through the HTTP API (SPEC §6.9, §7.3, §7.4)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from tests.factories import enroll, grade, make_learners, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

BASE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates"


def certify(user, course, status="downloadable", mode="verified"):
    return Certificate.objects.create(
        user=user, course=course, status=status, mode=mode, created=course.created
    )


@pytest.fixture
def people(course):
    passing = make_user("pat", email="pat@example.org")
    enroll(passing, course)
    grade(passing, course, percent=0.91, passed=True)
    failing = make_user("fay")
    enroll(failing, course)
    grade(failing, course, percent=0.3, passed=False)
    return {"pat": passing, "fay": failing}


def invalidate(client, learners, notes=None):
    body = {"learners": learners} | ({"notes": notes} if notes is not None else {})
    return client.post(f"{BASE}/invalidations", body, format="json")


@pytest.mark.django_db
def test_invalidate_sets_unavailable_and_audits(as_user, instructor, course, people):
    certificate = certify(people["pat"], course)
    response = invalidate(as_user(instructor), ["PAT@example.org"], notes="Plagiarism")
    assert response.status_code == 200, response.content
    assert response.json() == {"success": ["PAT@example.org"], "errors": [], "warnings": []}
    certificate.refresh_from_db()
    assert certificate.status == "unavailable"
    invalidation = CertificateInvalidation.objects.get()
    assert (invalidation.active, invalidation.notes, invalidation.invalidated_by) == (
        True,
        "Plagiarism",
        instructor,
    )
    event = AuditEvent.objects.get(action="certificate_invalidated")
    assert (event.before, event.after, event.notes) == (
        {"status": "downloadable"},
        {"status": "unavailable"},
        "Plagiarism",
    )


@pytest.mark.django_db
def test_identifiers_are_echoed_as_sent(as_user, instructor, course, people):
    certify(people["pat"], course)
    body = invalidate(as_user(instructor), [" PAT@example.org ", " nobody "]).json()
    assert body["success"] == [" PAT@example.org "]
    assert [(e["learner"], e["code"]) for e in body["errors"]] == [(" nobody ", "user_not_found")]
    assert CertificateInvalidation.objects.get().certificate.user == people["pat"]


@pytest.mark.django_db
def test_invalidate_checks_in_order(as_user, instructor, course, people):
    client = as_user(instructor)
    excepted = make_user("exa")
    enroll(excepted, course)
    CertificateException.objects.create(user=excepted, course=course, created=course.created)
    certify(excepted, course)
    certify(people["fay"], course, status="notpassing")
    certify(people["pat"], course)
    enroll(make_user("nocert"), course)
    invalidate(client, ["pat"])
    before = db_snapshot()
    errors = invalidate(client, ["ghost", "nocert", "exa", "pat", "fay"]).json()["errors"]
    assert [(e["learner"], e["code"]) for e in errors] == [
        ("ghost", "user_not_found"),
        ("nocert", "no_certificate"),
        ("exa", "allowlisted"),
        ("pat", "already_invalidated"),
        ("fay", "not_valid"),
    ]
    assert "already invalid" in errors[4]["message"]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_no_certificate_is_reported(as_user, instructor, course, people):
    client = as_user(instructor)
    before = db_snapshot()
    errors = invalidate(client, ["pat"]).json()["errors"]
    assert [(e["code"], "Certificate not found" in e["message"]) for e in errors] == [
        ("no_certificate", True)
    ]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_revalidate_re_evaluates_a_passing_learner(as_user, instructor, course, people):
    client = as_user(instructor)
    certificate = certify(people["pat"], course)
    verify_uuid = certificate.verify_uuid
    invalidate(client, ["pat"])
    response = client.delete(f"{BASE}/invalidations", {"username": "pat"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["task_id"]) == ("downloadable", None)
    assert body["message"]
    certificate.refresh_from_db()
    assert (certificate.status, certificate.verify_uuid) == ("downloadable", verify_uuid)
    assert certificate.grade == "0.91"
    assert not CertificateInvalidation.objects.filter(active=True).exists()
    assert AuditEvent.objects.filter(action="certificate_revalidated").count() == 1
    change = AuditEvent.objects.filter(action="certificate_status_changed").get()
    assert (change.reason, change.before["status"], change.after["status"]) == (
        "revalidation",
        "unavailable",
        "downloadable",
    )


@pytest.mark.django_db
def test_revalidate_reports_notpassing_for_a_failing_learner(as_user, instructor, course, people):
    client = as_user(instructor)
    certify(people["fay"], course)
    invalidate(client, ["fay"])
    response = client.delete(f"{BASE}/invalidations/fay")
    assert response.json()["status"] == "notpassing"
    assert Certificate.objects.get().status == "notpassing"


@pytest.mark.django_db
def test_invalidating_again_reuses_the_one_invalidation(as_user, instructor, course, people):
    client = as_user(instructor)
    certify(people["pat"], course)
    invalidate(client, ["pat"], notes="first")
    client.delete(f"{BASE}/invalidations/pat")
    assert invalidate(client, ["pat"], notes="second").json()["success"] == ["pat"]
    invalidation = CertificateInvalidation.objects.get()
    assert (invalidation.active, invalidation.notes) == (True, "second")


@pytest.mark.django_db
def test_revalidate_errors(as_user, instructor, course, people):
    client = as_user(instructor)
    certify(people["pat"], course)
    before = db_snapshot()
    not_invalidated = client.delete(f"{BASE}/invalidations/pat")
    assert not_invalidated.status_code == 404
    assert not_invalidated.json()["code"] == "not_invalidated"
    assert "No active invalidation found" in not_invalidated.json()["message"]
    no_cert = client.delete(f"{BASE}/invalidations", {"username": "fay"}, format="json")
    assert no_cert.status_code == 404
    assert no_cert.json()["code"] == "no_certificate"
    unknown = client.delete(f"{BASE}/invalidations/ghost@example.org")
    assert unknown.status_code == 400
    assert unknown.json()["username"] == ["User matching query does not exist."]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_invalidated_learner_is_never_regenerated(as_user, instructor, course, people):
    client = as_user(instructor)
    certify(people["pat"], course)
    invalidate(client, ["pat"])
    # a grant is refused, so the learner never lands on both lists
    assert (
        client.post(f"{BASE}/exceptions", {"learners": ["pat"]}, format="json").json()["errors"][0][
            "code"
        ]
        == "invalidated"
    )
    assert Certificate.objects.get().status == "unavailable"


@pytest.mark.django_db
def test_invalidation_list(as_user, staff_member, instructor, course, people):
    client = as_user(instructor)
    certify(people["pat"], course)
    invalidate(client, ["pat"], notes="why")
    body = as_user(staff_member).get(f"{BASE}/invalidations").json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "username": "pat",
            "email": "pat@example.org",
            "notes": "why",
            "invalidated_by": "instructor_a",
            "created": "2026-06-01T12:00:00Z",
            "active": True,
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1000])
def test_invalidate_query_count_does_not_depend_on_size(
    as_user, instructor, course, size, django_assert_num_queries
):
    users = make_learners(course, size)
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=course.created)
        for u in users
    )  # fmt: skip
    client = as_user(instructor)
    # token (2), roles, course, savepoint, lock, resolve, certificates, earlier
    # invalidations, insert invalidations, update certificates, audit, release
    with django_assert_num_queries(13):
        response = invalidate(client, [u.email for u in users])
    assert len(response.json()["success"]) == size
    assert CertificateInvalidation.objects.filter(active=True).count() == size


@pytest.mark.django_db
def test_writes_are_409_while_certificates_are_off(as_user, instructor, course, people, settings):
    client = as_user(instructor)
    certify(people["pat"], course)
    settings.CERTDESK_CERTIFICATES_ENABLED = False
    before = db_snapshot()
    for response in (
        invalidate(client, ["pat"]),
        client.delete(f"{BASE}/invalidations/pat"),
        client.delete(f"{BASE}/exceptions/pat"),
        client.post(f"{BASE}/exceptions", {"learners": ["pat"]}, format="json"),
    ):
        assert response.status_code == 409
        assert response.json()["code"] == "certificates_disabled"
    assert_nothing_written(before)
    assert client.get(f"{BASE}/invalidations").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 50])
def test_invalidation_list_query_count_does_not_depend_on_size(
    as_user, staff_member, instructor, course, size, django_assert_num_queries
):
    users = make_learners(course, size)
    certificates = Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="unavailable",
                    mode="verified", created=course.created)
        for u in users
    )  # fmt: skip
    CertificateInvalidation.objects.bulk_create(
        CertificateInvalidation(certificate=c, course=course, invalidated_by=instructor,
                                notes=f"n{i}", created=course.created)
        for i, c in enumerate(certificates)
    )  # fmt: skip
    client = as_user(staff_member)
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        response = client.get(f"{BASE}/invalidations?page_size=100")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], len(body["results"])) == (size, size)
    assert {r["invalidated_by"] for r in body["results"]} == {"instructor_a"}
    assert sorted(r["username"] for r in body["results"]) == [u.username for u in users]


@pytest.fixture
def excepted(course):
    user = make_user("exa")
    enroll(user, course)
    CertificateException.objects.create(user=user, course=course, created=course.created)
    return user


@pytest.mark.django_db
def test_no_certificate_is_checked_before_the_exception(as_user, instructor, course, excepted):
    # SPEC §7.3: user_not_found, no_certificate, allowlisted, ...
    client = as_user(instructor)
    before = db_snapshot()
    response = invalidate(client, ["exa"])
    assert response.status_code == 200
    assert [(e["learner"], e["code"]) for e in response.json()["errors"]] == [
        ("exa", "no_certificate")
    ]
    assert response.json()["success"] == []
    assert_nothing_written(before)


@pytest.mark.django_db
def test_the_exception_is_checked_before_the_status(as_user, instructor, course, excepted):
    # SPEC §7.3: allowlisted comes before not_valid
    certify(excepted, course, status="notpassing")
    client = as_user(instructor)
    before = db_snapshot()
    response = invalidate(client, ["exa"])
    assert response.status_code == 200
    assert [(e["learner"], e["code"]) for e in response.json()["errors"]] == [
        ("exa", "allowlisted")
    ]
    assert response.json()["success"] == []
    assert_nothing_written(before)
