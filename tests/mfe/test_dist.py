"""Serving a built front end from CERTDESK_MFE_DIST under /instructor-dashboard/ (SPEC §12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INDEX = b"<!doctype html><title>instructor</title>"


@pytest.fixture
def dist(tmp_path, settings):
    folder = tmp_path / "dist"
    (folder / "static").mkdir(parents=True)
    (folder / "index.html").write_bytes(INDEX)
    (folder / "static" / "app.js").write_bytes(b"console.log('app');")
    (tmp_path / "secret.txt").write_bytes(b"top secret")
    settings.CERTDESK_MFE_DIST = str(folder)
    return folder


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_route_name():
    assert reverse("mfe-app", kwargs={"path": "x/y"}) == "/instructor-dashboard/x/y"


def test_not_configured_is_404(client, settings):
    settings.CERTDESK_MFE_DIST = ""
    assert client.get("/instructor-dashboard/").status_code == 404
    assert client.get("/instructor-dashboard/static/app.js").status_code == 404


def test_a_missing_folder_is_404(client, settings, tmp_path):
    settings.CERTDESK_MFE_DIST = str(tmp_path / "nowhere")
    assert client.get("/instructor-dashboard/").status_code == 404


def test_files_are_served(client, dist):
    response = client.get("/instructor-dashboard/static/app.js")
    assert response.status_code == 200
    assert body(response) == b"console.log('app');"
    assert "javascript" in response["Content-Type"]


@pytest.mark.parametrize(
    "path",
    [
        "/instructor-dashboard",
        "/instructor-dashboard/",
        "/instructor-dashboard/course-v1:OrgA+CS101+2026/certificates",
        "/instructor-dashboard/static/",
        "/instructor-dashboard/static/missing.js",
    ],
)
def test_app_routes_fall_back_to_index(client, dist, path):
    response = client.get(path)
    assert response.status_code == 200
    assert body(response) == INDEX
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/instructor-dashboard/../secret.txt",
        "/instructor-dashboard/..%2Fsecret.txt",
        "/instructor-dashboard/static/../../secret.txt",
        "/instructor-dashboard/%2E%2E/secret.txt",
    ],
)
def test_no_path_traversal(client, dist, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"top secret" not in (body(response) if response.streaming else response.content)


def test_head_works_and_writes_are_refused(client, dist):
    assert client.head("/instructor-dashboard/").status_code == 200
    assert client.post("/instructor-dashboard/").status_code == 405
