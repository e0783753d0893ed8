"""POST /api/v1/courses/{course_key}/grades (SPEC §5)."""

from __future__ import annotations

import pytest

from certdesk.audit.services import AuditContext
from certdesk.courses.models import Grade
from certdesk.courses.services.grades import grades_upsert_many
from tests.factories import grade, make_user
from tests.ingestion.conftest import BASE, assert_one_item_refused, snapshot, writes_in

URL = f"{BASE}/grades"


def post(ingest_client, items):
    return ingest_client.post(URL, {"grades": items}, format="json")


@pytest.mark.django_db
def test_creates_and_updates_grades(ingest_client, course):
    ann, bob, cy = (make_user(name) for name in ("ann", "bob", "cy"))
    grade(bob, course, percent=0.4, passed=False)
    grade(cy, course, percent=0.8, passed=True)
    response = post(
        ingest_client,
        [
            {"username": "ann", "percent": 1, "passed": True},
            {"username": "bob", "percent": 0.75, "passed": True},
            {"username": "cy", "percent": 0.8, "passed": True},
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 1, "errors": []}
    assert set(Grade.objects.values_list("user__username", "percent", "passed")) == {
        ("ann", 1.0, True),
        ("bob", 0.75, True),
        ("cy", 0.8, True),
    }


@pytest.mark.django_db
def test_service_names_the_learners_whose_grade_changed(course):
    ann, bob, cy = (make_user(name) for name in ("ann", "bob", "cy"))
    grade(bob, course, percent=0.4, passed=False)
    grade(cy, course, percent=0.8, passed=True)
    result = grades_upsert_many(
        course=course,
        context=AuditContext(actor=None, source="ingest"),
        items=[
            {"username": "ann", "percent": 0.5, "passed": False},
            {"username": "bob", "percent": 0.4, "passed": True},
            {"username": "cy", "percent": 0.8, "passed": True},
        ],
    )
    assert result.changed_user_ids == {ann.pk, bob.pk}


@pytest.mark.django_db
def test_same_body_twice_changes_nothing(ingest_client, course, capture):
    for i in range(5):
        make_user(f"l{i}")
    items = [{"username": f"l{i}", "percent": i / 10, "passed": i > 2} for i in range(5)]
    assert post(ingest_client, items).json()["created"] == 5
    before = snapshot()
    with capture() as ctx:
        response = post(ingest_client, items)
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 5, "errors": []}
    assert writes_in(ctx) == []
    assert snapshot() == before


ERROR_CASES = [
    ({"username": "ghost", "percent": 0.5, "passed": True}, "unknown_user", "username"),
    ({"percent": 0.5, "passed": True}, "missing_field", "username"),
    ({"username": "ann", "passed": True}, "missing_field", "percent"),
    ({"username": "ann", "percent": 0.5}, "missing_field", "passed"),
    ({"username": "ann", "percent": 1.01, "passed": True}, "invalid_percent", "percent"),
    ({"username": "ann", "percent": -0.1, "passed": False}, "invalid_percent", "percent"),
    ({"username": "ann", "percent": "0.5", "passed": True}, "invalid_field", "percent"),
    ({"username": "ann", "percent": True, "passed": True}, "invalid_field", "percent"),
    ({"username": "ann", "percent": 0.5, "passed": "true"}, "invalid_field", "passed"),
    ({"username": "ann", "percent": 0.5, "passed": 1}, "invalid_field", "passed"),
    ({"username": "a b", "percent": 0.5, "passed": True}, "invalid_username", "username"),
    ([1, 2], "invalid_field", "item"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("item", "code", "field"), ERROR_CASES)
def test_invalid_item_is_reported_and_writes_nothing(ingest_client, course, item, code, field):
    make_user("ann")
    before = snapshot()
    assert_one_item_refused(post(ingest_client, [item]), code=code, field=field)
    assert snapshot() == before


@pytest.mark.django_db
def test_valid_items_apply_around_invalid_ones(ingest_client, course):
    make_user("ann")
    make_user("bob")
    response = post(
        ingest_client,
        [
            {"username": "ghost", "percent": 0.5, "passed": True},
            {"username": "ann", "percent": 0.9, "passed": True},
            {"username": "ann", "percent": 0.1, "passed": False},
            {"username": "bob", "percent": 2, "passed": True},
        ],
    )
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 0, 0)
    assert [(e["index"], e["code"]) for e in body["errors"]] == [
        (0, "unknown_user"),
        (2, "invalid_field"),
        (3, "invalid_percent"),
    ]
    assert list(Grade.objects.values_list("user__username", "percent")) == [("ann", 0.9)]


@pytest.mark.django_db
def test_grades_are_stored_while_certificates_are_off(ingest_client, course):
    course.certificates_enabled = False
    course.save()
    make_user("ann")
    response = post(ingest_client, [{"username": "ann", "percent": 0.9, "passed": True}])
    assert response.json()["created"] == 1


@pytest.mark.django_db
def test_envelope_must_hold_a_list(ingest_client, course):
    before = snapshot()
    response = ingest_client.post(URL, {"grades": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
    assert "grades" in response.json()["errors"]
    response = ingest_client.post(URL, {"grades": [{}] * 10_001}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_items"
    assert snapshot() == before
