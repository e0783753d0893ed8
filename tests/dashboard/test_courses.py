"""My courses, the course overview and its two switches (SPEC §7.7)."""

from __future__ import annotations

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.courses.models import Course
from tests.dashboard.conftest import signed_in, url
from tests.factories import make_course, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


def test_my_courses_lists_the_courses_with_a_role_and_their_counts(as_instructor, course, people):
    make_course("course-v1:OrgB+CS202+2026", display_name="Not mine")
    response = as_instructor.get(url("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Course CS101" in html and "Not mine" not in html
    assert f'href="{url("course", course)}"' in html
    row = response.context["courses"][0]
    assert (row.active_enrollments, row.received, row.exceptions) == (4, 2, 1)
    assert row.roles == ["instructor"]


def test_my_courses_empty_state(db):
    html = signed_in(make_user("newcomer")).get(url("home")).content.decode()
    assert "You have no role on any course yet" in html


def test_global_staff_see_every_course(global_staff, course):
    make_course("course-v1:OrgB+CS202+2026")
    rows = signed_in(global_staff).get(url("home")).context["courses"]
    assert [row.roles for row in rows] == [["global staff"], ["global staff"]]


def test_overview_shows_the_persisted_switches(as_instructor, course):
    Course.objects.filter(pk=course.pk).update(self_generation_enabled=True)
    html = as_instructor.get(url("course", course)).content.decode()
    assert 'id="certificates-state" class="pill on">On<' in html
    assert 'id="self-generation-state" class="pill on">On<' in html
    assert "Turn certificates off" in html and "Turn self-generation off" in html


def test_the_certificate_switch_persists_and_is_audited_as_ui(as_instructor, course):
    response = as_instructor.post(url("switch-certificates", course), {"enabled": "off"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.certificates_enabled is False
    event = AuditEvent.objects.get(action="course_config_changed")
    assert (event.source, event.after) == ("ui", {"certificates_enabled": False})
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Certificate management is now off for this course." in html
    assert 'id="certificates-state" class="pill off">Off<' in html
    # while off it can still be switched back on, but self-generation cannot change
    assert "Turn certificates on" in html and "self-generation-toggle" not in html
    as_instructor.post(url("switch-certificates", course), {"enabled": "on"})
    course.refresh_from_db()
    assert course.certificates_enabled is True


def test_the_self_generation_toggle_persists(as_instructor, course):
    response = as_instructor.post(url("switch-self-generation", course), {"enabled": "on"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.self_generation_enabled is True
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Learners may now request their own certificate." in html


def test_a_switch_without_a_valid_value_writes_nothing(as_instructor, course):
    before = db_snapshot()
    response = as_instructor.post(url("switch-certificates", course), {"enabled": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert_nothing_written(before)


def test_switches_refuse_get(as_instructor, course):
    assert as_instructor.get(url("switch-certificates", course)).status_code == 405
