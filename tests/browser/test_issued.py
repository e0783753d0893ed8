"""The issued-certificates table: filter, search, pagination; the CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certdesk.certificates.models import Certificate
from tests.browser.conftest import login, shoot
from tests.factories import make_learners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _received(course, count: int) -> None:
    users = make_learners(course, count, prefix="grad")
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=timezone.now())
        for u in users
    )  # fmt: skip


def body_rows(page):
    return page.locator("#issued-table tbody tr")


def test_issued_table_filter_search_and_pages(page, course, instructor, people):
    _received(course, 28)
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/issued")
    expect(body_rows(page)).to_have_count(25)
    expect(page.get_by_text("Page 1 of 2 · 31 rows")).to_be_visible()

    page.get_by_label("Show").select_option(label="Invalidated")
    page.get_by_role("button", name="Apply").click()
    expect(body_rows(page)).to_have_count(1)
    expect(body_rows(page).first).to_contain_text("ivan")
    expect(body_rows(page).first).to_contain_text("Invalidated")
    expect(body_rows(page).first).to_contain_text("Plagiarism")

    page.get_by_label("Show").select_option("received")
    page.get_by_label("Search username or email").fill("GRAD0002")
    page.get_by_label("Search username or email").press("Enter")
    expect(body_rows(page)).to_have_count(8)  # grad00020 … grad00027
    expect(body_rows(page).first).to_contain_text("Received")

    page.get_by_label("Search username or email").fill("grad")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Page 1 of 2 · 28 rows")).to_be_visible()
    page.get_by_role("link", name="Next ›").click()
    expect(body_rows(page)).to_have_count(3)
    expect(page.get_by_label("Search username or email")).to_have_value("grad")
    expect(body_rows(page).last).to_contain_text("grad00027")
    shoot(page, "issued")

    page.get_by_label("Search username or email").fill("nobody-like-this")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("No learner matches this filter and search.")).to_be_visible()


def test_csv_export_download(page, course, instructor, people):
    _received(course, 30)
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/issued?filter=received")
    shoot(page, "issued-export")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV (every matching row)").click()
    download = download_info.value
    assert download.suggested_filename == "issued-certificates-CS101.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 32  # every received row (30 + pat + eve), not one page
    assert {row["certificate_status_label"] for row in rows} == {"Received"}
    eve = next(row for row in rows if row["username"] == "eve")
    assert (eve["special_case"], eve["exception_notes"]) == ("Exception", "Medical leave")
    assert "ivan" not in {row["username"] for row in rows}
