"""Made for people: the pages fit a laptop and a wide screen without scrolling sideways,
every form control has a label, and a form works from the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from certdesk.certificates.models import CertificateException
from tests.browser.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["", "issued", "exceptions", "invalidations", "generate", "history", "audit"]
SCREENS = {
    "laptop": {"width": 1024, "height": 768},
    "wide": {"width": 2560, "height": 1440},
}
# Visible form controls without an accessible label (a <label>, aria-label or -labelledby).
UNLABELLED = """() => [...document.querySelectorAll("main input, main select, main textarea")]
  .filter(el => el.type !== "hidden" && el.offsetParent !== null)
  .filter(el => !el.labels.length && !el.getAttribute("aria-label")
                && !el.getAttribute("aria-labelledby"))
  .map(el => el.name || el.id)"""
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_page_fits_the_screen_and_labels_its_controls(
    page, course, instructor, people, screen
):
    page.set_viewport_size(SCREENS[screen])
    base = f"/dashboard/courses/{course.key}/"
    login(page, "instructor_a", base)
    for name in PAGES:
        page.goto(base + name)
        expect(page.get_by_role("navigation", name="Course pages")).to_be_visible()
        assert page.evaluate(SIDEWAYS) <= 0, f"{name or 'overview'} scrolls sideways on {screen}"
        assert page.evaluate(UNLABELLED) == [], f"unlabelled controls on {name or 'overview'}"
        if name == "exceptions":
            shoot(page, f"layout-{screen}")
    main_width = page.evaluate("() => document.querySelector('main').clientWidth")
    assert main_width <= min(SCREENS[screen]["width"], 1400)  # lines stay readable when wide
    if screen == "laptop":  # the two forms of the exceptions page still sit side by side
        page.goto(base + "exceptions")
        single = page.locator("#add-exception").bounding_box()
        upload = page.locator("#upload-exceptions").bounding_box()
        assert single["y"] == upload["y"] and single["x"] < upload["x"]


def test_a_form_works_from_the_keyboard_alone(page, course, instructor, people):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/exceptions")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("Username or email").focus()
    page.keyboard.type("fay")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Notes")).to_be_focused()
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Grant exception")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Certificate exception granted to fay.")
    shoot(page, "keyboard-grant")
    entry = CertificateException.objects.get(user=people.failing)
    assert entry.notes == "Typed without a mouse"
