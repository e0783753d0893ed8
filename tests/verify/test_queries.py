"""Each public answer is one query, whatever it finds (SPEC §9; STYLE: exact counts)."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.verify.conftest import UNKNOWN_UUID, invalidate_row

PATHS = ["/certificates/{}", "/certificates/{}.pdf", "/api/v1/verify/{}"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", ["valid", "invalidated", "unknown"])
def test_one_query(client, certificate, django_assert_num_queries, path, case):
    verify_uuid = certificate.verify_uuid
    if case == "invalidated":
        invalidate_row(certificate, by=make_user("instructor_x"))
    if case == "unknown":
        verify_uuid = UNKNOWN_UUID
    with django_assert_num_queries(1):
        response = client.get(path.format(verify_uuid))
    expected = {"valid": 200, "invalidated": 410, "unknown": 404}[case]
    if path.startswith("/api/") and case == "invalidated":
        expected = 200  # the API answers `valid: false`
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_a_malformed_id_needs_no_query(client, django_assert_num_queries, path):
    with django_assert_num_queries(0):
        assert client.get(path.format("not-a-uuid")).status_code == 404
