"""Resolving learner identifiers (SPEC §1): with `@` an email, compared case-insensitively;
otherwise a username, compared exactly. One query per chunk, never one per learner."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from certdesk.core.bulk import text_list

CHUNK_SIZE = 2000
T = TypeVar("T")


def chunked(items: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def is_email(identifier: str) -> bool:
    return "@" in identifier


class Resolution:
    """What each identifier of a chunk resolved to: a user id, or nothing."""

    def __init__(
        self,
        by_username: dict[str, int],
        by_email: dict[str, set[int]],
        usernames: dict[int, str],
    ) -> None:
        self._by_username = by_username
        self._by_email = by_email
        self.usernames = usernames  # user id → username

    def user_id(self, identifier: str) -> int | None:
        if is_email(identifier):
            ids = self._by_email.get(identifier.lower(), set())
            return next(iter(ids)) if len(ids) == 1 else None
        return self._by_username.get(identifier)

    def is_ambiguous(self, identifier: str) -> bool:
        return is_email(identifier) and len(self._by_email.get(identifier.lower(), ())) > 1


def identifiers_resolve(identifiers: Sequence[str]) -> Resolution:
    """Resolve up to one chunk of identifiers in one query."""
    usernames = {i for i in identifiers if not is_email(i)}
    emails = {i.lower() for i in identifiers if is_email(i)}
    by_username: dict[str, int] = {}
    by_email: dict[str, set[int]] = {}
    found: dict[int, str] = {}
    if not usernames and not emails:
        return Resolution(by_username, by_email, found)
    # Two index lookups in one statement: usernames by their unique index, emails by the
    # partial unique index on lower(email) (whose condition the query must repeat).
    users = get_user_model().objects.annotate(email_ci=Lower("email"))
    fields = ("pk", "username", "email_ci")
    by_name = users.filter(username__in=text_list(usernames)).values_list(*fields)
    by_mail = users.exclude(email="").filter(email_ci__in=text_list(emails)).values_list(*fields)
    rows = by_name.union(by_mail, all=True)
    for pk, username, email_ci in rows:
        found[pk] = username
        if username in usernames:
            by_username[username] = pk
        if email_ci in emails:
            by_email.setdefault(email_ci, set()).add(pk)
    return Resolution(by_username, by_email, found)
