"""Open edX JWTs (SPEC §4): decoding with exactly one allowed algorithm, and signing the
front-end cookies of §12. Keys come from settings; nothing here touches the database."""

from __future__ import annotations

import json
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

from certdesk.core.errors import NotAuthenticated

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
JWK_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
REQUIRED_CLAIMS = ["exp", "iat"]
# The front end's split cookie (SPEC §12): `header.payload` readable by scripts, the
# signature HttpOnly. Joined with "." they are the JWT.
HEADER_PAYLOAD_COOKIE = "edx-jwt-cookie-header-payload"
SIGNATURE_COOKIE = "edx-jwt-cookie-signature"
_SECRET_SALT = "certdesk.accounts.jwt"


class JwtInvalid(NotAuthenticated):
    """A JWT that does not authenticate anyone: 401 `not_authenticated`."""

    default_message = "The JWT is not valid."


def jwt_algorithm() -> str:
    algorithm = settings.CERTDESK_JWT_ALGORITHM
    if algorithm not in HMAC_ALGORITHMS | JWK_ALGORITHMS:
        raise ImproperlyConfigured(f"CERTDESK_JWT_ALGORITHM {algorithm!r} is not supported")
    return algorithm


def jwt_secret() -> str:
    """The HMAC key: the configured one, else a key derived from SECRET_KEY."""
    configured = settings.CERTDESK_JWT_SECRET_KEY
    if configured:
        return configured
    return salted_hmac(_SECRET_SALT, "signing-key", algorithm="sha256").hexdigest()


def _public_key_set() -> jwt.PyJWKSet:
    raw = settings.CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET
    if not raw:
        raise ImproperlyConfigured("CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET is empty")
    try:
        return jwt.PyJWKSet.from_json(raw)
    except (jwt.PyJWKSetError, jwt.PyJWKError, json.JSONDecodeError) as exc:
        raise ImproperlyConfigured(f"CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET: {exc}") from exc


def _verification_key(token: str, algorithm: str) -> Any:
    if algorithm in HMAC_ALGORITHMS:
        return jwt_secret()
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError as exc:
        raise JwtInvalid(f"The JWT is not valid: {exc}") from exc
    keys = _public_key_set()
    if kid is None:
        if len(keys.keys) != 1:
            raise JwtInvalid("The JWT names no key (kid) and several keys are configured.")
        return keys.keys[0].key
    try:
        return keys[kid].key
    except KeyError as exc:
        raise JwtInvalid(f"The JWT is signed with an unknown key {kid!r}.") from exc


def jwt_decode(token: str) -> dict[str, Any]:
    """The verified claims of `token`, or `JwtInvalid`: signature with the one configured
    algorithm, `exp` and `iat` present, issuer and audience as configured, small leeway."""
    algorithm = jwt_algorithm()
    key = _verification_key(token, algorithm)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=settings.CERTDESK_JWT_AUDIENCE,
            issuer=settings.CERTDESK_JWT_ISSUER,
            leeway=settings.CERTDESK_JWT_LEEWAY,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise JwtInvalid(f"The JWT is not valid: {exc}") from exc
    return claims


def jwt_encode(claims: dict[str, Any]) -> str:
    """Sign `claims` with certdesk's own key: the HMAC secret, or the private JWK."""
    algorithm = jwt_algorithm()
    if algorithm in HMAC_ALGORITHMS:
        return jwt.encode(claims, jwt_secret(), algorithm=algorithm)
    raw = settings.CERTDESK_JWT_PRIVATE_SIGNING_JWK
    if not raw:
        raise ImproperlyConfigured(f"{algorithm} needs CERTDESK_JWT_PRIVATE_SIGNING_JWK")
    try:
        private = jwt.PyJWK.from_json(raw, algorithm=algorithm)
    except (jwt.PyJWKError, json.JSONDecodeError) as exc:
        raise ImproperlyConfigured(f"CERTDESK_JWT_PRIVATE_SIGNING_JWK: {exc}") from exc
    headers = {"kid": private.key_id} if private.key_id else None
    return jwt.encode(claims, private.key, algorithm=algorithm, headers=headers)
