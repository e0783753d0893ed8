"""Concurrent writers against a live server on PostgreSQL (SPEC §7.1, §7.3, §8): the
course lock and the database constraints keep exactly one outcome per learner."""

from __future__ import annotations

import http.client
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from certdesk.audit.models import AuditEvent
from certdesk.certificates.models import Certificate, CertificateException, CertificateInvalidation
from tests.factories import make_course, make_learners, make_user, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KEY = "course-v1:OrgA+CS101+2026"
BASE = f"/api/instructor/v2/courses/{KEY}/certificates"
TIMEOUT = 60


def _request(server: str, method: str, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    tail = f"\r\n--{boundary}--\r\n"
    return head.encode() + content + tail.encode(), f"multipart/form-data; boundary={boundary}"


def _parallel(count: int, call) -> list[tuple[int, bytes]]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: call(), range(count)))


@pytest.fixture
def setup():
    course = make_course(KEY)
    instructor = make_user("instructor_a", roles={course: "instructor"})
    return course, {"Authorization": f"Token {token_for(instructor)}"}


def test_sixteen_simultaneous_uploads_grant_each_learner_once(live_server, setup):
    course, auth = setup
    learners = make_learners(course, 200)
    rows = [f"{u.username if i % 2 else u.email},parallel upload" for i, u in enumerate(learners)]
    body, content_type = _multipart("learners.csv", ("\r\n".join(rows) + "\r\n").encode())
    headers = auth | {"Content-Type": content_type}

    results = _parallel(
        16, lambda: _request(live_server.url, "POST", f"{BASE}/exceptions/bulk", body, headers)
    )

    assert all(status == 200 for status, _ in results), [s for s, _ in results]
    granted = [json.loads(payload)["summary"]["granted"] for _, payload in results]
    assert sum(granted) == 200
    assert CertificateException.objects.filter(course=course).count() == 200
    events = AuditEvent.objects.filter(course=course, action="exception_granted")
    assert events.count() == 200
    assert events.values("learner").distinct().count() == 200
    assert Certificate.objects.filter(course=course).count() == 200


def test_concurrent_invalidations_leave_one_active_invalidation(live_server, setup):
    course, auth = setup
    learner = make_learners(course, 1)[0]
    Certificate.objects.create(
        user=learner, course=course, status="downloadable", mode="verified", created=course.created
    )
    body = json.dumps({"learners": [learner.username], "notes": "race"}).encode()
    headers = auth | {"Content-Type": "application/json"}

    results = _parallel(
        16, lambda: _request(live_server.url, "POST", f"{BASE}/invalidations", body, headers)
    )

    assert all(status == 200 for status, _ in results)
    successes = [json.loads(payload)["success"] for _, payload in results]
    assert sum(len(s) for s in successes) == 1
    codes = {e["code"] for _, p in results for e in json.loads(p)["errors"]}
    assert codes == {"already_invalidated"}
    assert CertificateInvalidation.objects.filter(active=True).count() == 1
    assert AuditEvent.objects.filter(action="certificate_invalidated").count() == 1


def test_concurrent_ingestion_of_the_same_new_learners_is_never_a_500(live_server, setup):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from certdesk.courses.models import Enrollment

    course, _ = setup
    feeder = make_user("feeder")
    feeder.user_permissions.add(Permission.objects.get(codename="ingest"))
    items = [
        {"username": f"new{i:03d}", "email": f"new{i:03d}@example.org", "mode": "verified"}
        for i in range(100)
    ]
    body = json.dumps({"enrollments": items}).encode()
    headers = {"Authorization": f"Token {token_for(feeder)}", "Content-Type": "application/json"}
    path = f"/api/v1/courses/{KEY}/enrollments"

    results = _parallel(8, lambda: _request(live_server.url, "POST", path, body, headers))

    assert [status for status, _ in results] == [200] * 8, results[0][1][:300]
    created = sum(json.loads(payload)["created"] for _, payload in results)
    assert created == 100
    assert get_user_model().objects.filter(username__startswith="new").count() == 100
    assert Enrollment.objects.filter(course=course).count() == 100
