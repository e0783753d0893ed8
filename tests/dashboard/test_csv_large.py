"""A large CSV file (SPEC §8 allows 100,000 rows): the preview lists every failed and
duplicate row with its number and code, but only the first rows to be granted, with
their count; its queries do not grow with the rows (the service reads one chunk of
2,000 learners at a time: both sizes below are two chunks)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certdesk.certificates.models import CertificateException
from certdesk.dashboard.outcomes import SUCCESS_ROWS_SHOWN
from tests.dashboard.conftest import url
from tests.factories import make_learners
from tests.snapshots import assert_nothing_written, db_snapshot

pytestmark = pytest.mark.django_db

GHOSTS = 40
DUPLICATES = 15
# Session, user, roles, course; the dry run in a savepoint: resolving two chunks of
# identifiers, checking two chunks of learners; the session keeping the preview's token
# (in a savepoint).
PREVIEW_QUERIES = 4 + (2 + 2 * 2) + 3


def _file(learners) -> bytes:
    lines = ["username,notes"]
    lines += [f"{user.username},row {i}" for i, user in enumerate(learners)]
    lines += [f"ghost{i:04d}," for i in range(GHOSTS)]
    lines += [f"{learners[i].username},again" for i in range(DUPLICATES)]
    return ("\n".join(lines) + "\n").encode()


def _rows(html: str, table: str) -> int:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    return len(re.findall(r"<tr class=", body))


@pytest.mark.parametrize("n", [2_100, 3_900])
def test_a_large_preview_lists_every_problem_and_the_first_grants(
    as_instructor, course, django_assert_num_queries, n
):
    learners = make_learners(course, n, prefix=f"big{n}_")
    upload = SimpleUploadedFile("big.csv", _file(learners))
    before = db_snapshot()
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = as_instructor.post(url("exceptions-upload", course), {"file": upload})
    assert response.status_code == 200
    assert_nothing_written(before)
    assert not CertificateException.objects.exists()

    report = response.context["report"]
    assert report.summary["granted"] == n
    assert report.summary["failed"] == GHOSTS
    assert report.summary["duplicates"] == DUPLICATES
    assert len(report.granted) == SUCCESS_ROWS_SHOWN == 200
    assert report.granted_not_shown == n - 200

    html = response.content.decode()
    assert _rows(html, "csv-problems") == GHOSTS + DUPLICATES  # every problem row, in full
    assert _rows(html, "csv-granted") == 200
    assert f"The first 200 are listed below; {n - 200} more rows will be granted too." in html
    # problem rows carry their spreadsheet row number and code: the header is row 1
    assert '<td class="num">2</td><td>big' in html  # the first duplicate's earlier row
    first_ghost_row = n + 2
    assert f'<td class="num">{first_ghost_row}</td><td>ghost0000</td>' in html
    assert html.count("<code>user_not_found</code>") == GHOSTS
    assert html.count("<code>duplicate</code>") == DUPLICATES
    assert f"Grant {n} exceptions" in html
