"""Request body limits (SPEC §5, §6.12, §8), measured from the declared length: a body
over its limit is refused before a byte of it is read."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings

from certdesk.core.errors import RequestTooLarge


class BodyLimit(NamedTuple):
    """A body limit and the error that answers a body over it."""

    max_bytes: int
    code: str
    message: str


def default_body_limit() -> BodyLimit:
    return BodyLimit(
        settings.CERTDESK_MAX_BODY_BYTES, RequestTooLarge.code, RequestTooLarge.default_message
    )


def content_length(request: Any) -> int:
    """The declared body size; 0 when absent or not a number."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
