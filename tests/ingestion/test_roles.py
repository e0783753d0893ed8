"""PUT and DELETE /api/v1/courses/{course_key}/roles/{username} (SPEC §5)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from certdesk.courses.models import CourseRole
from tests.factories import make_user
from tests.ingestion.conftest import BASE, COURSE_KEY, snapshot

User = get_user_model()


def roles_of(username: str) -> set[str]:
    return set(CourseRole.objects.filter(user__username=username).values_list("role", flat=True))


@pytest.mark.django_db
def test_put_gives_an_existing_user_a_role(ingest_client, course):
    make_user("tina")
    response = ingest_client.put(f"{BASE}/roles/tina", {"role": "instructor"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "course_key": COURSE_KEY,
        "username": "tina",
        "role": "instructor",
        "roles": ["instructor"],
    }
    assert roles_of("tina") == {"instructor"}


@pytest.mark.django_db
def test_put_with_email_creates_the_user(ingest_client, course):
    response = ingest_client.put(
        f"{BASE}/roles/new.staff",
        {"role": "staff", "email": "new.staff@example.org"},
        format="json",
    )
    assert response.status_code == 200, response.content
    user = User.objects.get(username="new.staff")
    assert (user.email, user.has_usable_password()) == ("new.staff@example.org", False)
    assert roles_of("new.staff") == {"staff"}


@pytest.mark.django_db
def test_put_adds_roles_and_is_idempotent(ingest_client, course):
    make_user("tina", roles={course: "staff"})
    ingest_client.put(f"{BASE}/roles/tina", {"role": "data_researcher"}, format="json")
    before = snapshot()
    response = ingest_client.put(f"{BASE}/roles/tina", {"role": "data_researcher"}, format="json")
    assert response.status_code == 200
    assert response.json()["roles"] == ["data_researcher", "staff"]
    assert snapshot() == before


@pytest.mark.django_db
def test_put_unknown_user_without_email_is_404(ingest_client, course):
    before = snapshot()
    response = ingest_client.put(f"{BASE}/roles/ghost", {"role": "staff"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_user"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "body", "status", "code"),
    [
        ("tina", {"role": "admin"}, 400, "invalid_role"),
        ("ghost", {"role": "admin"}, 400, "invalid_role"),
        ("tina", {}, 400, "invalid_body"),
        ("tina", {"role": 1}, 400, "invalid_body"),
        ("ghost", {"role": "staff", "email": "nope"}, 400, "invalid_email"),
        ("ghost", {"role": "staff", "email": "tina@example.org"}, 400, "email_conflict"),
        ("bad name", {"role": "staff", "email": "x@example.org"}, 400, "invalid_username"),
    ],
)
def test_put_errors_write_nothing(ingest_client, course, username, body, status, code):
    make_user("tina")
    before = snapshot()
    response = ingest_client.put(f"{BASE}/roles/{username}", body, format="json")
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert snapshot() == before


@pytest.mark.django_db
def test_delete_one_role(ingest_client, course, other_course):
    tina = make_user("tina", roles={course: "staff"})
    CourseRole.objects.create(user=tina, course=course, role="instructor")
    CourseRole.objects.create(user=tina, course=other_course, role="staff")
    response = ingest_client.delete(f"{BASE}/roles/tina?role=staff")
    assert response.status_code == 204
    assert set(CourseRole.objects.values_list("course__key", "role")) == {
        (COURSE_KEY, "instructor"),
        (other_course.key, "staff"),
    }


@pytest.mark.django_db
def test_delete_without_role_removes_every_role_on_the_course(ingest_client, course, other_course):
    tina = make_user("tina", roles={course: "staff"})
    CourseRole.objects.create(user=tina, course=course, role="instructor")
    CourseRole.objects.create(user=tina, course=other_course, role="staff")
    response = ingest_client.delete(f"{BASE}/roles/tina")
    assert response.status_code == 204
    assert set(CourseRole.objects.values_list("course__key", "role")) == {
        (other_course.key, "staff")
    }
    before = snapshot()
    assert ingest_client.delete(f"{BASE}/roles/tina").status_code == 204
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("tina?role=owner", 400, "invalid_role"),
        ("tina?role=", 400, "invalid_role"),
        ("ghost", 404, "unknown_user"),
        ("ghost?role=staff", 404, "unknown_user"),
    ],
)
def test_delete_errors_write_nothing(ingest_client, course, path, status, code):
    make_user("tina", roles={course: "staff"})
    before = snapshot()
    response = ingest_client.delete(f"{BASE}/roles/{path}")
    assert response.status_code == status
    assert response.json()["code"] == code
    assert snapshot() == before
