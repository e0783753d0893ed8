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


@pytest.mark.django_db
def test_config_reports_and_sets_the_course_switch(as_user, instructor, course):
    client = as_user(instructor)
    assert client.get(f"{BASE}/certificates/config").json() == {"enabled": True}
    response = client.post(f"{BASE}/certificates/config", {"enabled": False}, format="json")
    assert response.status_code == 200
    assert response.json() == {"enabled": False}
    course.refresh_from_db()
    assert course.certificates_enabled is False
    event = AuditEvent.objects.get()
    assert (event.action, event.before, event.after) == (
        "course_config_changed",
        {"certificates_enabled": True},
        {"certificates_enabled": False},
    )
    assert event.source == "api" and event.actor == instructor and event.request_id


@pytest.mark.django_db
def test_config_post_still_works_while_certificates_are_off(as_user, instructor, course):
    course.certificates_enabled = False
    course.save()
    client = as_user(instructor)
    response = client.post(f"{BASE}/certificates/config", {"enabled": True}, format="json")
    assert response.status_code == 200
    assert response.json() == {"enabled": True}


@pytest.mark.django_db
def test_setting_the_same_value_writes_no_audit_event(as_user, instructor, course):
    client = as_user(instructor)
    for _ in range(2):
        assert client.post(f"{BASE}/certificates/config", {"enabled": True}, format="json").json()
        response = client.post(
            f"{BASE}/certificates/toggle_generation", {"enabled": False}, format="json"
        )
        assert response.json() == {"enabled": False}
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_config_get_follows_the_platform_switch(as_user, researcher, course, settings):
    settings.CERTDESK_CERTIFICATES_ENABLED = False
    assert as_user(researcher).get(f"{BASE}/certificates/config").json() == {"enabled": False}


@pytest.mark.django_db
@pytest.mark.parametrize("platform_on", [True, False])
def test_toggle_generation_post_is_409_while_certificates_unavailable(
    as_user, instructor, course, settings, platform_on
):
    settings.CERTDESK_CERTIFICATES_ENABLED = platform_on
    if platform_on:
        course.certificates_enabled = False
        course.save()
    client = as_user(instructor)
    response = client.post(
        f"{BASE}/certificates/toggle_generation", {"enabled": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "certificates_disabled"
    course.refresh_from_db()
    assert course.self_generation_enabled is False
    assert not AuditEvent.objects.exists()
    # reads still answer
    assert client.get(f"{BASE}/certificates/toggle_generation").status_code == 200


@pytest.mark.django_db
def test_409_comes_before_body_validation(as_user, instructor, course):
    course.certificates_enabled = False
    course.save()
    response = as_user(instructor).post(
        f"{BASE}/certificates/toggle_generation", {"enabled": "yes"}, format="json"
    )
    assert response.status_code == 409


@pytest.mark.django_db
def test_missing_enabled_is_a_field_error(as_user, instructor, course):
    response = as_user(instructor).post(f"{BASE}/certificates/config", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["enabled"] == ["This field is required."]
    assert body["code"] == "invalid_body"
    course.refresh_from_db()
    assert course.certificates_enabled is True
