"""Signing in and out, My courses, the staff's read-only view, and CSRF on the forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from certdesk.courses.models import Course
from tests.browser.conftest import login, shoot
from tests.factories import make_course
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_logout(page, instructor):
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/login\?next=/dashboard/$"))
    page.get_by_label("Username").fill("instructor_a")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username")
    page.get_by_label("Password").fill("pw-123456")
    shoot(page, "login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My courses")).to_be_visible()
    expect(page.get_by_text("Signed in as instructor_a")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_my_courses(page, course, instructor, people):
    make_course("course-v1:OrgB+CS202+2026", display_name="Someone else's course")
    other = make_course("course-v1:OrgA+CS102+2026", display_name="Second course")
    instructor.course_roles.create(course=other, role="staff")
    login(page, "instructor_a")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # header + two courses
    first = table.get_by_role("row").nth(1)
    expect(first).to_contain_text("Course CS101")
    expect(first).to_contain_text("instructor")
    expect(first.get_by_role("cell").nth(3)).to_have_text("4")  # active learners
    expect(first.get_by_role("cell").nth(4)).to_have_text("2")  # certificates received
    expect(table).not_to_contain_text("Someone else's course")
    shoot(page, "my-courses")
    page.get_by_role("link", name="Course CS101").click()
    expect(page.get_by_role("heading", name="Course CS101")).to_be_visible()


def test_staff_see_everything_read_only(page, course, staff_member, people):
    login(page, "staff_a", f"/dashboard/courses/{course.key}/")
    expect(page.get_by_text("read-only")).to_be_visible()
    expect(page.locator("#certificates-state")).to_have_text("On")
    nav = page.get_by_role("navigation", name="Course pages")
    expect(nav.get_by_role("link", name="Generate")).to_have_count(0)
    for name, heading in (
        ("Issued certificates", "Issued certificates"),
        ("Exceptions", "Certificate exceptions"),
        ("Invalidations", "Certificate invalidations"),
        ("Generation history", "Generation history"),
        ("Audit log", "Audit log"),
    ):
        nav.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        # write controls are absent from the page, not just disabled
        expect(page.locator("main form[method=post]")).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile("^(Remove|Re-validate)"))).to_have_count(0)
    nav.get_by_role("link", name="Exceptions").click()
    expect(page.get_by_role("table")).to_contain_text("Medical leave")
    shoot(page, "staff-read-only")
    page.goto(f"/dashboard/courses/{course.key}/generate")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


@pytest.mark.parametrize("tamper", ["missing", "bad"])
def test_a_form_post_without_a_good_csrf_token_is_refused(page, course, instructor, tamper):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/")
    form = page.locator("form", has=page.locator("#certificates-toggle"))
    token = form.locator("input[name=csrfmiddlewaretoken]")
    if tamper == "missing":
        token.evaluate("input => input.remove()")
    else:
        token.evaluate("input => { input.value = 'x'.repeat(64); }")
    before = db_snapshot()
    with page.expect_response(re.compile(r"/switches/certificates$")) as answer:
        page.locator("#certificates-toggle").click()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", name="This form has expired")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was changed.")
    shoot(page, f"csrf-refused-{tamper}")
    assert_nothing_written(before)
    assert Course.objects.get(pk=course.pk).certificates_enabled is True
    page.get_by_role("link", name="Reload the page").click()  # back to a fresh form
    expect(page.locator("#certificates-state")).to_have_text("On")
    page.locator("#certificates-toggle").click()
    expect(page.locator("#certificates-state")).to_have_text("Off")
