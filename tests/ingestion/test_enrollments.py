"""POST /api/v1/courses/{course_key}/enrollments (SPEC §5)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from certdesk.courses.models import Enrollment
from tests.factories import enroll, make_user
from tests.ingestion.conftest import BASE, assert_one_item_refused, snapshot, writes_in

User = get_user_model()
URL = f"{BASE}/enrollments"


def post(ingest_client, items):
    return ingest_client.post(URL, {"enrollments": items}, format="json")


@pytest.mark.django_db
def test_creates_users_and_enrollments(ingest_client, course):
    response = post(
        ingest_client,
        [
            {"username": "ann", "email": "ann@example.org", "name": "Ann Lee", "mode": "verified"},
            {"username": "bob", "email": "bob@example.org", "mode": "audit", "is_active": False},
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    ann = User.objects.get(username="ann")
    assert (ann.email, ann.name, ann.has_usable_password()) == ("ann@example.org", "Ann Lee", False)
    rows = set(Enrollment.objects.values_list("user__username", "course", "mode", "is_active"))
    assert rows == {("ann", course.pk, "verified", True), ("bob", course.pk, "audit", False)}


@pytest.mark.django_db
def test_updates_users_and_enrollments_by_username(ingest_client, course):
    ann = make_user("ann", email="ann@example.org")
    ann.name = "Ann"
    ann.save()
    enroll(ann, course, mode="audit")
    bob = make_user("bob", email="bob@example.org")
    enroll(bob, course, mode="honor")
    carl = make_user("carl", email="carl@example.org")
    enroll(carl, course, mode="verified", is_active=False)
    response = post(
        ingest_client,
        [
            {"username": "ann", "email": "ANN@example.org", "mode": "verified"},
            {"username": "bob", "email": "bob@example.org", "name": "Bob B", "mode": "honor"},
            {"username": "carl", "email": "carl@example.org", "mode": "verified"},
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 0, "updated": 3, "unchanged": 0, "errors": []}
    ann.refresh_from_db()
    assert (ann.email, ann.name) == ("ANN@example.org", "Ann")  # name left out: kept
    assert User.objects.get(username="bob").name == "Bob B"
    modes = dict(Enrollment.objects.values_list("user__username", "mode"))
    assert modes == {"ann": "verified", "bob": "honor", "carl": "verified"}
    assert Enrollment.objects.get(user=carl).is_active is True  # is_active left out: true


@pytest.mark.django_db
def test_same_body_twice_changes_nothing(ingest_client, course, capture):
    items = [
        {
            "username": f"learner{i}",
            "email": f"l{i}@example.org",
            "name": f"L {i}",
            "mode": "verified",
            "is_active": i % 2 == 0,
        }
        for i in range(20)
    ]
    assert post(ingest_client, items).json()["created"] == 20
    before = snapshot()
    with capture() as ctx:
        response = post(ingest_client, items)
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 20, "errors": []}
    assert writes_in(ctx) == []
    assert snapshot() == before


@pytest.mark.django_db
def test_enrollment_in_another_course_is_separate(ingest_client, course, other_course):
    ann = make_user("ann", email="ann@example.org")
    enroll(ann, other_course, mode="audit")
    response = post(
        ingest_client, [{"username": "ann", "email": "ann@example.org", "mode": "honor"}]
    )
    assert response.json()["created"] == 1
    assert Enrollment.objects.get(course=other_course).mode == "audit"


LONG = "x" * 151
ERROR_CASES = [
    ({"email": "a@example.org", "mode": "honor"}, "missing_field", "username"),
    ({"username": "a", "mode": "honor"}, "missing_field", "email"),
    ({"username": "a", "email": "a@example.org"}, "missing_field", "mode"),
    ({"username": None, "email": "a@example.org", "mode": "honor"}, "missing_field", "username"),
    (
        {"username": "a b", "email": "a@example.org", "mode": "honor"},
        "invalid_username",
        "username",
    ),
    ({"username": LONG, "email": "a@example.org", "mode": "honor"}, "invalid_username", "username"),
    ({"username": "", "email": "a@example.org", "mode": "honor"}, "invalid_username", "username"),
    ({"username": "a", "email": "not-an-email", "mode": "honor"}, "invalid_email", "email"),
    ({"username": "a", "email": "a@example.org", "mode": "gold"}, "invalid_mode", "mode"),
    ({"username": 7, "email": "a@example.org", "mode": "honor"}, "invalid_field", "username"),
    ({"username": "a", "email": ["a@example.org"], "mode": "honor"}, "invalid_field", "email"),
    ({"username": "a", "email": "a@example.org", "mode": 1}, "invalid_field", "mode"),
    (
        {"username": "a", "email": "a@example.org", "mode": "honor", "name": 3},
        "invalid_field",
        "name",
    ),
    (
        {"username": "a", "email": "a@example.org", "mode": "honor", "name": "n" * 256},
        "invalid_field",
        "name",
    ),
    (
        {"username": "a", "email": "a@example.org", "mode": "honor", "is_active": "yes"},
        "invalid_field",
        "is_active",
    ),
    (
        {"username": "a", "email": "a@example.org", "mode": "honor", "is_active": 1},
        "invalid_field",
        "is_active",
    ),
    ("a@example.org", "invalid_field", "item"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("item", "code", "field"), ERROR_CASES)
def test_invalid_item_is_reported_and_writes_nothing(ingest_client, course, item, code, field):
    before = snapshot()
    assert_one_item_refused(post(ingest_client, [item]), code=code, field=field)
    assert snapshot() == before


@pytest.mark.django_db
def test_email_conflict_is_case_insensitive_and_writes_nothing(ingest_client, course):
    make_user("owner", email="Taken@Example.org")
    before = snapshot()
    response = post(
        ingest_client, [{"username": "thief", "email": "taken@example.ORG", "mode": "honor"}]
    )
    assert response.json()["errors"] == [
        {
            "index": 0,
            "code": "email_conflict",
            "message": "email: 'taken@example.ORG' belongs to another user ('owner').",
        }
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_valid_items_apply_around_invalid_ones(ingest_client, course):
    make_user("owner", email="taken@example.org")
    response = post(
        ingest_client,
        [
            {"username": "ann", "email": "ann@example.org", "mode": "honor"},
            {"username": "bad", "email": "taken@example.org", "mode": "honor"},
            {"username": "ann2", "email": "ANN@example.org", "mode": "honor"},
            {"username": "ann", "email": "ann@example.org", "mode": "verified"},
            {"username": "cy", "email": "cy@example.org", "mode": "nope"},
            {"username": "dee", "email": "dee@example.org", "mode": "audit"},
        ],
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 0, 0)
    assert [(e["index"], e["code"]) for e in body["errors"]] == [
        (1, "email_conflict"),
        (2, "email_conflict"),  # claimed by item 0 of the same batch
        (3, "invalid_field"),  # the username repeats item 0; the first one wins
        (4, "invalid_mode"),
    ]
    assert "index 0" in body["errors"][2]["message"]
    assert dict(Enrollment.objects.values_list("user__username", "mode")) == {
        "ann": "honor",
        "dee": "audit",
    }
    assert not User.objects.filter(username__in=["bad", "ann2", "cy"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"enrollments": "nope"}, {"enrollments": {"username": "a"}}, {"enrollments": None}],
)
def test_envelope_must_hold_a_list(ingest_client, course, body):
    before = snapshot()
    response = ingest_client.post(URL, body, format="json")
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "invalid_body"
    assert "enrollments" in answer["errors"]
    assert snapshot() == before


@pytest.mark.django_db
def test_more_than_10000_items_is_too_many_and_writes_nothing(ingest_client, course):
    items = [
        {"username": f"u{i}", "email": f"u{i}@example.org", "mode": "honor"} for i in range(10_001)
    ]
    before = snapshot()
    response = post(ingest_client, items)
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_items"
    assert snapshot() == before
