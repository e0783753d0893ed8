"""GET certificates/issued: filters, search, pagination, CSV export (SPEC §6.2)."""

from __future__ import annotations

import csv
import io

import pytest

from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from tests.factories import enroll, make_learners, make_user

URL = "/api/instructor/v2/courses/course-v1:OrgA+CS101+2026/certificates/issued"


def certify(user, course, status, mode="verified"):
    return Certificate.objects.create(
        user=user, course=course, status=status, mode=mode, created=course.created
    )


def allowlist(user, course, notes=""):
    return CertificateException.objects.create(
        user=user, course=course, notes=notes, created=course.created
    )


@pytest.fixture
def roster(course, other_course, instructor):
    people = {}
    for name, status in [
        ("ann", "downloadable"), ("bob", "notpassing"), ("cat", "unverified"),
        ("dan", "audit_passing"), ("eve", "error"), ("fay", "unavailable"),
        ("ivy", "audit_notpassing"), ("hal", "downloadable"),
    ]:  # fmt: skip
        people[name] = make_user(name, email=f"{name.upper()}@Mail.example.org")
        enroll(people[name], course, mode="audit" if name.startswith(("dan", "ivy")) else "honor")
        certify(people[name], course, status)
    people["gus"] = make_user("gus")
    enroll(people["gus"], course)
    allowlist(people["gus"], course)  # an exception, no certificate yet
    allowlist(people["hal"], course, notes='=HYPERLINK("http://x")')
    fay_cert = Certificate.objects.get(user=people["fay"])
    CertificateInvalidation.objects.create(
        certificate=fay_cert, course=course, invalidated_by=instructor, notes="copied",
        created=course.created,
    )  # fmt: skip
    noise = make_user("zed")
    certify(noise, other_course, "downloadable")  # another course: never listed
    return people


