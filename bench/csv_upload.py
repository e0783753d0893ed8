"""`csv`: upload N valid exception rows through the real endpoint and service.

Half the rows name the learner by username, half by email; the file has a BOM, a header
and CRLF line ends. The floor (`raw_seconds`) is a plain bulk insert of the same final
exception rows into an unindexed copy of the table on the same database, in the same run:
`executemany` on SQLite, `COPY` on PostgreSQL."""

from __future__ import annotations

from bench.common import analyze, emit, floor_fields, measure, raw_floor, setup_django

KEY = "course-v1:Bench+CSV+2026"
COLUMNS = ("user_id", "username", "course_id", "notes", "granted_by_id", "created")


def _make_course(rows: int):
    from django.contrib.auth import get_user_model
    from knox.models import AuthToken

    from certdesk.courses.models import Course, CourseRole, Enrollment

    User = get_user_model()
    course = Course.objects.create(
        key=KEY, display_name="Benchmark", org="Bench", course_number="CSV", course_run="2026"
    )
    instructor = User.objects.create_user("bench_instructor", "bench@example.org")
    CourseRole.objects.create(user=instructor, course=course, role="instructor")
    users = User.objects.bulk_create(
        User(username=f"learner{i:06d}", email=f"learner{i:06d}@example.org", password="!")
        for i in range(rows)
    )
    Enrollment.objects.bulk_create(
        Enrollment(user=u, course=course, mode="verified") for u in users
    )
    _, token = AuthToken.objects.create(user=instructor, expiry=None)
    return users, token


def _csv(users) -> bytes:
    lines = ["username,notes"]
    for index, user in enumerate(users):
        identifier = user.username if index % 2 == 0 else user.email.upper()
        lines.append(f'{identifier},"Granted in bulk, row {index + 2}"')
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def run(*, rows: int, db: str) -> None:
    setup_django(db)
    from django.test import Client
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from certdesk.certificates.models import CertificateException

    users, token = _make_course(rows)
    analyze()
    upload = _FakeFile("exceptions.csv", _csv(users))
    body = encode_multipart(BOUNDARY, {"file": upload})
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/instructor/v2/courses/{KEY}/certificates/exceptions/bulk"

    # A dry run of ten rows first, as a running server has already served requests: the
    # modules a first request imports are not the upload's memory. It writes nothing.
    warm_up = encode_multipart(BOUNDARY, {"file": _FakeFile("warm.csv", _csv(users[:10]))})
    client.generic("POST", f"{url}?dry_run=true", data=warm_up, content_type=MULTIPART_CONTENT)
    measurement, response = measure(
        lambda: client.generic("POST", url, data=body, content_type=MULTIPART_CONTENT)
    )
    answer = response.json()
    if response.status_code != 200 or answer["summary"]["granted"] != rows:
        raise SystemExit(f"upload failed: {response.status_code} {str(answer)[:500]}")
    if CertificateException.objects.count() != rows:
        raise SystemExit("the upload did not write every row")
    floors = raw_floor(CertificateException, COLUMNS)
    emit(
        {
            "benchmark": "csv",
            "db": db,
            "rows": rows,
            "seconds": round(measurement.seconds, 3),
            **floor_fields(measurement.seconds, floors),
            "statements": measurement.statements,
            "peak_rss_mib": measurement.peak_rss_growth_mib,
        }
    )


class _FakeFile:
    """An in-memory upload for django.test.client.encode_multipart."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name = name
        self._content = content

    def read(self) -> bytes:
        return self._content
