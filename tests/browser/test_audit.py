"""The audit log and its filters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_log_filters(page, course, instructor, people):
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/audit")
    rows = page.locator("#audit-table tbody tr")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 5

    page.get_by_label("Action").select_option("certificate_invalidated")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ivan")
    expect(rows.first).to_contain_text("Plagiarism")
    expect(rows.first).to_contain_text('"status": "unavailable"')

    page.get_by_label("Action").select_option("")
    page.get_by_label("Learner (username)").fill("eve")
    page.get_by_role("button", name="Filter").click()
    expect(rows.first).to_contain_text("eve")
    for text in rows.all_inner_texts():
        assert "eve" in text
    shoot(page, "audit")

    page.get_by_label("Done by (username)").fill("someone_else")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No audit event matches these filters.")).to_be_visible()
    page.get_by_role("link", name="Clear").click()
    expect(rows).to_have_count(total)
