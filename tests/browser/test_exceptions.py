"""Exceptions: grant one learner, upload a CSV (preview then confirm, or cancel), and
remove one after a confirmation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from certdesk.certificates.models import Certificate, CertificateException
from tests.browser.conftest import login, shoot
from tests.factories import enroll, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = 'username,notes\nfay,"Late, but fine"\nghost,\n\nnew1@example.org,Transfer\notto\nfay,again\n'


def exceptions_page(page, course) -> None:
    login(page, "instructor_a", f"/dashboard/courses/{course.key}/exceptions")


def test_add_exception(page, course, instructor, people):
    exceptions_page(page, course)
    page.get_by_label("Username or email").fill("otto")
    page.get_by_role("button", name="Grant exception").click()
    error = page.locator(".field.has-error")
    expect(error).to_contain_text("otto is not enrolled in this course")
    expect(page.get_by_label("Username or email")).to_have_value("otto")
    assert not CertificateException.objects.filter(user=people.outsider).exists()

    page.get_by_label("Username or email").fill("fay")
    page.get_by_label("Notes").fill("Graded late by the course team")
    page.get_by_role("button", name="Grant exception").click()
    expect(page.get_by_role("status")).to_have_text("Certificate exception granted to fay.")
    row = page.locator("#exceptions-table tr", has_text="fay")
    expect(row).to_contain_text("Graded late by the course team")
    expect(row).to_contain_text("Received")
    shoot(page, "exceptions")
    assert Certificate.objects.get(user=people.failing).status == "downloadable"


def _upload(page, tmp_path) -> None:
    path = tmp_path / "learners.csv"
    path.write_text(CSV)
    page.get_by_label("CSV file (required)").set_input_files(str(path))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview of learners.csv")).to_be_visible()


def test_csv_upload_preview_then_confirm(page, course, instructor, people, tmp_path):
    newcomer = make_user("new1", email="new1@example.org")
    enroll(newcomer, course)
    exceptions_page(page, course)
    before = db_snapshot()
    _upload(page, tmp_path)
    assert_nothing_written(before)  # the preview is a dry run
    expect(page.locator("#summary-granted")).to_have_text("2")
    expect(page.locator("#summary-failed")).to_have_text("2")
    problems = page.locator("#csv-problems tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("2")
    expect(problems.nth(0)).to_contain_text("duplicate")
    expect(problems.nth(1)).to_contain_text("ghost")
    expect(problems.nth(1)).to_contain_text("user_not_found")
    expect(problems.nth(2)).to_contain_text("otto")
    expect(problems.nth(2)).to_contain_text("not_enrolled")
    granted = page.locator("#csv-granted tbody tr")
    expect(granted).to_have_count(2)
    expect(granted.nth(0)).to_contain_text("5")
    expect(granted.nth(0)).to_contain_text("new1@example.org")
    shoot(page, "csv-preview")

    page.get_by_role("button", name="Grant 2 exceptions").click()
    expect(page.get_by_role("status")).to_have_text(
        "Exceptions granted for 2 learners; 2 rows failed; 1 row skipped as duplicates."
    )
    expect(page.get_by_role("heading", name="Result of learners.csv")).to_be_visible()
    shoot(page, "csv-result")
    notes = dict(CertificateException.objects.values_list("username", "notes"))
    assert notes == {"eve": "Medical leave", "fay": "again", "new1": "Transfer"}


def test_csv_upload_preview_then_cancel(page, course, instructor, people, tmp_path):
    exceptions_page(page, course)
    before = db_snapshot()
    _upload(page, tmp_path)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status")).to_have_text("Upload cancelled; no exception was granted.")
    expect(page.get_by_role("heading", name="Certificate exceptions")).to_be_visible()
    shoot(page, "csv-cancelled")
    assert_nothing_written(before)
    assert not list((tmp_path / "csv-previews").iterdir())


def test_remove_exception(page, course, instructor, people):
    exceptions_page(page, course)
    page.get_by_role("link", name="Remove the exception of eve").click()
    expect(
        page.get_by_role("heading", name="Remove the certificate exception of eve?")
    ).to_be_visible()
    shoot(page, "exception-remove")
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator("#exceptions-table")).to_contain_text("eve")
    page.get_by_role("link", name="Remove the exception of eve").click()
    page.get_by_role("button", name="Remove exception").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Certificate exception removed for eve: re-evaluated, "
        "their certificate is now Not Received."
    )
    expect(
        page.get_by_text("No learner has a certificate exception in this course.")
    ).to_be_visible()
    assert not CertificateException.objects.exists()
