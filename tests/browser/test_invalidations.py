"""Invalidations: invalidate a certificate; re-validate it after a confirmation saying
the learner will be re-evaluated, then see the resulting status."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from certdesk.certificates.models import Certificate
from tests.browser.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invalidate(page, course, instructor, people):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/invalidations")
    page.get_by_label("Username or email").fill("eve")
    page.get_by_role("button", name="Invalidate certificate").click()
    expect(page.locator(".field.has-error")).to_contain_text("on the certificate exception list")

    page.get_by_label("Username or email").fill("pat@example.org")
    page.get_by_label("Notes").fill("Identity could not be confirmed")
    page.get_by_role("button", name="Invalidate certificate").click()
    expect(page.get_by_role("status")).to_have_text(
        "The certificate of pat@example.org is invalidated."
    )
    row = page.locator("#invalidations-table tr", has_text="pat")
    expect(row).to_contain_text("Identity could not be confirmed")
    expect(row).to_contain_text("Active")
    shoot(page, "invalidations")
    assert Certificate.objects.get(user=people.passing).status == "unavailable"


def test_revalidate(page, course, instructor, people):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/invalidations")
    page.get_by_role("link", name="Re-validate the certificate of ivan").click()
    expect(page.get_by_role("heading", name="Re-validate the certificate of ivan?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("the learner will be re-evaluated")
    shoot(page, "revalidate")
    page.get_by_role("button", name="Re-validate and re-evaluate").click()
    expect(page.get_by_role("status")).to_have_text(
        "Certificate of ivan re-validated. The learner was re-evaluated; "
        "the certificate is now: Received."
    )
    expect(page.locator("#invalidations-table tr", has_text="ivan")).to_contain_text("Re-validated")
    assert Certificate.objects.get(user=people.invalidated).status == "downloadable"
