"""Exceptions from a CSV file (SPEC §8): the upload is a dry run listing every row's
outcome; confirm grants from the same bytes; cancel drops them; nothing is written
before confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import CertificateException
from certdesk.dashboard.previews import SESSION_KEY
from tests.dashboard.conftest import field_block, signed_in, url
from tests.factories import make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

CSV = b'username,notes\npat,Good work\nghost,\nfay,"Late, but fine"\n\npat,again\notto\n'


def upload(client, course, content: bytes = CSV, name: str = "learners.csv"):
    return client.post(
        url("exceptions-upload", course), {"file": SimpleUploadedFile(name, content)}
    )


def token_of(client) -> str:
    return next(iter(client.session[SESSION_KEY]))


def test_preview_lists_every_row_and_writes_nothing(as_instructor, course, people, preview_dir):
    before = db_snapshot()
    response = upload(as_instructor, course)
    assert response.status_code == 200
    assert_nothing_written(before)
    report = response.context["report"]
    assert report.dry_run is True
    assert report.summary == {"rows": 5, "granted": 2, "failed": 2, "skipped": 2, "duplicates": 1}
    problems = [(item.row, item.learner, item.code) for item in report.problems]
    assert problems == [
        (2, "pat", "duplicate"),
        (3, "ghost", "user_not_found"),
        (7, "otto", "not_enrolled"),
    ]
    assert [(item.row, item.learner) for item in report.granted] == [(4, "fay"), (6, "pat")]
    html = response.content.decode()
    assert "Nothing has been granted yet." in html
    assert "<code>user_not_found</code>" in html and "Grant 2 exceptions" in html
    assert len(list(preview_dir.iterdir())) == 1


def test_confirm_grants_from_the_same_file_and_says_what_happened(
    as_instructor, course, people, preview_dir
):
    upload(as_instructor, course)
    response = as_instructor.post(
        url("exceptions-upload-confirm", course), {"token": token_of(as_instructor)}
    )
    assert response.status_code == 200  # a result with failed rows is shown in full
    html = response.content.decode()
    assert "Exceptions granted for 2 learners; 2 rows failed; 1 row skipped as duplicates." in html
    notes = dict(CertificateException.objects.values_list("username", "notes"))
    assert notes == {"eve": "Medical leave", "fay": "Late, but fine", "pat": "again"}
    sources = set(
        AuditEvent.objects.filter(action="exception_granted").values_list("source", flat=True)
    )
    assert {"csv:row 4", "csv:row 6"} <= sources
    assert list(preview_dir.iterdir()) == []
    assert as_instructor.session[SESSION_KEY] == {}


def test_confirm_of_a_clean_file_goes_back_to_the_list(as_instructor, course, people):
    upload(as_instructor, course, b"fay,ok\n")
    response = as_instructor.post(
        url("exceptions-upload-confirm", course), {"token": token_of(as_instructor)}
    )
    assert response.status_code == 302
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Exceptions granted for 1 learner." in html


def test_cancel_drops_the_file_and_writes_nothing(as_instructor, course, people, preview_dir):
    upload(as_instructor, course)
    before = db_snapshot()
    response = as_instructor.post(
        url("exceptions-upload-cancel", course), {"token": token_of(as_instructor)}
    )
    assert response.status_code == 302
    assert_nothing_written(before)
    assert list(preview_dir.iterdir()) == []
    html = as_instructor.get(response["Location"]).content.decode()
    assert "Upload cancelled; no exception was granted." in html


def test_a_token_is_good_for_one_confirm_only(as_instructor, course, people):
    upload(as_instructor, course, b"fay\n")
    token = token_of(as_instructor)
    as_instructor.post(url("exceptions-upload-confirm", course), {"token": token})
    before = db_snapshot()
    again = as_instructor.post(url("exceptions-upload-confirm", course), {"token": token})
    assert again.status_code == 404
    assert "no longer available" in again.content.decode()
    assert_nothing_written(before)


def test_another_session_cannot_confirm_the_preview(as_instructor, course, people, instructor):
    upload(as_instructor, course, b"fay\n")
    token = token_of(as_instructor)
    stranger = signed_in(make_user("other_instructor", roles={course: "instructor"}))
    before = db_snapshot()
    response = stranger.post(url("exceptions-upload-confirm", course), {"token": token})
    assert response.status_code == 404
    assert_nothing_written(before)


def test_a_changed_file_is_not_confirmed(as_instructor, course, people, preview_dir):
    upload(as_instructor, course, b"fay\n")
    (stored,) = preview_dir.iterdir()
    stored.write_bytes(b"pat\n")
    before = db_snapshot()
    response = as_instructor.post(
        url("exceptions-upload-confirm", course), {"token": token_of(as_instructor)}
    )
    assert response.status_code == 404
    assert_nothing_written(before)


@pytest.mark.parametrize(
    ("name", "content", "status", "phrase"),
    [
        ("learners.txt", b"fay\n", 400, "File must be in CSV format"),
        ("empty.csv", b"username\n\n", 400, "CSV file is empty or contains no valid entries"),
        ("bad.csv", b'fay\n"open quote\n', 400, "never closed"),
        ("latin1.csv", b"fay\nj\xe9r\xf4me\n", 400, "not UTF-8"),
    ],
)
def test_file_level_errors_are_shown_next_to_the_file_field(
    as_instructor, course, people, preview_dir, name, content, status, phrase
):
    before = db_snapshot()
    response = upload(as_instructor, course, content, name)
    assert response.status_code == status
    assert phrase in field_block(response.content.decode(), "file")
    assert_nothing_written(before)
    assert not preview_dir.exists() or list(preview_dir.iterdir()) == []


def test_no_file_is_an_inline_error_and_writes_nothing(as_instructor, course, people, preview_dir):
    before = db_snapshot()
    response = as_instructor.post(url("exceptions-upload", course), {})
    assert response.status_code == 400
    assert "This field is required." in field_block(response.content.decode(), "file")
    assert_nothing_written(before)
    assert not preview_dir.exists()
    assert SESSION_KEY not in as_instructor.session


def test_a_session_keeps_at_most_three_previews(as_instructor, course, people, preview_dir):
    for _ in range(5):
        upload(as_instructor, course, b"fay\n")
    assert len(as_instructor.session[SESSION_KEY]) == 3
    assert len(list(preview_dir.iterdir())) == 3


MB = 1024 * 1024


def test_a_file_of_exactly_10_mb_is_read(as_instructor, course, people, preview_dir):
    """As the API: 10 MB is within the limit, so the file is parsed (and has too many
    rows), not refused for its size."""
    line = b"a_learner_who_does_not_exist\n"
    content = line * (10 * MB // len(line))
    content += b"x" * (10 * MB - len(content))
    before = db_snapshot()
    response = upload(as_instructor, course, content)
    assert response.status_code == 400
    assert "100,000" in field_block(response.content.decode(), "file")
    assert_nothing_written(before)


def test_a_file_over_10_mb_is_refused_on_the_form(as_instructor, course, people, preview_dir):
    before = db_snapshot()
    response = upload(as_instructor, course, b"a" * (10 * MB + 1))
    assert response.status_code == 413
    assert "larger than 10 MB" in field_block(response.content.decode(), "file")
    assert_nothing_written(before)
    assert not preview_dir.exists() or list(preview_dir.iterdir()) == []


def test_a_body_too_large_for_any_10_mb_file_is_a_page_unread(as_instructor, course, people):
    before = db_snapshot()
    response = upload(as_instructor, course, b"a" * (12 * MB))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Too large" in html and "file_too_large" in html
    assert_nothing_written(before)


def test_another_form_over_10_mb_is_a_page_too(as_instructor, course, people):
    before = db_snapshot()
    response = as_instructor.post(url("exception-add", course), {"notes": "x" * (11 * MB)})
    assert response.status_code == 413
    assert "request_too_large" in response.content.decode()
    assert_nothing_written(before)
