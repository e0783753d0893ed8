"""Learners and course-team users as the ingestion API creates and updates them.

Users are matched by username (exact). An email belongs to at most one user, compared
case-insensitively (the database enforces it too); an item whose email belongs to
another username is `email_conflict`. The check is made against the users as they were
before the chunk plus the items accepted earlier in the same call, so an email that one
item frees cannot be taken by another item of the same chunk (it can in a later call).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import Lower

from certdesk.courses.services.items import ItemRejected

User = get_user_model()


@dataclass(frozen=True)
class UserEntry:
    """One user an item wants: `name` None keeps the existing name."""

    index: int
    username: str
    email: str
    name: str | None = None


@dataclass
class UsersUpsert:
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    rejected: dict[int, ItemRejected] = field(default_factory=dict)


class EmailClaims:
    """Which username each email (lower-cased) belongs to, over a whole call."""

    def __init__(self) -> None:
        self._owner: dict[str, str] = {}

    def load(self, *, emails: Iterable[str]) -> None:
        """One query: the current owners of these emails."""
        lowered = sorted({email.lower() for email in emails})
        if not lowered:
            return
        rows = (
            User.objects.exclude(email="")
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=lowered)
            .values_list("email_lower", "username")
        )
        self._owner.update(dict(rows))

    def claim(self, *, email: str, username: str) -> None:
        owner = self._owner.setdefault(email.lower(), username)
        if owner != username:
            raise ItemRejected(
                "email_conflict", f"email: {email!r} belongs to another user ({owner!r})."
            )


def users_by_username(*, usernames: Iterable[str]) -> dict[str, AbstractBaseUser]:
    """One query for any number of usernames (callers chunk them)."""
    wanted = sorted(set(usernames))
    if not wanted:
        return {}
    return {user.username: user for user in User.objects.filter(username__in=wanted)}


def _user_new(entry: UserEntry) -> AbstractBaseUser:
    user = User(username=entry.username, email=entry.email, name=entry.name or "")
    user.set_unusable_password()
    return user


def _user_refresh(user: AbstractBaseUser, entry: UserEntry) -> bool:
    """Apply the entry's email and name; whether anything changed."""
    changed = False
    if user.email != entry.email:
        user.email = entry.email
        changed = True
    if entry.name is not None and user.name != entry.name:
        user.name = entry.name
        changed = True
    return changed


def users_upsert_many(
    *, entries: Sequence[UserEntry], claims: EmailClaims | None = None
) -> UsersUpsert:
    """Create or update users by username: two reads (usernames, emails), then at most one
    insert and one update. Entries must have distinct usernames; a rejected entry (email
    conflict) is reported under its index and written nowhere."""
    claims = claims or EmailClaims()
    result = UsersUpsert()
    existing = users_by_username(usernames=(entry.username for entry in entries))
    claims.load(emails=(entry.email for entry in entries))
    to_create: list[AbstractBaseUser] = []
    to_update: list[AbstractBaseUser] = []
    for entry in entries:
        try:
            claims.claim(email=entry.email, username=entry.username)
        except ItemRejected as rejected:
            result.rejected[entry.index] = rejected
            continue
        user = existing.get(entry.username)
        if user is None:
            user = _user_new(entry)
            to_create.append(user)
            result.created.add(entry.username)
        elif _user_refresh(user, entry):
            to_update.append(user)
            result.changed.add(entry.username)
        result.users[entry.username] = user
    with transaction.atomic(savepoint=False):
        User.objects.bulk_create(to_create)
        User.objects.bulk_update(to_update, ["email", "name"])
    return result
