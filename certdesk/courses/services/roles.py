"""Course-team roles through the ingestion API (SPEC §5).

A user may hold several roles on one course; setting a role adds it (and is a no-op when
held already), removing without a role removes all of the user's roles on the course.
With an email, setting a role creates the user (or updates its email) by the same rules
as enrollment ingestion; without one the user must exist (404 `unknown_user`).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from certdesk.core.errors import CertdeskError, UnknownUser
from certdesk.core.transactions import atomic_retrying
from certdesk.courses.choices import Role
from certdesk.courses.models import Course, CourseRole
from certdesk.courses.services.items import ItemRejected, check_email, check_username
from certdesk.courses.services.users import UserEntry, users_by_username, users_upsert_many


def _invalid(rejected: ItemRejected, field: str) -> CertdeskError:
    return CertdeskError(
        rejected.message,
        code=rejected.code,
        status=400,
        field_errors={field: [rejected.message]},
    )


def _check_role(role: str) -> str:
    if role not in Role.values:
        allowed = ", ".join(Role.values)
        message = f"role: {role!r} is not one of {allowed}."
        raise CertdeskError(
            message, code="invalid_role", status=400, field_errors={"role": [message]}
        )
    return role


def _existing_user(username: str) -> AbstractBaseUser:
    user = users_by_username(usernames=[username]).get(username)
    if user is None:
        raise UnknownUser(f"No user {username!r}.")
    return user


def _user_with_email(username: str, email: str) -> AbstractBaseUser:
    try:
        check_username(username)
    except ItemRejected as rejected:
        raise _invalid(rejected, "username") from rejected
    try:
        check_email(email)
    except ItemRejected as rejected:
        raise _invalid(rejected, "email") from rejected
    upsert = users_upsert_many(entries=[UserEntry(index=0, username=username, email=email)])
    if 0 in upsert.rejected:
        raise _invalid(upsert.rejected[0], "email")
    return upsert.users[username]


def course_roles_of(*, course: Course, user: AbstractBaseUser) -> list[str]:
    return sorted(
        CourseRole.objects.filter(course=course, user=user).values_list("role", flat=True)
    )


def course_role_set(
    *, course: Course, username: str, role: str, email: str | None = None
) -> tuple[AbstractBaseUser, list[str]]:
    """Give `username` the role on the course; returns the user and all its roles there."""
    _check_role(role)

    def work() -> tuple[AbstractBaseUser, list[str]]:
        user = _existing_user(username) if email is None else _user_with_email(username, email)
        CourseRole.objects.get_or_create(course=course, user=user, role=role)
        return user, course_roles_of(course=course, user=user)

    return atomic_retrying(work)


def course_role_remove(*, course: Course, username: str, role: str | None = None) -> int:
    """Remove one role (or, with `role` None, every role) of the user on the course.
    Removing a role the user does not hold is not an error. Returns how many went."""
    if role is not None:
        _check_role(role)
    with transaction.atomic():
        user = _existing_user(username)
        roles = CourseRole.objects.filter(course=course, user=user)
        if role is not None:
            roles = roles.filter(role=role)
        deleted, _ = roles.delete()
        return deleted
