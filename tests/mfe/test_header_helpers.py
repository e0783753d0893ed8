"""The header helpers of the instructor front end (SPEC §12): masquerade and course
metadata, behind authentication and a course role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db

KEY = "course-v1:OrgA+CS101+2026"
MASQUERADE = f"/courses/{KEY}/masquerade"
METADATA = f"/api/course_home/course_metadata/{KEY}"

EXPECTED_MASQUERADE = {
    "success": True,
    "active": {
        "role": "staff",
        "user_name": None,
        "user_partition_id": None,
        "group_id": None,
        "group_name": None,
    },
    "available": [{"name": "Staff", "role": "staff"}],
}


def test_routes():
    assert reverse("masquerade", kwargs={"course_key": KEY}) == MASQUERADE
    assert reverse("course-metadata", kwargs={"course_key": KEY}) == METADATA


@pytest.mark.parametrize("url", [MASQUERADE, METADATA])
def test_unauthenticated_is_401(api, course, url):
    response = api.get(url)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["developer_message"] == body["message"]


@pytest.mark.parametrize("url", [MASQUERADE, METADATA])
def test_a_user_without_a_role_is_403(as_user, course, other_course, url):
    outsider = make_user("outsider", roles={other_course: "instructor"})
    response = as_user(outsider).get(url)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("url", [MASQUERADE, METADATA])
def test_no_role_on_a_missing_course_is_403_too(as_user, db, url):
    response = as_user(make_user("outsider")).get(url)
    assert response.status_code == 403


def test_global_staff_on_a_missing_course_is_404(as_user, global_staff):
    response = as_user(global_staff).get(MASQUERADE)
    assert response.status_code == 404
    assert response.json()["code"] == "course_not_found"


def test_an_unparseable_key_is_404(as_user, global_staff):
    response = as_user(global_staff).get("/courses/not-a-key/masquerade")
    assert response.status_code == 404
    assert response.json()["code"] == "course_not_found"


@pytest.mark.parametrize("who", ["instructor", "staff_member", "researcher", "global_staff"])
def test_masquerade_for_every_role(as_user, course, request, who):
    response = as_user(request.getfixturevalue(who)).get(MASQUERADE)
    assert response.status_code == 200, response.content
    assert response.json() == EXPECTED_MASQUERADE


def test_masquerade_with_an_old_style_key(as_user):
    old = make_course("OrgC/OLD/2020")
    user = make_user("old_staff", roles={old: "staff"})
    response = as_user(user).get("/courses/OrgC/OLD/2020/masquerade")
    assert response.status_code == 200, response.content


def test_masquerade_is_read_only(as_user, instructor):
    assert as_user(instructor).post(MASQUERADE, {}, format="json").status_code == 405


def test_metadata_tabs_are_those_of_the_course_information(as_user, researcher):
    client = as_user(researcher)
    response = client.get(METADATA)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tabs"] == [
        {
            "tab_id": "certificates",
            "title": "Certificates",
            "url": f"/instructor-dashboard/{KEY}/certificates",
            "sort_order": 80,
        }
    ]
    info = client.get(f"/api/instructor/v2/courses/{KEY}").json()
    assert body["tabs"] == info["tabs"]
    assert body["course_id"] == KEY
    assert body["username"] == "researcher_a"


def test_metadata_has_no_certificates_tab_while_management_is_off(as_user, instructor, course):
    course.certificates_enabled = False
    course.save()
    response = as_user(instructor).get(METADATA)
    assert response.status_code == 200
    assert response.json()["tabs"] == []


def test_metadata_follows_the_configured_front_end_path(as_user, instructor, settings):
    settings.CERTDESK_MFE_CERTIFICATES_PATH = "/mfe/{course_key}/certs"
    response = as_user(instructor).get(METADATA)
    assert response.json()["tabs"][0]["url"] == f"/mfe/{KEY}/certs"
