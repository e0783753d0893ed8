"""What every list page shares (`table_page.html`): its empty state, and filters that
are refused inline with nothing written."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import field_block, url
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "empty"),
    [
        ("issued", "No certificates or exceptions in this course yet."),
        ("exceptions", "No learner has a certificate exception in this course."),
        ("invalidations", "No certificate of this course has been invalidated."),
        ("history", "No certificates have been generated for this course yet."),
        ("audit", "Nothing has happened in this course yet."),
    ],
)
def test_empty_state(as_instructor, course, name, empty):
    response = as_instructor.get(url(name, course))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="empty">{empty}' in html
    assert "<table" not in html and 'class="pagination' not in html


@pytest.mark.parametrize(("name", "field"), [("issued", "filter"), ("audit", "action")])
def test_an_unknown_filter_is_an_inline_error_and_writes_nothing(
    as_instructor, course, people, name, field
):
    before = db_snapshot()
    response = as_instructor.get(url(name, course), {field: "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice." in field_block(response.content.decode(), field)
    assert "<table" not in response.content.decode()
    assert_nothing_written(before)
