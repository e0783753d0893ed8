"""The course overview: the certificate switch and the self-generation toggle show the
persisted state, and change it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from certdesk.courses.models import Course
from tests.browser.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_and_toggle(page, course, instructor, people):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/")
    expect(page.locator("#certificates-state")).to_have_text("On")
    expect(page.locator("#self-generation-state")).to_have_text("Off")
    shoot(page, "course-overview")

    page.get_by_role("button", name="Turn self-generation on").click()
    expect(page.get_by_role("status")).to_have_text(
        "Learners may now request their own certificate."
    )
    expect(page.locator("#self-generation-state")).to_have_text("On")
    assert Course.objects.get(pk=course.pk).self_generation_enabled is True

    page.get_by_role("button", name="Turn certificates off").click()
    expect(page.get_by_role("status")).to_have_text(
        "Certificate management is now off for this course."
    )
    expect(page.locator("#certificates-state")).to_have_text("Off")
    expect(page.get_by_role("note")).to_contain_text("Certificate management is off")
    # self-generation shows its state but cannot change while certificates are off
    expect(page.locator("#self-generation-toggle")).to_have_count(0)
    assert Course.objects.get(pk=course.pk).certificates_enabled is False

    page.reload()  # the state shown is the stored one
    expect(page.locator("#certificates-state")).to_have_text("Off")
    page.locator("#certificates-toggle").focus()  # keyboard: the switch works with Enter
    page.keyboard.press("Enter")
    expect(page.locator("#certificates-state")).to_have_text("On")
    assert Course.objects.get(pk=course.pk).certificates_enabled is True
