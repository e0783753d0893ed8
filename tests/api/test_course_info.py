"""GET /api/instructor/v2/courses/{course_key}: the Open edX course information (SPEC §6.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import enroll, make_course, make_user

URL = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026"

FIELDS = {
    "course_id", "username", "display_name", "org", "course_number", "course_run",
    "enrollment_start", "enrollment_end", "start", "end", "pacing", "has_started",
    "has_ended", "total_enrollment", "learner_count", "staff_count", "enrollment_counts",
    "num_sections", "grade_cutoffs", "course_errors", "studio_url", "gradebook_url",
    "studio_grading_url", "admin_console_url", "permissions", "tabs", "disable_buttons",
    "analytics_dashboard_message", "certificates_enabled",
}  # fmt: skip


@pytest.fixture
def populated(course, instructor, staff_member):
    course.start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    course.end = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    course.save()
    for i, mode in enumerate(["verified", "verified", "audit", "honor"]):
        enroll(make_user(f"learner{i}"), course, mode=mode)
    enroll(make_user("gone"), course, mode="verified", is_active=False)
    enroll(staff_member, course, mode="honor")  # a team member is not a learner
    return course


@pytest.mark.django_db
def test_course_info_has_the_open_edx_field_set(as_user, instructor, populated):
    response = as_user(instructor).get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= FIELDS
    assert body["course_id"] == "course-v1:OrgA+CS101+2026"
    assert body["username"] == "instructor_a"
    assert (body["org"], body["course_number"], body["course_run"]) == ("OrgA", "CS101", "2026")
    assert body["pacing"] == "instructor"
    assert body["has_started"] is True and body["has_ended"] is False
    assert body["total_enrollment"] == 5
    assert body["learner_count"] == 4
    assert body["staff_count"] == 2
    assert body["enrollment_counts"]["verified"] == 2
    assert body["enrollment_counts"]["honor"] == 2
    assert body["enrollment_counts"]["audit"] == 1
    assert body["enrollment_counts"]["masters"] == 0
    assert body["enrollment_counts"]["total"] == 5
    assert body["studio_url"] is None and body["admin_console_url"] is None
    assert body["permissions"] == {
        "admin": True, "instructor": True, "finance_admin": False, "sales_admin": False,
        "staff": True, "forum_admin": False, "data_researcher": False,
    }  # fmt: skip
    assert body["certificates_enabled"] is True
    assert body["tabs"] == [
        {
            "tab_id": "certificates",
            "title": "Certificates",
            "url": "/instructor-dashboard/course-v1:OrgA+CS101+2026/certificates",
            "sort_order": 80,
        }
    ]


@pytest.mark.django_db
def test_course_info_answers_in_a_constant_number_of_queries(
    as_user, instructor, populated, django_assert_num_queries
):
    client = as_user(instructor)
    # token (2: knox looks the token up, then the user's tokens), roles, course,
    # enrollment counts, learner count, staff count
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200
    for i in range(30):
        enroll(make_user(f"more{i}"), populated)
    with django_assert_num_queries(7):
        assert client.get(URL).json()["total_enrollment"] == 35


@pytest.mark.django_db
def test_permissions_reflect_the_callers_role(as_user, staff_member, researcher, course):
    staff_perms = as_user(staff_member).get(URL).json()["permissions"]
    assert staff_perms["staff"] is True and staff_perms["instructor"] is False
    researcher_perms = as_user(researcher).get(URL).json()["permissions"]
    assert researcher_perms["data_researcher"] is True and researcher_perms["staff"] is False


@pytest.mark.django_db
def test_self_paced_and_finished_course(as_user, global_staff):
    make_course(
        "course-v1:OrgC+Old+2020",
        self_paced=True,
        end=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
        certificates_enabled=False,
    )
    body = as_user(global_staff).get("/api/instructor/v2/courses/course-v1:OrgC+Old+2020").json()
    assert body["pacing"] == "self"
    assert body["has_started"] is False and body["has_ended"] is True
    assert body["certificates_enabled"] is False
    assert body["tabs"] == []
    assert all(body["permissions"][k] for k in ("admin", "instructor", "staff", "data_researcher"))


@pytest.mark.django_db
def test_old_style_key_with_literal_slashes(as_user, global_staff):
    make_course("OrgD/Legacy/2014")
    response = as_user(global_staff).get("/api/instructor/v2/courses/OrgD/Legacy/2014")
    assert response.status_code == 200
    assert response.json()["course_id"] == "OrgD/Legacy/2014"
    config = as_user(global_staff).get(
        "/api/instructor/v2/courses/OrgD/Legacy/2014/certificates/config"
    )
    assert config.json() == {"enabled": True}


@pytest.mark.django_db
def test_platform_switch_off_hides_the_certificates_tab(as_user, instructor, course, settings):
    settings.CERTDESK_CERTIFICATES_ENABLED = False
    body = as_user(instructor).get(URL).json()
    assert body["certificates_enabled"] is False
    assert body["tabs"] == []


@pytest.mark.django_db
def test_unparseable_key_is_course_not_found(as_user, global_staff):
    response = as_user(global_staff).get("/api/instructor/v2/courses/not-a-key")
    assert response.status_code == 404
    assert response.json()["code"] == "course_not_found"
