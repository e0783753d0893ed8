"""The upload endpoint beyond the corpus: dry run, size and row limits, the multipart
envelope, switches and roles, audit, and constant queries (SPEC §2, §8)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import CertificateException
from tests.csv.conftest import URL, exceptions_by_username, upload
from tests.csv.test_corpus import CORPUS
from tests.factories import make_learners
from tests.snapshots import assert_nothing_written, db_snapshot

MB = 1024 * 1024


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["code"] == code
    assert body["developer_message"] == body["message"]
    return body


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_answers_as_the_real_run(as_user, instructor, learners):
    client = as_user(instructor)
    content = (CORPUS / "mixed-good-and-bad.csv").read_bytes()
    before = db_snapshot()
    dry = upload(client, content, query="?dry_run=true")
    assert dry.status_code == 200
    assert_nothing_written(before)
    real = upload(client, content)
    assert real.status_code == 200
    assert dry.json() == {**real.json(), "dry_run": True}
    assert real.json()["summary"]["granted"] == 2


@pytest.mark.django_db
def test_an_invalid_dry_run_value_is_refused(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    body = refused(upload(client, b"ann\n", query="?dry_run=maybe"), 400, "invalid_body")
    assert "dry_run" in body["errors"]
    assert_nothing_written(before)


@pytest.mark.django_db
def test_grants_are_audited_with_their_row(as_user, instructor, course, learners):
    client = as_user(instructor)
    assert upload(client, b"username\nbob,late\n\nann,medical\n").status_code == 200
    granted = AuditEvent.objects.filter(action="exception_granted").order_by("source")
    assert [(e.learner.username, e.source, e.actor, e.notes) for e in granted] == [
        ("bob", "csv:row 2", instructor, "late"),
        ("ann", "csv:row 4", instructor, "medical"),
    ]
    generated = AuditEvent.objects.filter(action="certificate_status_changed")
    assert {(e.learner.username, e.source) for e in generated} == {
        ("ann", "csv:row 4"),
        ("bob", "csv:row 2"),
    }
    assert {e.granted_by for e in CertificateException.objects.filter(user__username="ann")} == {
        instructor
    }


@pytest.mark.django_db
def test_a_file_over_10_mb_is_refused_before_parsing(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    content = b"\xff" * (10 * MB + 1)  # never decoded: a parse would say invalid_encoding
    refused(upload(client, content), 413, "file_too_large")
    assert_nothing_written(before)


@pytest.mark.django_db
def test_a_file_of_exactly_10_mb_is_parsed(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    line = b"a_learner_who_does_not_exist\n"
    content = line * (10 * MB // len(line))
    content += b"x" * (10 * MB - len(content))
    refused(upload(client, content), 400, "too_many_rows")
    assert_nothing_written(before)


@pytest.mark.django_db
def test_a_body_over_the_envelope_limit_is_file_too_large(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    refused(upload(client, b"a" * (11 * MB + 1)), 413, "file_too_large")
    assert_nothing_written(before)


@pytest.mark.django_db
def test_more_than_100000_rows_is_refused(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    content = b"username\n" + b"".join(b"learner%06d\n" % i for i in range(100_001))
    body = refused(upload(client, content), 400, "too_many_rows")
    assert "row" not in body
    assert_nothing_written(before)


@pytest.mark.django_db
def test_two_file_parts_are_refused(as_user, instructor, learners):
    client = as_user(instructor)
    before = db_snapshot()
    files = [SimpleUploadedFile(name, b"ann\n") for name in ("a.csv", "b.csv")]
    response = client.post(URL, {"file": files}, format="multipart")
    body = refused(response, 400, "invalid_body")
    assert body["errors"] == {"file": [body["message"]]}
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (json.dumps({"file": "ann"}), "application/json"),
        ("ann\nbob\n", "text/csv"),
        ("file=ann", "application/x-www-form-urlencoded"),
        ("", MULTIPART_CONTENT),
        ("--nothing-here--", "multipart/form-data"),  # no boundary
        ("garbage without parts", MULTIPART_CONTENT),
        (encode_multipart(BOUNDARY, {"file": "ann", "notes": "x"}), MULTIPART_CONTENT),
        (encode_multipart(BOUNDARY, {"upload": SimpleUploadedFile("a.csv", b"ann")}), None),
    ],
    ids=["json", "text-csv", "form", "empty", "no-boundary", "no-parts", "field", "other-name"],
)
def test_no_readable_file_part_is_no_file(as_user, instructor, learners, data, content_type):
    client = as_user(instructor)
    before = db_snapshot()
    response = client.generic("POST", URL, data, content_type=content_type or MULTIPART_CONTENT)
    body = refused(response, 400, "no_file")
    assert body["message"] == "No file uploaded"
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize("switch", ["course", "platform"])
def test_409_while_certificate_management_is_unavailable(
    as_user, instructor, course, learners, settings, switch
):
    if switch == "course":
        course.certificates_enabled = False
        course.save()
    else:
        settings.CERTDESK_CERTIFICATES_ENABLED = False
    client = as_user(instructor)
    before = db_snapshot()
    refused(upload(client, b"ann\n"), 409, "certificates_disabled")
    refused(upload(client, b"", name="x.txt"), 409, "certificates_disabled")  # before the body
    assert_nothing_written(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("staff_member", 403, "permission_denied"), ("researcher", 403, "permission_denied")],
)
def test_roles_without_certificate_writes_are_refused(
    request, as_user, learners, who, status, code
):
    client = as_user(request.getfixturevalue(who))
    before = db_snapshot()
    refused(upload(client, b"ann\n"), status, code)
    assert_nothing_written(before)


@pytest.mark.django_db
def test_unauthenticated_is_401_and_get_is_405(api, as_user, instructor, learners):
    before = db_snapshot()
    refused(upload(api, b"ann\n"), 401, "not_authenticated")
    assert_nothing_written(before)
    refused(as_user(instructor).get(URL), 405, "method_not_allowed")


@pytest.mark.django_db
def test_global_staff_may_upload(as_user, global_staff, course, learners):
    response = upload(as_user(global_staff), b"ann,by staff\n")
    assert response.json()["success"] == ["ann"]
    assert exceptions_by_username(course)["ann"] == "by staff"


# Statements of one upload of valid rows, whatever their number up to a chunk (2,000):
# the token (2), the role and the course (2); then in a savepoint (2) the course lock,
# and per chunk the resolution, the learners' standing (one read for the checks and the
# re-evaluation), the exceptions and their audit events, the certificates and theirs.
QUERIES = {"sqlite": 13, "postgresql": 13}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1000])
def test_queries_do_not_grow_with_rows(
    as_user, instructor, course, django_assert_num_queries, size
):
    users = make_learners(course, size)
    lines = [u.username if i % 2 else u.email.upper() for i, u in enumerate(users)]
    content = ("username\r\n" + "\r\n".join(f"{line},bulk" for line in lines)).encode()
    client = as_user(instructor)
    with django_assert_num_queries(QUERIES[connection.vendor]):
        response = upload(client, content)
    assert response.json()["summary"] == {
        "rows": size,
        "granted": size,
        "failed": 0,
        "skipped": 1,
        "duplicates": 0,
    }
    assert CertificateException.objects.filter(course=course).count() == size


@pytest.mark.django_db
def test_the_upload_runs_with_the_cyclic_collector_paused(
    as_user, instructor, learners, monkeypatch
):
    """bench/README.md: collections over the upload's live objects took a third of it."""
    import gc

    from certdesk.certificates.services import exceptions

    seen = []
    read = exceptions.standings_read

    def spy(**kwargs):
        seen.append(gc.isenabled())
        return read(**kwargs)

    monkeypatch.setattr(exceptions, "standings_read", spy)
    assert upload(as_user(instructor), b"ann\nbob\n").status_code == 200
    assert seen == [False]
    assert gc.isenabled()
