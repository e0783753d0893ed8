"""Who sees which dashboard page (SPEC §2): sign-in first, then the API's order of
checks; staff see every page read-only with the write controls absent from the HTML."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certdesk.courses.models import Course
from tests.dashboard.conftest import signed_in, url
from tests.factories import make_course, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

READ_PAGES = ["course", "issued", "exceptions", "invalidations", "history", "audit"]
WRITE_MARKERS = [
    "switches/certificates",
    "switches/self-generation",
    "exceptions/add",
    "exceptions/upload",
    "/remove",
    "invalidations/add",
    "/revalidate",
    "/generate",
    'method="post" action="/dashboard',
]


def test_anonymous_is_sent_to_the_login_page(client, course):
    response = client.get(url("issued", course) + "?filter=received")
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")
    assert "issued%3Ffilter%3Dreceived" in response["Location"]


def test_no_role_is_refused_whether_or_not_the_course_exists(course):
    client = signed_in(make_user("nobody"))
    assert client.get(url("issued", course)).status_code == 403
    missing = "/dashboard/courses/course-v1:OrgZ+Nothing+2026/issued"
    response = client.get(missing)
    assert response.status_code == 403
    assert "You have no role on this course." in response.content.decode()


def test_global_staff_gets_404_for_a_missing_course_and_an_unparseable_key(global_staff):
    client = signed_in(global_staff)
    assert client.get("/dashboard/courses/course-v1:OrgZ+Nothing+2026/").status_code == 404
    assert client.get("/dashboard/courses/not-a-key/").status_code == 404


def test_a_role_on_one_course_gives_nothing_on_another(course, instructor):
    other = make_course("course-v1:OrgB+CS202+2026")
    assert signed_in(instructor).get(url("exceptions", other)).status_code == 403


def test_old_style_keys_with_slashes_are_routed(global_staff):
    old = make_course("OrgC/CS303/2026")
    client = signed_in(global_staff)
    assert client.get(url("course", old)).status_code == 200
    assert client.get(url("issued", old)).status_code == 200


@pytest.mark.parametrize("name", READ_PAGES)
def test_staff_see_every_page_without_any_write_control(as_staff, course, people, name):
    response = as_staff.get(url(name, course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "read-only" in html
    for marker in WRITE_MARKERS:
        assert marker not in html, f"{name}: write control {marker!r} present for staff"


@pytest.mark.parametrize("name", READ_PAGES)
def test_instructors_see_the_write_controls(as_instructor, course, people, name):
    html = as_instructor.get(url(name, course)).content.decode()
    assert "read-only" not in html
    if name in ("course", "exceptions", "invalidations"):
        assert 'method="post" action="/dashboard' in html


def test_staff_writes_are_refused_and_write_nothing(as_staff, course, people):
    before = db_snapshot()
    posts = [
        (url("switch-certificates", course), {"enabled": "off"}),
        (url("switch-self-generation", course), {"enabled": "on"}),
        (url("exception-add", course), {"learner": "fay"}),
        (url("exception-remove", course, identifier="eve"), {}),
        (url("invalidation-add", course), {"learner": "pat"}),
        (url("revalidate", course, identifier="ivan"), {}),
        (url("generate-start", course), {"target": "all"}),
        (url("exceptions-upload", course), {"file": SimpleUploadedFile("a.csv", b"fay\n")}),
        (url("exceptions-upload-confirm", course), {"token": "t" * 32}),
        (url("exceptions-upload-cancel", course), {"token": "t" * 32}),
    ]
    for path, data in posts:
        assert as_staff.post(path, data).status_code == 403, path
    assert as_staff.get(url("generate", course)).status_code == 403
    assert as_staff.get(url("generate-confirm", course) + "?target=all").status_code == 403
    assert_nothing_written(before)


def test_researchers_see_only_their_pages(researcher, course):
    client = signed_in(researcher)
    for name in ("course", "issued", "history"):
        assert client.get(url(name, course)).status_code == 200
    for name in ("exceptions", "invalidations", "audit"):
        assert client.get(url(name, course)).status_code == 403
    nav = client.get(url("course", course)).content.decode()
    assert "Issued certificates" in nav and "Audit log" not in nav


def test_writes_while_certificates_are_off_are_refused_with_409(as_instructor, course, people):
    course.certificates_enabled = False
    course.save()
    before = db_snapshot()
    response = as_instructor.post(url("exception-add", course), {"learner": "fay"})
    assert response.status_code == 409
    assert "Certificate management is not available" in response.content.decode()
    assert as_instructor.get(url("generate", course)).status_code == 409
    assert_nothing_written(before)
    html = as_instructor.get(url("exceptions", course)).content.decode()
    assert "exceptions/add" not in html and "Certificate management is off" in html


@pytest.mark.parametrize(
    ("name", "data"),
    [("exception-add", {"learner": "pat", "notes": ""}), ("invalidation-add", {"learner": "pat"})],
)
def test_a_course_switched_off_while_the_form_was_sent_is_an_error_page(
    as_instructor, course, people, monkeypatch, name, data
):
    """The page was allowed when the request began; the service's course lock finds the
    switch off (another request committed it) and refuses: a 409 page, never a 500."""
    from certdesk.dashboard.access import CoursePage

    Course.objects.filter(pk=course.pk).update(certificates_enabled=False)
    monkeypatch.setattr(CoursePage, "available", property(lambda page: True))
    before = db_snapshot()
    response = as_instructor.post(url(name, course), data)
    assert response.status_code == 409
    assert "certificates_disabled" in response.content.decode()
    assert_nothing_written(before)
