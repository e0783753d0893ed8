"""A body over its limit is refused before a byte of it is read, and only after the
checks of SPEC §2: 401, the course key, the role and the 409 of a switched-off course
come first; then 413 (`request_too_large`, or `file_too_large` on the CSV upload)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from certdesk.certificates.models import CertificateException
from tests.factories import make_learners, make_user
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
KEY = "course-v1:OrgA+CS101+2026"
GRANT = f"/api/instructor/v2/courses/{KEY}/certificates/exceptions"
BULK = f"{GRANT}/bulk"
V1_TASKS = f"/courses/{KEY}/instructor/api/list_instructor_tasks"
BIG_JSON = '{"learners": ["ann"], "notes": "' + "x" * (10 * MB) + '"}'


def post_json(client, path=GRANT):
    return client.post(path, data=BIG_JSON, content_type="application/json")


def post_file(client, size=12 * MB, name="learners.csv"):
    file = SimpleUploadedFile(name, b"a" * size, content_type="text/csv")
    return client.post(BULK, {"file": file}, format="multipart")


def refused(response, status: int, code: str, before) -> None:
    assert response.status_code == status, response.content[:300]
    assert response.json()["code"] == code
    assert_nothing_written(before)


@pytest.mark.parametrize("send", [post_json, post_file], ids=["json", "csv"])
def test_anonymous_is_401_before_the_size(api, course, send):
    before = db_snapshot()
    refused(send(api), 401, "not_authenticated", before)


@pytest.mark.parametrize("send", [post_json, post_file], ids=["json", "csv"])
def test_no_role_is_403_before_the_size(as_user, course, send):
    client = as_user(make_user("outsider"))
    before = db_snapshot()
    refused(send(client), 403, "permission_denied", before)


@pytest.mark.parametrize("send", [post_json, post_file], ids=["json", "csv"])
def test_switched_off_is_409_before_the_size(as_user, instructor, course, send):
    course.certificates_enabled = False
    course.save(update_fields=["certificates_enabled"])
    client = as_user(instructor)
    before = db_snapshot()
    refused(send(client), 409, "certificates_disabled", before)


@pytest.mark.parametrize(
    ("send", "code"),
    [(post_json, "request_too_large"), (post_file, "file_too_large")],  # upload: over 11 MB
    ids=["json", "csv"],
)
def test_then_a_body_over_its_limit_is_413(as_user, instructor, course, send, code):
    client = as_user(instructor)
    before = db_snapshot()
    refused(send(client), 413, code, before)


def test_within_the_envelope_the_name_is_checked_before_the_size(as_user, instructor, course):
    client = as_user(instructor)
    before = db_snapshot()
    response = post_file(client, size=10 * MB + 100, name="learners.xlsx")
    refused(response, 400, "not_csv", before)


def test_a_method_that_reads_no_body_is_still_413_and_writes_nothing(as_user, instructor, course):
    """DELETE by path and the v1 task list never read their body; an oversized one is
    refused all the same, before the view runs."""
    (learner,) = make_learners(course, 1)
    CertificateException.objects.create(
        user=learner, username=learner.username, course=course, granted_by=instructor,
        created=course.created,
    )  # fmt: skip
    client = as_user(instructor)
    before = db_snapshot()
    for response in (
        client.generic("DELETE", f"{GRANT}/{learner.username}", BIG_JSON, "application/json"),
        client.generic("POST", V1_TASKS, BIG_JSON, "application/json"),
        client.generic("DELETE", BULK, "x" * (12 * MB), "application/json"),
    ):
        assert response.status_code == 413, response.content[:300]
        assert response.json()["code"] in {"request_too_large", "file_too_large"}
    assert_nothing_written(before)
    assert CertificateException.objects.filter(user=learner).exists()


def test_ingestion_is_413_after_its_own_checks(as_user, course):
    url = f"/api/v1/courses/{KEY}/enrollments"
    refused_anonymous = APIClient().post(url, data=BIG_JSON, content_type="application/json")
    assert refused_anonymous.status_code == 401
    client = as_user(make_user("ingester", is_staff=True))
    before = db_snapshot()
    refused(post_json(client, url), 413, "request_too_large", before)
