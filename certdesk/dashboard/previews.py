"""The CSV file between its dry-run preview and the instructor's decision.

The uploaded bytes are written to a file named by a random token, under
`CERTDESK_CSV_PREVIEW_DIR` (default `var/csv-previews/`); the session holds the token
with the course, the file name and a SHA-256 of the bytes. Confirm reads the same bytes
back (nothing is written to the database before it); cancel deletes them. A session keeps
at most `PREVIEWS_PER_SESSION` previews: an older one is dropped with its file."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from certdesk.courses.models import Course

SESSION_KEY = "dashboard_csv_previews"
PREVIEWS_PER_SESSION = 3
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class StoredCsv:
    token: str
    name: str
    content: bytes


def _directory() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "csv-previews"
    return Path(getattr(settings, "CERTDESK_CSV_PREVIEW_DIR", default))


def _path(token: str) -> Path:
    if not TOKEN.match(token):
        raise ValueError("not a preview token")
    return _directory() / f"{token}.csv"


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def preview_store(*, session: SessionBase, course: Course, name: str, content: bytes) -> str:
    """Keep the file for a later confirm; returns its token."""
    token = secrets.token_urlsafe(24)
    path = _path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    previews = dict(session.get(SESSION_KEY, {}))
    previews[token] = {"course": course.pk, "name": name, "sha256": _digest(content)}
    while len(previews) > PREVIEWS_PER_SESSION:
        oldest = next(iter(previews))
        previews.pop(oldest)
        _path(oldest).unlink(missing_ok=True)
    session[SESSION_KEY] = previews
    return token


def preview_load(*, session: SessionBase, course: Course, token: str) -> StoredCsv | None:
    """The file of this session's preview for this course; None when there is none (an
    unknown or foreign token, another course, a file that is gone or was changed)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry["course"] != course.pk:
        return None
    try:
        content = _path(token).read_bytes()
    except FileNotFoundError:
        return None
    if _digest(content) != entry["sha256"]:
        return None
    return StoredCsv(token=token, name=entry["name"], content=content)


def preview_discard(*, session: SessionBase, token: str) -> None:
    previews = dict(session.get(SESSION_KEY, {}))
    if previews.pop(token, None) is None:
        return
    _path(token).unlink(missing_ok=True)
    session[SESSION_KEY] = previews
