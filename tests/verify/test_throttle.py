"""The verify API is throttled per client address (SPEC §9): every call counts, 404s
included, and `X-Forwarded-For` is believed only behind a configured proxy."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from tests.verify.conftest import UNKNOWN_UUID


@pytest.fixture
def three_a_minute(settings):
    settings.CERTDESK_VERIFY_THROTTLE = "3/min"
    return settings


def proxies(settings, count: int) -> None:
    """What `CERTDESK_NUM_PROXIES=count` sets at start-up (config/settings/base.py)."""
    settings.CERTDESK_NUM_PROXIES = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def call(api, verify_uuid: str, **headers):
    return api.get(f"/api/v1/verify/{verify_uuid}", **headers)


def test_the_proxy_count_reaches_drf():
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == django_settings.CERTDESK_NUM_PROXIES


@pytest.mark.django_db
def test_the_fourth_call_in_a_minute_is_throttled(api, certificate, three_a_minute):
    for _ in range(3):
        assert call(api, certificate.verify_uuid).status_code == 200
    response = call(api, certificate.verify_uuid)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response["Retry-After"] == "61"


@pytest.mark.django_db
def test_the_window_moves_on(api, certificate, three_a_minute, frozen_time):
    for _ in range(3):
        call(api, certificate.verify_uuid)
    assert call(api, certificate.verify_uuid).status_code == 429
    frozen_time.shift(61)
    assert call(api, certificate.verify_uuid).status_code == 200


@pytest.mark.django_db
def test_not_found_answers_count(api, certificate, three_a_minute):
    assert [call(api, UNKNOWN_UUID).status_code for _ in range(2)] == [404, 404]
    assert call(api, "not-even-hex").status_code == 404
    assert call(api, certificate.verify_uuid).status_code == 429


@pytest.mark.django_db
def test_the_rate_is_read_at_request_time(api, certificate, settings):
    settings.CERTDESK_VERIFY_THROTTLE = "1/min"
    assert call(api, certificate.verify_uuid).status_code == 200
    assert call(api, certificate.verify_uuid).status_code == 429
    settings.CERTDESK_VERIFY_THROTTLE = "5/min"
    assert call(api, certificate.verify_uuid).status_code == 200


@pytest.mark.django_db
def test_two_addresses_are_two_clients(api, certificate, three_a_minute):
    for _ in range(3):
        call(api, certificate.verify_uuid, REMOTE_ADDR="203.0.113.1")
    assert call(api, certificate.verify_uuid, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert call(api, certificate.verify_uuid, REMOTE_ADDR="203.0.113.2").status_code == 200


@pytest.mark.django_db
def test_forwarded_for_is_ignored_without_a_proxy(api, certificate, three_a_minute):
    proxies(three_a_minute, 0)
    for index in range(3):
        forwarded = f"198.51.100.{index}"
        assert call(api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    response = call(api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 429  # one client: REMOTE_ADDR, whatever the header says


@pytest.mark.django_db
def test_forwarded_for_is_honoured_behind_one_proxy(api, certificate, three_a_minute):
    proxies(three_a_minute, 1)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        call(api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    first = call(api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert first.status_code == 429
    # The proxy appends the address it saw; what a client puts before it is not trusted.
    other = call(api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 200
    spoofed = call(
        api, certificate.verify_uuid, HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.1", **proxy
    )
    assert spoofed.status_code == 429


@pytest.mark.django_db
def test_the_page_and_the_pdf_do_not_spend_the_api_budget(api, client, certificate, settings):
    settings.CERTDESK_VERIFY_THROTTLE = "1/min"
    for _ in range(3):
        assert client.get(f"/certificates/{certificate.verify_uuid}").status_code == 200
    assert call(api, certificate.verify_uuid).status_code == 200
