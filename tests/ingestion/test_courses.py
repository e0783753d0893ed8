"""PUT and GET /api/v1/courses/{course_key} (SPEC §5)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.courses.models import Course
from tests.conftest import FROZEN_NOW
from tests.ingestion.conftest import snapshot

NEW = "/api/v1/courses/course-v1:NewOrg+NEW1+2026_T1"


@pytest.mark.django_db
def test_put_creates_the_course_from_its_key(ingest_client):
    response = ingest_client.put(
        NEW,
        {
            "display_name": "New course",
            "self_paced": True,
            "start": "2026-01-01T00:00:00Z",
            "end": "2026-12-31T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "course_key": "course-v1:NewOrg+NEW1+2026_T1",
        "display_name": "New course",
        "org": "NewOrg",
        "course_number": "NEW1",
        "course_run": "2026_T1",
        "self_paced": True,
        "start": "2026-01-01T00:00:00Z",
        "end": "2026-12-31T00:00:00Z",
        "enrollment_start": None,
        "enrollment_end": None,
        "certificates_enabled": True,
        "self_generation_enabled": True,
        "created": "2026-06-01T12:00:00Z",
        "modified": "2026-06-01T12:00:00Z",
    }
    course = Course.objects.get()
    assert course.key == "course-v1:NewOrg+NEW1+2026_T1"
    assert course.self_generation_enabled is True
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_self_generation_defaults_to_off_for_instructor_paced(ingest_client):
    response = ingest_client.put(NEW, {"display_name": "Paced"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["self_paced"] is False
    assert body["self_generation_enabled"] is False
    assert body["start"] is None


@pytest.mark.django_db
def test_old_style_key_is_accepted_and_echoed_canonically(ingest_client):
    response = ingest_client.put(
        "/api/v1/courses/OldOrg/OLD1/2014", {"display_name": "Old"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["course_key"], body["org"], body["course_number"], body["course_run"]) == (
        "OldOrg/OLD1/2014",
        "OldOrg",
        "OLD1",
        "2014",
    )
    assert ingest_client.get("/api/v1/courses/OldOrg/OLD1/2014").json() == body


@pytest.mark.django_db
def test_put_updates_and_keeps_fields_left_out(ingest_client, course, frozen_time):
    frozen_time.shift(60)
    response = ingest_client.put(
        "/api/v1/courses/course-v1:OrgA+CS101+2026",
        {"display_name": "Renamed", "end": "2027-01-01T00:00:00+00:00"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Renamed"
    assert body["end"] == "2027-01-01T00:00:00Z"
    assert body["certificates_enabled"] is True
    assert body["created"] == "2026-06-01T12:00:00Z"
    assert body["modified"] == "2026-06-01T12:01:00Z"
    course.refresh_from_db()
    assert course.display_name == "Renamed"


@pytest.mark.django_db
def test_same_put_twice_writes_nothing_the_second_time(ingest_client, capture, frozen_time):
    from tests.ingestion.conftest import writes_in

    body = {"display_name": "Same", "self_paced": True, "certificates_enabled": False}
    assert ingest_client.put(NEW, body, format="json").status_code == 201
    frozen_time.shift(60)
    before = snapshot()
    with capture() as ctx:
        response = ingest_client.put(NEW, body, format="json")
    assert response.status_code == 200
    assert response.json()["modified"] == FROZEN_NOW.isoformat().replace("+00:00", "Z")
    assert writes_in(ctx) == []
    assert snapshot() == before


@pytest.mark.django_db
def test_switch_changes_are_audited_with_source_ingest(ingest_client, ingester, course):
    response = ingest_client.put(
        "/api/v1/courses/course-v1:OrgA+CS101+2026",
        {
            "display_name": course.display_name,
            "certificates_enabled": False,
            "self_generation_enabled": True,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["certificates_enabled"] is False
    assert response.json()["self_generation_enabled"] is True
    events = {event.action: event for event in AuditEvent.objects.all()}
    assert set(events) == {"course_config_changed", "self_generation_changed"}
    config = events["course_config_changed"]
    assert (config.actor, config.source, config.course) == (ingester, "ingest", course)
    assert config.before == {"certificates_enabled": True}
    assert config.after == {"certificates_enabled": False}


@pytest.mark.django_db
def test_get_answers_the_course(ingest_client, course):
    response = ingest_client.get("/api/v1/courses/course-v1:OrgA+CS101+2026")
    assert response.status_code == 200
    assert response.json()["course_key"] == "course-v1:OrgA+CS101+2026"
    assert response.json()["display_name"] == course.display_name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "display_name"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": 5}, "display_name"),
        ({"display_name": "x", "self_paced": "yes"}, "self_paced"),
        ({"display_name": "x", "certificates_enabled": 1}, "certificates_enabled"),
        ({"display_name": "x", "start": "soon"}, "start"),
        (
            {"display_name": "x", "start": "2026-02-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"},
            "end",
        ),
    ],
)
def test_invalid_course_bodies_write_nothing(ingest_client, course, body, field):
    before = snapshot()
    for url in (NEW, "/api/v1/courses/course-v1:OrgA+CS101+2026"):
        response = ingest_client.put(url, body, format="json")
        assert response.status_code == 400, response.content
        answer = response.json()
        assert answer["code"] == "invalid_body"
        assert field in answer["errors"]
        assert answer[field] == answer["errors"][field]
    assert snapshot() == before


@pytest.mark.django_db
def test_get_of_a_missing_course_is_404(ingest_client):
    response = ingest_client.get(NEW)
    assert response.status_code == 404
    assert response.json()["code"] == "course_not_found"
    assert not Course.objects.exists()
