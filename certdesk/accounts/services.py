"""Accounts: users from JWT claims, API tokens for scripts, and the front end's JWT cookie."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from certdesk.accounts.jwt import JwtInvalid, jwt_encode
from certdesk.accounts.models import User
from certdesk.core.errors import InvalidBody
from certdesk.courses.models import CourseRole

# claim → (user attribute, the JSON type the claim must have)
CLAIM_ATTRIBUTES: dict[str, tuple[str, type]] = {
    "email": ("email", str),
    "name": ("name", str),
    "administrator": ("is_staff", bool),
}


def _max_length(attribute: str) -> int | None:
    return User._meta.get_field(attribute).max_length


def _claims_username(claims: Mapping[str, Any]) -> str:
    username = claims.get("preferred_username") or claims.get("username")
    if not isinstance(username, str) or not username.strip():
        raise JwtInvalid("The JWT carries no username (preferred_username or username).")
    if len(username) > (_max_length("username") or 150):
        raise JwtInvalid("The JWT's username is too long.")
    return username


def _claims_attributes(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The user attributes the claims set; a claim that is absent or null changes nothing."""
    attributes: dict[str, Any] = {}
    for claim, (attribute, kind) in CLAIM_ATTRIBUTES.items():
        value = claims.get(claim)
        if value is None:
            continue
        if not isinstance(value, kind):
            raise JwtInvalid(f"The JWT claim {claim!r} must be a {kind.__name__}.")
        limit = _max_length(attribute)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            raise JwtInvalid(f"The JWT claim {claim!r} is too long.")
        attributes[attribute] = value
    return attributes


def _email_taken(*, email: str, user: User | None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    return bool(email) and others.exists()


@transaction.atomic
def user_upsert_from_claims(*, claims: Mapping[str, Any]) -> User:
    """The user the verified claims name, created if unknown; `email`, `name` and
    `is_staff` (from `administrator`) follow the claims on every call. Invalid claims
    raise `JwtInvalid` before anything is written."""
    username = _claims_username(claims)
    attributes = _claims_attributes(claims)
    user = User.objects.filter(username=username).first()
    if user is not None and not user.is_active:
        raise JwtInvalid("This user is inactive.")
    if _email_taken(email=attributes.get("email", ""), user=user):
        raise JwtInvalid("The JWT's email belongs to another user.")
    if user is None:
        user, created = User.objects.get_or_create(
            username=username, defaults={**attributes, "password": make_password(None)}
        )
        if created:
            return user
    changed = [name for name, value in attributes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, attributes[name])
    if changed:
        user.save(update_fields=changed)
    return user


@dataclass(frozen=True)
class IssuedToken:
    user: User
    token: str
    created: bool


def _field_clean(name: str, value: str) -> str:
    try:
        return User._meta.get_field(name).clean(value, None)
    except ValidationError as exc:
        raise InvalidBody(
            f"Invalid {name}: {' '.join(exc.messages)}", field_errors={name: exc.messages}
        ) from exc


def _ingest_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="accounts", codename="ingest")


@transaction.atomic
def api_token_issue(
    *,
    username: str,
    email: str | None = None,
    password: str | None = None,
    global_staff: bool = False,
    ingest: bool = False,
) -> IssuedToken:
    """A new API token for `username`, creating the user if missing. The options given
    are added to the user, never removed; the user's earlier tokens stay valid."""
    username = _field_clean("username", username)
    if email is not None:
        email = _field_clean("email", email)
    user = User.objects.select_for_update().filter(username=username).first()
    if email and _email_taken(email=email, user=user):
        raise InvalidBody(
            "This email belongs to another user.",
            field_errors={"email": ["This email belongs to another user."]},
        )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidBody(
                f"Invalid password: {' '.join(exc.messages)}",
                field_errors={"password": exc.messages},
            ) from exc
    created = user is None
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
    if email is not None:
        user.email = email
    if password is not None:
        user.set_password(password)
    if global_staff:
        user.is_staff = True
    user.save()
    if ingest:
        user.user_permissions.add(_ingest_permission())
    _, token = AuthToken.objects.create(user=user, expiry=None)
    return IssuedToken(user=user, token=token, created=created)


@dataclass(frozen=True)
class JwtCookie:
    """The two halves of a signed JWT, as the front end's cookies carry them."""

    header_payload: str
    signature: str
    expires_at: int


def jwt_cookie_claims(*, user: User, now: int) -> dict[str, Any]:
    roles = sorted(set(CourseRole.objects.filter(user=user).values_list("role", flat=True)))
    return {
        "preferred_username": user.get_username(),
        "user_id": user.pk,
        "email": user.email,
        "name": user.name,
        "administrator": bool(user.is_staff),
        "roles": roles,
        "iat": now,
        "exp": now + settings.CERTDESK_JWT_COOKIE_LIFETIME,
        "iss": settings.CERTDESK_JWT_ISSUER,
        "aud": settings.CERTDESK_JWT_AUDIENCE,
    }


def jwt_cookie_issue(*, user: User) -> JwtCookie:
    """A fresh JWT for a logged-in user, signed with certdesk's key, split for the cookies."""
    claims = jwt_cookie_claims(user=user, now=int(timezone.now().timestamp()))
    header_payload, _, signature = jwt_encode(claims).rpartition(".")
    return JwtCookie(header_payload=header_payload, signature=signature, expires_at=claims["exp"])
