"""Statements per call are a constant per chunk of 2,000 items, whatever the chunk's
size: no query per item (SPEC §5, STYLE "Bulk is the normal case").

The count of one call is  REQUEST + TRANSACTION + chunks × PER_CHUNK, where
  REQUEST = 5: the API token, knox's read of the user's other tokens, the user's and its
    groups' permissions (`accounts.ingest`), the course;
  TRANSACTION = 2: the service's atomic block (a savepoint inside the test's transaction;
    BEGIN/COMMIT outside tests, which Django does not log);
  PER_CHUNK: the reads and bulk writes that service documents (a write with nothing to
    write is skipped), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from certdesk.certificates.models import Certificate
from certdesk.courses.models import Enrollment, Grade
from tests.factories import make_user
from tests.ingestion.conftest import BASE

REQUEST = 5
TRANSACTION = 2
CHUNK = 2_000

ENROLL_NEW = 5  # users by username, users by email, insert users, enrollments, insert
ENROLL_SAME = 3  # the three reads
ENROLL_CHANGED = 5  # the three reads, update users, update enrollments
# Grades, then the re-evaluation of the learners whose grade changed (§7.5): its one
# read (each learner's enrollment, grade, exception and certificate), then its writes.
REEVALUATE_READS = 1
GRADES_NEW = 3 + REEVALUATE_READS  # users, grades, insert grades; failing: nothing to write
GRADES_CHANGED = 3 + REEVALUATE_READS + 2  # ...update grades; passing: insert certs, audit
CERTS_NEW = 6  # users, enrollment modes, certificates, verify_uuid holders, insert, audit
CERTS_SAME = 4  # the four reads


def expected(per_chunk: int, chunks: int = 1) -> int:
    return REQUEST + TRANSACTION + chunks * per_chunk


def enrollment_items(n: int, *, mode: str = "verified", suffix: str = "") -> list[dict]:
    return [
        {
            "username": f"learner{i}",
            "email": f"learner{i}{suffix}@example.org",
            "name": f"Learner {i}",
            "mode": mode,
        }
        for i in range(n)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, CHUNK])
def test_enrollments(ingest_client, course, django_assert_num_queries, n):
    url = f"{BASE}/enrollments"
    with django_assert_num_queries(expected(ENROLL_NEW)):
        response = ingest_client.post(url, {"enrollments": enrollment_items(n)}, format="json")
    assert response.json()["created"] == n
    with django_assert_num_queries(expected(ENROLL_SAME)):
        response = ingest_client.post(url, {"enrollments": enrollment_items(n)}, format="json")
    assert response.json()["unchanged"] == n
    changed = enrollment_items(n, mode="honor", suffix=".new")
    with django_assert_num_queries(expected(ENROLL_CHANGED)):
        response = ingest_client.post(url, {"enrollments": changed}, format="json")
    assert response.json()["updated"] == n
    assert Enrollment.objects.filter(course=course, mode="honor").count() == n


@pytest.mark.django_db
def test_10000_enrollments_in_one_call(ingest_client, course, django_assert_num_queries):
    n = 10_000
    with django_assert_num_queries(expected(ENROLL_NEW, chunks=5)):
        response = ingest_client.post(
            f"{BASE}/enrollments", {"enrollments": enrollment_items(n)}, format="json"
        )
    assert response.status_code == 200
    assert response.json() == {"created": n, "updated": 0, "unchanged": 0, "errors": []}
    assert Enrollment.objects.filter(course=course).count() == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, CHUNK])
def test_grades(ingest_client, course, django_assert_num_queries, n):
    ingest_client.post(f"{BASE}/enrollments", {"enrollments": enrollment_items(n)}, format="json")
    items = [{"username": f"learner{i}", "percent": 0.5, "passed": False} for i in range(n)]
    with django_assert_num_queries(expected(GRADES_NEW)):
        response = ingest_client.post(f"{BASE}/grades", {"grades": items}, format="json")
    assert response.json()["created"] == n
    items = [{"username": f"learner{i}", "percent": 0.9, "passed": True} for i in range(n)]
    with django_assert_num_queries(expected(GRADES_CHANGED)):
        response = ingest_client.post(f"{BASE}/grades", {"grades": items}, format="json")
    assert response.json()["updated"] == n
    assert Grade.objects.filter(course=course, passed=True).count() == n
    assert Certificate.objects.filter(course=course, status="downloadable").count() == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [10, CHUNK])
def test_certificates(ingest_client, course, django_assert_num_queries, n):
    ingest_client.post(f"{BASE}/enrollments", {"enrollments": enrollment_items(n)}, format="json")
    items = [
        {"username": f"learner{i}", "status": "downloadable", "verify_uuid": f"{i:032x}"}
        for i in range(n)
    ]
    with django_assert_num_queries(expected(CERTS_NEW)):
        response = ingest_client.post(
            f"{BASE}/certificates", {"certificates": items}, format="json"
        )
    assert response.json()["created"] == n
    with django_assert_num_queries(expected(CERTS_SAME)):
        response = ingest_client.post(
            f"{BASE}/certificates", {"certificates": items}, format="json"
        )
    assert response.json()["unchanged"] == n
    assert Certificate.objects.filter(course=course).count() == n


@pytest.mark.django_db
def test_global_staff_skips_the_permission_reads(
    as_user, global_staff, course, django_assert_num_queries
):
    make_user("ann")
    staff_client = as_user(global_staff)
    with django_assert_num_queries(expected(GRADES_NEW) - 2):
        response = staff_client.post(
            f"{BASE}/grades",
            {"grades": [{"username": "ann", "percent": 1, "passed": True}]},
            format="json",
        )
    assert response.json()["created"] == 1
