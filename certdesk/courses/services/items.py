"""What every ingestion batch shares (SPEC §5): the size limit, chunking, the answer
shape, and the readers that validate one item's fields into a stable error code.

A reader raises `ItemRejected`; the batch loop turns it into an `ItemError` for that
item's index and goes on with the next item. Type errors are `invalid_field` (the
message names the field); a value of the right type that breaks a rule has its own code
(`invalid_mode`, `invalid_email`, ...). An absent or null required field is
`missing_field`. Unknown fields are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from certdesk.core.collector import collector_paused
from certdesk.core.errors import TooManyItems

MAX_ITEMS = 10_000
CHUNK_SIZE = 2_000
USERNAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254

T = TypeVar("T")

_username_validator = UnicodeUsernameValidator()
_email_validator = EmailValidator()


class ItemRejected(Exception):
    """One item of a batch is not valid; the others go on."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ItemError:
    index: int
    code: str
    message: str


@dataclass
class BatchResult:
    """The answer of every batch endpoint: counts of applied items and per-item errors."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ItemError] = field(default_factory=list)

    def reject(self, index: int, rejected: ItemRejected) -> None:
        self.errors.append(ItemError(index=index, code=rejected.code, message=rejected.message))

    def count(self, *, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def finish(self) -> None:
        self.errors.sort(key=lambda error: error.index)


def batch_check_size(*, items: Sequence[Any]) -> None:
    """More than MAX_ITEMS → 400 `too_many_items` before anything is read or written."""
    if len(items) > MAX_ITEMS:
        raise TooManyItems(
            f"At most {MAX_ITEMS} items per request; this one has {len(items)}.",
            extra={"max_items": MAX_ITEMS},
        )


def batch_chunks(*, items: Sequence[Any]) -> Iterator[tuple[int, Sequence[Any]]]:
    """(offset of the chunk's first item, chunk) for chunks of CHUNK_SIZE items."""
    for offset in range(0, len(items), CHUNK_SIZE):
        yield offset, items[offset : offset + CHUNK_SIZE]


def batch_parse(
    *,
    offset: int,
    chunk: Sequence[Any],
    parse: Callable[[int, Mapping[str, Any]], T],
    result: BatchResult,
) -> list[T]:
    """The chunk's valid items, parsed; each invalid one is recorded in `result`."""
    parsed: list[T] = []
    for position, raw in enumerate(chunk):
        try:
            parsed.append(parse(offset + position, read_item(raw)))
        except ItemRejected as rejected:
            result.reject(offset + position, rejected)
    return parsed


@collector_paused()
def batch_run(
    *,
    items: Sequence[Any],
    parse: Callable[[int, Mapping[str, Any], DuplicateGuard], T],
    apply: Callable[[list[T]], None],
    result: BatchResult,
) -> None:
    """Check the batch's size, then parse and apply it chunk by chunk (each invalid item
    recorded in `result`, a username repeated in the batch refused). The caller holds the
    transaction."""
    batch_check_size(items=items)
    guard = DuplicateGuard()
    for offset, chunk in batch_chunks(items=items):
        parsed = batch_parse(
            offset=offset,
            chunk=chunk,
            parse=lambda index, item: parse(index, item, guard),
            result=result,
        )
        apply(parsed)


class DuplicateGuard:
    """Rejects a username already seen earlier in the same call: the first item wins, so
    a body sent twice applies the same values and the second call changes nothing."""

    def __init__(self) -> None:
        self._first_index: dict[str, int] = {}

    def check(self, *, index: int, username: str) -> None:
        first = self._first_index.setdefault(username, index)
        if first != index:
            raise ItemRejected(
                "invalid_field",
                f"username: {username!r} already appears at index {first} of this batch.",
            )


def read_item(raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise ItemRejected("invalid_field", "item: must be a JSON object.")
    return raw


def _present(item: Mapping[str, Any], name: str) -> bool:
    return item.get(name) is not None


def _require(item: Mapping[str, Any], name: str) -> Any:
    if not _present(item, name):
        raise ItemRejected("missing_field", f"{name}: this field is required.")
    return item[name]


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ItemRejected("invalid_field", f"{name}: must be a string.")
    return value


def read_username(item: Mapping[str, Any]) -> str:
    username = _string("username", _require(item, "username"))
    return check_username(username)


def check_username(username: str) -> str:
    if not username or len(username) > USERNAME_MAX_LENGTH:
        raise ItemRejected(
            "invalid_username",
            f"username: must be 1 to {USERNAME_MAX_LENGTH} characters long.",
        )
    try:
        _username_validator(username)
    except ValidationError as exc:
        raise ItemRejected("invalid_username", f"username: {exc.messages[0]}") from exc
    return username


def read_email(item: Mapping[str, Any]) -> str:
    email = _string("email", _require(item, "email"))
    return check_email(email)


def check_email(email: str) -> str:
    if len(email) > EMAIL_MAX_LENGTH:
        raise ItemRejected(
            "invalid_email", f"email: at most {EMAIL_MAX_LENGTH} characters are allowed."
        )
    try:
        _email_validator(email)
    except ValidationError as exc:
        raise ItemRejected("invalid_email", f"email: {email!r} is not a valid email.") from exc
    return email


def read_optional_string(item: Mapping[str, Any], name: str, *, max_length: int) -> str | None:
    """The string, or None when the field is absent or null."""
    if not _present(item, name):
        return None
    value = _string(name, item[name])
    if len(value) > max_length:
        raise ItemRejected("invalid_field", f"{name}: at most {max_length} characters allowed.")
    return value


def read_choice(
    item: Mapping[str, Any],
    name: str,
    *,
    choices: Collection[str],
    code: str,
    required: bool,
) -> str | None:
    """A value from `choices` (`code` otherwise); None when optional and absent."""
    if not required and not _present(item, name):
        return None
    value = _string(name, _require(item, name))
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ItemRejected(code, f"{name}: {value!r} is not one of {allowed}.")
    return value


def read_boolean(item: Mapping[str, Any], name: str, *, default: bool | None = None) -> bool:
    """A JSON boolean; `default` when absent (required when there is no default)."""
    if default is not None and not _present(item, name):
        return default
    value = _require(item, name)
    if not isinstance(value, bool):
        raise ItemRejected("invalid_field", f"{name}: must be a JSON boolean (true or false).")
    return value


def read_number(item: Mapping[str, Any], name: str) -> float:
    value = _require(item, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ItemRejected("invalid_field", f"{name}: must be a number.")
    return float(value)


def read_optional_datetime(item: Mapping[str, Any], name: str) -> dt.datetime | None:
    """An ISO 8601 date-time (a naive one is taken as UTC), or None when absent or null."""
    if not _present(item, name):
        return None
    text = _string(name, item[name])
    try:
        value = parse_datetime(text)
    except ValueError:
        value = None
    if value is None:
        raise ItemRejected("invalid_field", f"{name}: must be an ISO 8601 date-time.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value
