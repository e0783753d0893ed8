"""The one shape of every error body (SPEC §6): `message`, `code`, and the field Open edX
clients read (`developer_message`, or `detail` on the two list endpoints that use it)."""

from __future__ import annotations

from typing import Any

DEVELOPER_MESSAGE = "developer_message"
DETAIL = "detail"


def error_body(
    *,
    message: str,
    code: str,
    message_key: str = DEVELOPER_MESSAGE,
    field_errors: dict[str, list[str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if field_errors:
        body.update(field_errors)
        body["errors"] = field_errors
    body.update(extra or {})
    body.update({"message": message, "code": code, message_key: message})
    return body
