"""`Authorization: JWT|Bearer <jwt>` (SPEC §4): what is accepted, what is refused, and
that a refused token writes nothing."""

from __future__ import annotations

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from jwt.algorithms import RSAAlgorithm

from certdesk.accounts.models import User
from tests.accounts.conftest import TOGGLE, b64, claims_for, hs256, now_ts
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def assert_refused(response) -> None:
    assert response.status_code == 401, response.content
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["developer_message"] == body["message"]


def test_valid_jwt_creates_the_user_from_its_claims(jwt_api, course):
    token = hs256(claims_for("newcomer", administrator=True, name="New Comer"))
    response = jwt_api(token).get(TOGGLE)
    assert response.status_code == 200, response.content
    user = User.objects.get(username="newcomer")
    assert user.email == "newcomer@example.org"
    assert user.name == "New Comer"
    assert user.is_staff is True
    assert not user.has_usable_password()


def test_bearer_scheme_is_accepted(jwt_api, course):
    response = jwt_api(hs256(claims_for(administrator=True)), scheme="Bearer").get(TOGGLE)
    assert response.status_code == 200, response.content


def test_username_claim_is_the_fallback(jwt_api, course):
    claims = claims_for(preferred_username=None, username="fallback_user", administrator=True)
    assert jwt_api(hs256(claims)).get(TOGGLE).status_code == 200
    assert User.objects.filter(username="fallback_user").exists()


def test_user_without_a_role_is_authenticated_but_forbidden(jwt_api, course):
    response = jwt_api(hs256(claims_for("no_role"))).get(TOGGLE)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert User.objects.filter(username="no_role", is_staff=False).exists()


def test_claims_update_the_user_on_every_authentication(jwt_api, course):
    make_user("known", email="old@example.org", is_staff=True)
    claims = claims_for("known", email="new@example.org", administrator=False, name="Known")
    response = jwt_api(hs256(claims)).get(TOGGLE)
    assert response.status_code == 403  # no longer global staff, no course role
    user = User.objects.get(username="known")
    assert (user.email, user.is_staff, user.name) == ("new@example.org", False, "Known")

    promoted = claims_for("known", email="new@example.org", administrator=True)
    assert jwt_api(hs256(promoted)).get(TOGGLE).status_code == 200
    user.refresh_from_db()
    assert user.is_staff is True
    assert User.objects.count() == 1


def test_role_holder_reaches_the_course(jwt_api, course):
    make_user("teacher", roles={course: "instructor"})
    response = jwt_api(hs256(claims_for("teacher", email="teacher@example.org"))).post(
        TOGGLE, {"enabled": True}, format="json"
    )
    assert response.status_code == 200, response.content  # header JWT: no CSRF needed
    course.refresh_from_db()
    assert course.self_generation_enabled is True


def test_within_leeway_is_accepted(jwt_api, course):
    with override_settings(CERTDESK_JWT_LEEWAY=30):
        claims = claims_for(administrator=True, exp=now_ts() - 20)
        assert jwt_api(hs256(claims)).get(TOGGLE).status_code == 200


def _refused_tokens() -> dict[str, tuple[str, str]]:
    """case → (token, a fragment of the reason given)."""
    now = now_ts()
    valid = hs256(claims_for("known", administrator=False))
    header, _, signature = valid.split(".")
    escalated = b64(claims_for("known", administrator=True))
    return {
        "expired beyond leeway": (hs256(claims_for("known", exp=now - 2)), "expired"),
        "missing exp": (hs256(claims_for("known", exp=None)), '"exp"'),
        "missing iat": (hs256(claims_for("known", iat=None)), '"iat"'),
        "issued in the future": (hs256(claims_for("known", iat=now + 60)), "(iat)"),
        "wrong issuer": (hs256(claims_for("known", iss="https://elsewhere.example")), "issuer"),
        "wrong audience": (hs256(claims_for("known", aud="someone-else")), "Audience"),
        "alg none": (
            f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims_for('known'))}.",
            "alg value is not allowed",
        ),
        "tampered payload": (f"{header}.{escalated}.{signature}", "Signature verification"),
        "another key": (
            hs256(claims_for("known"), key="another-secret-0123456789abcdefghijk"),
            "Signature verification",
        ),
        "HS512 while HS256 is configured": (
            jwt.encode(claims_for("known"), "x" * 64, algorithm="HS512"),
            "alg value is not allowed",
        ),
        "not a jwt": ("not-a-jwt", "segments"),
        "no username": (hs256(claims_for(preferred_username=None)), "no username"),
    }