def usernames(body):
    return [row["username"] for row in body["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filter_name", "expected"),
    [
        ("all", ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy"]),
        ("received", ["ann", "hal"]),
        ("not_received", ["bob", "cat"]),
        ("audit_passing", ["dan"]),
        ("audit_not_passing", ["ivy"]),
        ("error", ["eve"]),
        ("granted_exceptions", ["gus", "hal"]),
        ("invalidated", ["fay"]),
    ],
)
def test_filters(as_user, staff_member, roster, filter_name, expected):
    body = as_user(staff_member).get(f"{URL}?filter={filter_name}&page_size=50").json()
    assert usernames(body) == expected
    assert body["count"] == len(expected)


@pytest.mark.django_db
def test_rows_report_honest_statuses(as_user, staff_member, roster):
    rows = {
        r["username"]: r for r in as_user(staff_member).get(f"{URL}?page_size=50").json()["results"]
    }
    assert rows["gus"] == {
        "username": "gus",
        "email": "gus@example.org",
        "enrollment_track": "verified",
        "certificate_status": None,
        "certificate_status_label": None,
        "special_case": "Exception",
        "exception_granted": "2026-06-01T12:00:00Z",
        "exception_notes": "",
        "invalidated_by": None,
        "invalidation_date": None,
        "invalidation_note": None,
        "verify_uuid": None,
    }
    assert rows["fay"]["special_case"] == "Invalidation"
    assert rows["fay"]["invalidated_by"] == "instructor_a@example.org"
    assert rows["fay"]["invalidation_note"] == "copied"
    assert rows["fay"]["certificate_status_label"] == "Invalidated"
    assert rows["fay"]["verify_uuid"] is None
    assert rows["ann"]["verify_uuid"] == Certificate.objects.get(user=roster["ann"]).verify_uuid
    assert rows["ann"]["special_case"] is None and rows["ann"]["exception_notes"] is None
    assert rows["cat"]["certificate_status_label"] == "Not Verified"
    assert rows["dan"]["enrollment_track"] == "audit"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("search", "expected"),
    [("NN", ["ann"]), ("mail.EXAMPLE", ["ann", "bob", "cat", "dan", "eve", "fay", "hal", "ivy"]),
     ("", ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy"]), ("nobody", [])],
)  # fmt: skip
def test_search_by_username_or_email(as_user, staff_member, roster, search, expected):
    body = as_user(staff_member).get(URL, {"search": search, "page_size": 50}).json()
    assert usernames(body) == expected


@pytest.mark.django_db
def test_pagination_envelope(as_user, staff_member, roster):
    client = as_user(staff_member)
    body = client.get(f"{URL}?page=2&page_size=4").json()
    assert (body["count"], body["num_pages"], body["current_page"], body["start"]) == (9, 3, 2, 4)
    assert usernames(body) == ["eve", "fay", "gus", "hal"]
    assert body["next"] == f"http://testserver{URL}?page=3&page_size=4"
    assert body["previous"] == f"http://testserver{URL}?page_size=4"
    assert client.get(f"{URL}?page_size=500").json()["num_pages"] == 1
    past = client.get(f"{URL}?page=9")
    assert past.status_code == 404
    assert past.json()["detail"] == "Invalid page."
    assert past.json()["code"] == "invalid_page"


@pytest.mark.django_db
def test_a_page_size_over_100_is_capped_at_100(as_user, staff_member, course):
    for learner in make_learners(course, 120, prefix="many"):
        certify(learner, course, "downloadable")
    body = as_user(staff_member).get(f"{URL}?page_size=500").json()
    assert (body["count"], len(body["results"]), body["num_pages"]) == (120, 100, 2)
    assert body["next"] == f"http://testserver{URL}?page=2&page_size=500"


@pytest.mark.django_db
def test_unknown_filter_is_400_with_detail(as_user, staff_member, roster):
    response = as_user(staff_member).get(f"{URL}?filter=passing")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert body["detail"] == body["message"]
    assert "developer_message" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("filter_name", ["all", "received", "granted_exceptions", "invalidated"])
def test_page_and_count_are_two_queries_whatever_the_size(
    as_user, staff_member, course, filter_name, django_assert_num_queries
):
    client = as_user(staff_member)
    learners = make_learners(course, 30)
    for learner in learners:
        certificate = certify(learner, course, "downloadable")
        allowlist(learner, course)
        CertificateInvalidation.objects.create(
            certificate=certificate, course=course, invalidated_by=staff_member,
            created=course.created,
        )  # fmt: skip
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        response = client.get(f"{URL}?filter={filter_name}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], len(body["results"])) == (30, 10)
    more = make_learners(course, 300, prefix="more")
    Certificate.objects.bulk_create(
        Certificate(user=u, username=u.username, course=course, status="downloadable",
                    mode="verified", created=course.created) for u in more
    )  # fmt: skip
    with django_assert_num_queries(6):
        response = client.get(f"{URL}?filter={filter_name}&page_size=100")
    assert response.status_code == 200, response.content
    body = response.json()
    # the 300 new certificates are downloadable, without an exception or invalidation
    expected = 330 if filter_name in ("all", "received") else 30
    assert (body["count"], len(body["results"])) == (expected, min(expected, 100))


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


ROSTER = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "notes",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1"],
)
def test_csv_export_has_every_row_and_no_formulas(as_user, staff_member, course, roster, notes):
    CertificateException.objects.filter(user=roster["hal"]).update(notes=notes)
    more = make_learners(course, 25, prefix="more")
    for learner in more:
        certify(learner, course, "downloadable")
    # more rows than one page (default 10): the export is not paginated
    rows = csv_rows(as_user(staff_member).get(f"{URL}?format=csv&filter=all"))
    assert len(rows) == 9 + 25
    assert [row["username"] for row in rows] == ROSTER + [u.username for u in more]
    hal = next(row for row in rows if row["username"] == "hal")
    # certdesk/core/csv_export.py: a cell starting with = + - @ tab CR LF gets a leading '
    assert hal["exception_notes"] == "'" + notes
    assert hal["certificate_status_label"] == "Received"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), row


@pytest.mark.django_db
def test_csv_export_honours_the_filter(as_user, staff_member, course, roster):
    more = make_learners(course, 25, prefix="more")
    for learner in more[:12]:
        certify(learner, course, "downloadable")
    for learner in more[12:]:
        certify(learner, course, "notpassing")
    rows = csv_rows(as_user(staff_member).get(f"{URL}?format=csv&filter=received"))
    assert [row["username"] for row in rows] == ["ann", "hal"] + [u.username for u in more[:12]]
    assert {row["certificate_status"] for row in rows} == {"downloadable"}
    verify_uuids = dict(
        Certificate.objects.filter(status="downloadable").values_list("username", "verify_uuid")
    )
    assert {row["username"]: row["verify_uuid"] for row in rows} == {
        row["username"]: verify_uuids[row["username"]] for row in rows
    }


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 50])
def test_search_is_the_same_queries_whatever_the_size(
    as_user, staff_member, course, size, django_assert_num_queries
):
    client = as_user(staff_member)
    found = make_learners(course, size, prefix="match")
    others = make_learners(course, size, prefix="other")
    for learner in found + others:
        certify(learner, course, "downloadable")
        allowlist(learner, course)
    # token (2), roles, course, count, page
    with django_assert_num_queries(6):
        response = client.get(URL, {"search": "MATCH", "page_size": 100})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], len(body["results"])) == (size, size)
    assert usernames(body) == [u.username for u in found]
