"""The issued-certificates table (SPEC §6.2): filters, search, pagination, labels and
the CSV export of every matching row."""

from __future__ import annotations

import csv
import io

import pytest

from certdesk.certificates.issued import FILTERS
from certdesk.certificates.models import Certificate
from certdesk.dashboard.forms import ISSUED_FILTER_CHOICES
from tests.dashboard.conftest import grant, url
from tests.factories import enroll, make_learners, make_user

pytestmark = pytest.mark.django_db


def usernames(response) -> list[str]:
    return [row["username"] for row in response.context["rows"]]


def test_all_lists_certificates_and_exceptions_with_labels(as_instructor, course, people):
    response = as_instructor.get(url("issued", course))
    assert response.status_code == 200
    assert usernames(response) == ["eve", "ivan", "pat"]
    html = response.content.decode()
    assert "Received" in html and "Invalidated" in html
    assert "Medical leave" in html and "Plagiarism" in html


@pytest.mark.parametrize(
    ("filter_name", "expected"),
    [
        ("received", ["eve", "pat"]),
        ("invalidated", ["ivan"]),
        ("granted_exceptions", ["eve"]),
        ("not_received", []),
        ("error", []),
    ],
)
def test_filters(as_instructor, course, people, filter_name, expected):
    response = as_instructor.get(url("issued", course), {"filter": filter_name})
    assert usernames(response) == expected


def test_an_exception_without_a_certificate_shows_no_made_up_status(
    as_instructor, course, instructor, settings
):
    settings.CERTDESK_AUTO_GENERATION = False
    learner = make_user("nocert")
    enroll(learner, course)
    grant(course, learner, instructor)
    response = as_instructor.get(url("issued", course))
    assert response.context["rows"][0]["certificate_status"] is None
    assert "No certificate" in response.content.decode()


def test_search_matches_username_or_email_case_insensitively(as_instructor, course, people):
    assert usernames(as_instructor.get(url("issued", course), {"search": "PAT"})) == ["pat"]
    found = as_instructor.get(url("issued", course), {"search": "eve@EXAMPLE"})
    assert usernames(found) == ["eve"]
    empty = as_instructor.get(url("issued", course), {"search": "zzz"})
    assert "No learner matches this filter and search." in empty.content.decode()


def test_the_filter_choices_are_the_filters_of_the_list_with_status_labels():
    assert {value for value, _ in ISSUED_FILTER_CHOICES} == FILTERS
    labels = dict(ISSUED_FILTER_CHOICES)
    assert (labels["received"], labels["not_received"]) == ("Received", "Not Received")
    assert (labels["audit_not_passing"], labels["invalidated"]) == (
        "Audit - Not Passing",
        "Invalidated",
    )


def test_pagination_keeps_filter_and_search(as_instructor, course):
    users = make_learners(course, 30, passed=True)
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=course.created)
        for u in users
    )  # fmt: skip
    first = as_instructor.get(url("issued", course), {"filter": "received", "search": "learner"})
    assert len(first.context["rows"]) == 25
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert "filter=received&amp;search=learner&amp;page=2" in html
    second = as_instructor.get(
        url("issued", course), {"filter": "received", "search": "learner", "page": 2}
    )
    assert usernames(second) == [f"learner{i:05d}" for i in range(25, 30)]
    beyond = as_instructor.get(url("issued", course), {"page": 99})
    assert beyond.status_code == 200 and beyond.context["table"].number == 2


def test_csv_export_has_every_matching_row_not_one_page(as_instructor, course, people):
    users = make_learners(course, 30, passed=True)
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=course.created)
        for u in users
    )  # fmt: skip
    response = as_instructor.get(url("issued-export", course), {"filter": "received"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="issued-certificates-CS101.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 32  # 30 + pat + eve: every matching row, not a page
    assert {row["certificate_status_label"] for row in rows} == {"Received"}
    eve = next(row for row in rows if row["username"] == "eve")
    assert eve["special_case"] == "Exception" and eve["exception_notes"] == "Medical leave"


def test_csv_export_cells_cannot_run_as_formulas(as_instructor, course, instructor):
    learner = make_user("formula")
    enroll(learner, course)
    grant(course, learner, instructor, notes="=HYPERLINK(1)")
    response = as_instructor.get(url("issued-export", course))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_the_export_link_carries_the_filters(as_instructor, course, people):
    html = as_instructor.get(url("issued", course), {"filter": "received"}).content.decode()
    assert f"{url('issued-export', course)}?filter=received" in html
