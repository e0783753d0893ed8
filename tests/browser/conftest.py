"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server on
127.0.0.1 (see `--liveserver` in pyproject.toml). Never `playwright install`: the browser
is /usr/bin/chromium, installed by `make test`. Under CI a missing Chromium is an error,
elsewhere a skip.

Time stays frozen (tests/conftest.py): the browser and Playwright's driver run in other
processes on the real clock, and nothing here waits on this process's clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.dashboard.conftest import People, grant, invalidate, people  # noqa: F401
from tests.redis.conftest import start_worker, worker_queue  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(django_settings.BASE_DIR) / "var" / "test-artifacts" / "browser"
PASSWORD = "pw-123456"  # tests.factories.make_user's
VIEWPORT = {"width": 1366, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="package")
def browser() -> Iterator:
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread; Django refuses
    # ORM calls under a running loop unless told that this is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def browser_settings(settings, tmp_path):
    """Session and CSRF cookies without an expiry date: the browser's clock is real, the
    server's is frozen, and a cookie must not look expired to the browser."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    settings.CERTDESK_CSV_PREVIEW_DIR = str(tmp_path / "csv-previews")


@pytest.fixture
def page(browser, live_server, tmp_path):
    """A tab on the live server. Every request the pages make is recorded: one to any
    other host (a CDN font, script or stylesheet) fails the test."""
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    elsewhere: list[str] = []

    def record(request) -> None:
        if not request.url.startswith(("data:", "blob:", f"{live_server.url}/")):
            elsewhere.append(request.url)

    context.on("request", record)
    tab = context.new_page()
    yield tab
    context.close()
    assert not elsewhere, f"requests to other hosts than the live server: {elsewhere}"


def shoot(page, name: str) -> Path:
    """A full-page screenshot under var/test-artifacts/browser/, and under
    $CERTDESK_SCREENSHOTS/<name>.png when that is set (docs/screenshots for the docs)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get("CERTDESK_SCREENSHOTS")
    if target:
        folder = Path(target)
        if not folder.is_absolute():
            folder = Path(django_settings.BASE_DIR) / folder
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / f"{name}.png")
    return path


def login(page, username: str, next_path: str = "/dashboard/") -> None:
    page.goto(next_path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


@pytest.fixture
def jobs_run(request, settings):
    """How a job started from the browser runs: on a real Celery worker when the suite
    has a broker (the PostgreSQL + Redis run of .ci/run), else on the server's thread."""
    if settings.CELERY_BROKER_URL:
        request.getfixturevalue("start_worker")()
        return "celery"
    return "in-process"
