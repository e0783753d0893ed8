"""certificates/config and certificates/toggle_generation (SPEC §6.5, §6.6)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent

BASE = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026"


@pytest.mark.django_db
def test_toggle_generation_persists_and_audits(as_user, instructor, course):
    client = as_user(instructor)
    response = client.post(
        f"{BASE}/certificates/toggle_generation", {"enabled": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"enabled": True}
    course.refresh_from_db()
    assert course.self_generation_enabled is True
    event = AuditEvent.objects.get()
    assert event.action == "self_generation_changed"
    assert event.actor == instructor
    assert event.before == {"self_generation_enabled": False}
    assert event.after == {"self_generation_enabled": True}
    assert client.get(f"{BASE}/certificates/toggle_generation").json() == {"enabled": True}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["yes", 1, "true", None])
def test_toggle_generation_rejects_non_booleans(as_user, instructor, course, value):
    response = as_user(instructor).post(
        f"{BASE}/certificates/toggle_generation", {"enabled": value}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_body"
    assert isinstance(body["enabled"], list)
    assert body["errors"]["enabled"] == body["enabled"]
    assert body["developer_message"] == body["message"]
    course.refresh_from_db()
    assert course.self_generation_enabled is False
    assert not AuditEvent.objects.exists()