REFUSED = sorted(
    [
        "expired beyond leeway",
        "missing exp",
        "missing iat",
        "issued in the future",
        "wrong issuer",
        "wrong audience",
        "alg none",
        "tampered payload",
        "another key",
        "HS512 while HS256 is configured",
        "not a jwt",
        "no username",
    ]
)


@pytest.mark.parametrize("case", REFUSED)
def test_refused_tokens_write_nothing(jwt_api, course, case):
    user = make_user("known", email="known@example.org", is_staff=False)
    before = User.objects.count()
    tokens = _refused_tokens()
    assert sorted(tokens) == REFUSED
    token, reason = tokens[case]
    response = jwt_api(token).get(TOGGLE)
    assert_refused(response)
    assert reason in response.json()["message"]
    assert User.objects.count() == before
    user.refresh_from_db()
    assert user.is_staff is False
    assert user.email == "known@example.org"


def test_unknown_user_with_a_refused_token_is_not_created(jwt_api, course):
    token = hs256(claims_for("stranger", exp=now_ts() - 60))
    assert_refused(jwt_api(token).get(TOGGLE))
    assert not User.objects.filter(username="stranger").exists()


def test_email_of_another_user_is_refused(jwt_api, course):
    make_user("owner", email="shared@example.org")
    token = hs256(claims_for("intruder", email="SHARED@example.org"))
    assert_refused(jwt_api(token).get(TOGGLE))
    assert not User.objects.filter(username="intruder").exists()


def test_inactive_user_is_refused(jwt_api, course):
    make_user("gone", is_active=False)
    assert_refused(jwt_api(hs256(claims_for("gone", administrator=True))).get(TOGGLE))
    assert User.objects.get(username="gone").is_staff is False


def test_malformed_header_is_refused(api, course):
    api.credentials(HTTP_AUTHORIZATION="JWT one two")
    assert_refused(api.get(TOGGLE))


@pytest.fixture(scope="module")
def rsa_keys():
    first = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    second = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return first, second


def _jwk(key, kid: str, private: bool = False) -> dict:
    target = key if private else key.public_key()
    return {**RSAAlgorithm.to_jwk(target, as_dict=True), "kid": kid, "alg": "RS256"}


@pytest.fixture
def rs256(rsa_keys):
    first, second = rsa_keys
    key_set = {"keys": [_jwk(second, "old-key"), _jwk(first, "current-key")]}
    with override_settings(
        CERTDESK_JWT_ALGORITHM="RS256",
        CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET=json.dumps(key_set),
        CERTDESK_JWT_PRIVATE_SIGNING_JWK=json.dumps(_jwk(first, "current-key", private=True)),
    ):
        yield first, second


def test_rs256_selects_the_key_by_kid(jwt_api, course, rs256):
    first, second = rs256
    for key, kid, username in ((first, "current-key", "rs_a"), (second, "old-key", "rs_b")):
        token = jwt.encode(
            claims_for(username, administrator=True),
            key,
            algorithm="RS256",
            headers={"kid": kid},
        )
        assert jwt_api(token).get(TOGGLE).status_code == 200
        assert User.objects.get(username=username).is_staff is True


@pytest.mark.parametrize("case", ["wrong kid", "unknown kid", "hs256 token", "unsigned"])
def test_rs256_refusals_write_nothing(jwt_api, course, rs256, case):
    first, second = rs256
    claims = claims_for("rs_user", administrator=True)
    tokens = {
        "wrong kid": jwt.encode(claims, second, algorithm="RS256", headers={"kid": "current-key"}),
        "unknown kid": jwt.encode(claims, first, algorithm="RS256", headers={"kid": "nope"}),
        "hs256 token": hs256(claims),
        "unsigned": f"{b64({'alg': 'none', 'kid': 'current-key'})}.{b64(claims)}.",
    }
    assert_refused(jwt_api(tokens[case]).get(TOGGLE))
    assert not User.objects.filter(username="rs_user").exists()
