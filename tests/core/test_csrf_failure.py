"""A refused CSRF check: the dashboard's forms (and a browser's sign-in form) get an HTML
page saying the form expired and to reload; API paths and the JSON endpoints of the
Open edX front end keep the JSON error body."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from certdesk.core.views import csrf_failure
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

KEY = "course-v1:OrgA+CS101+2026"
SWITCH = f"/dashboard/courses/{KEY}/switches/certificates"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def checked_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("accept", ["", BROWSER_ACCEPT, "application/json"])
def test_a_dashboard_form_post_gets_the_html_page_and_writes_nothing(course, instructor, accept):
    client = checked_client(instructor)
    before = db_snapshot()
    response = client.post(
        SWITCH,
        {"enabled": "off"},
        HTTP_ACCEPT=accept,
        HTTP_REFERER=f"http://testserver/dashboard/courses/{KEY}/",
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "This form has expired" in html
    assert "Reload the page" in html and "Nothing was changed." in html
    assert f'href="http://testserver/dashboard/courses/{KEY}/"' in html
    assert "<code>csrf_failed</code>" in html
    assert_nothing_written(before)
    course.refresh_from_db()
    assert course.certificates_enabled is True


def test_a_wrong_token_is_refused_the_same_way(course, instructor):
    client = checked_client(instructor)
    client.get(f"/dashboard/courses/{KEY}/")  # sets the CSRF cookie
    before = db_snapshot()
    response = client.post(SWITCH, {"enabled": "off", "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert_nothing_written(before)


def test_a_referer_from_another_site_is_not_linked(course, instructor):
    client = checked_client(instructor)
    before = db_snapshot()
    response = client.post(
        SWITCH, {"enabled": "off"}, HTTP_REFERER="https://elsewhere.example/phish"
    )
    assert response.status_code == 403
    assert_nothing_written(before)
    html = response.content.decode()
    assert "elsewhere.example" not in html
    assert 'id="csrf-reload" href="/dashboard/"' in html


def test_the_sign_in_form_of_a_browser_gets_the_html_page(instructor):
    client = checked_client()
    before = db_snapshot()
    response = client.post(
        "/login", {"username": "instructor_a", "password": "pw-123456"}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert_nothing_written(before)  # no session, no last_login
    assert "_auth_user_id" not in client.session


def test_the_sign_in_form_of_a_script_gets_json(instructor):
    client = checked_client()
    before = db_snapshot()
    response = client.post("/login", {"username": "instructor_a", "password": "pw-123456"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert_nothing_written(before)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "path",
    [
        "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/toggle_generation",
        "/api/v1/courses/course-v1:OrgA+CS101+2026/certificate/request",
        "/login_refresh",
        "/csrf/api/v1/token",
        "/courses/course-v1:OrgA+CS101+2026/masquerade",
        "/courses/course-v1:OrgA+CS101+2026/instructor/api/list_instructor_tasks",
    ],
)
def test_api_paths_and_the_front_ends_json_endpoints_keep_json(path):
    request = RequestFactory().post(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    response = csrf_failure(request, reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["code"] == "csrf_failed"
    assert body["message"] == "CSRF verification failed. CSRF cookie not set."
