"""`/login` and `/logout` (SPEC §4, §12): a plain server-rendered form; `next` may point
to a configured front-end origin or a local path, never to another host."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from certdesk.accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

MFE = "http://mfe.test:8080"
MFE_PAGE = f"{MFE}/instructor-dashboard/course-v1:OrgA+CS101+2026/certificates"
FRONT_END = override_settings(CERTDESK_MFE_ORIGINS=[MFE])


@pytest.fixture
def person(db):
    return make_user("person")


def login(client: Client, next_url: str | None = None, password: str = "pw-123456"):
    query = {"next": next_url} if next_url is not None else {}
    return client.post("/login", {"username": "person", "password": password, **query})


def login_page(next_url: str) -> str:
    return "/login?" + urlencode({"next": next_url})


def test_routes():
    assert reverse("login") == "/login"
    assert reverse("logout") == "/logout"
    assert reverse("login-refresh") == "/login_refresh"
    assert reverse("csrf-token") == "/csrf/api/v1/token"


def test_login_page_is_a_plain_form(client):
    response = client.get(login_page(MFE_PAGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert '<form method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    assert "<script" not in html and "<link" not in html and "src=" not in html


@FRONT_END
def test_next_on_a_front_end_origin_is_followed(client, person):
    assert f'value="{MFE_PAGE}"' in client.get(login_page(MFE_PAGE)).content.decode()
    response = login(client, MFE_PAGE)
    assert response.status_code == 302
    assert response["Location"] == MFE_PAGE
    assert client.session["_auth_user_id"] == str(person.pk)


def test_next_on_a_local_path_is_followed(client, person):
    response = login(client, "/dashboard/courses")
    assert response["Location"] == "/dashboard/courses"


@FRONT_END
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/steal", "//evil.example/", "http://mfe.test:9999/", "javascript:x"],
)
def test_next_on_another_host_falls_back_to_the_dashboard(client, person, next_url):
    assert "evil" not in client.get(login_page(next_url)).content.decode()
    response = login(client, next_url)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_no_next_goes_to_the_dashboard(client, person):
    assert login(client)["Location"] == "/dashboard/"


def test_wrong_password_shows_the_form_again_and_writes_nothing(client, person):
    response = login(client, "/dashboard/", password="wrong-password")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    person.refresh_from_db()
    assert person.last_login is None


def test_login_post_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login", {"username": "person", "password": "pw-123456"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert User.objects.get(pk=person.pk).last_login is None


@FRONT_END
def test_a_logged_in_user_is_sent_straight_on(client, person):
    client.force_login(person)
    response = client.get(login_page(MFE_PAGE))
    assert response.status_code == 302
    assert response["Location"] == MFE_PAGE


def test_next_pointing_at_the_login_page_does_not_loop(client, person):
    client.force_login(person)
    response = client.get(login_page("/login"))
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_logout_is_a_post_that_ends_the_session(client, person):
    client.force_login(person)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert "_auth_user_id" not in client.session


def test_a_get_of_logout_asks_first_and_keeps_the_session(client, person):
    """The front end's "Sign out" is a link: a GET shows a one-button form."""
    client.force_login(person)
    response = client.get("/logout")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post" action="/logout">' in page
    assert "csrfmiddlewaretoken" in page
    assert "_auth_user_id" in client.session
    assert "edx-jwt-cookie-header-payload" not in response.cookies
    assert "edx-jwt-cookie-signature" not in response.cookies


def test_a_get_of_logout_without_a_session_goes_to_the_login_page(client, db):
    response = client.get("/logout")
    assert response.status_code == 302
    assert response["Location"] == "/login"


def test_logout_deletes_the_front_ends_jwt_cookies(client, person):
    client.force_login(person)
    assert client.post("/login_refresh").status_code == 200
    response = client.post("/logout")
    for name in ("edx-jwt-cookie-header-payload", "edx-jwt-cookie-signature"):
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0


def test_logout_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post("/logout").status_code == 403
    assert "_auth_user_id" in client.session
