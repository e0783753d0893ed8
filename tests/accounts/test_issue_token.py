"""`manage.py issue_token` (SPEC §4): creates or updates the user, prints a new token on
the last line; tokens are stored hashed and earlier ones stay valid."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from certdesk.accounts.models import User
from tests.accounts.conftest import TOGGLE
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    lines = out.getvalue().splitlines()
    token = lines[-1]
    assert token == token.strip() and " " not in token
    return token


def status_with(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(TOGGLE).status_code


def test_creates_the_user_and_the_token_authenticates(course):
    token = issue("robot", "--email", "robot@example.org", "--global-staff")
    user = User.objects.get(username="robot")
    assert user.email == "robot@example.org"
    assert user.is_staff is True
    assert not user.has_usable_password()
    assert status_with(token) == 200


def test_a_plain_user_token_authenticates_without_permissions(course):
    token = issue("plain")
    assert status_with(token) == 403  # authenticated, but no role on the course
    assert status_with(token[:-1] + ("A" if token[-1] != "A" else "B")) == 401


def test_tokens_are_stored_hashed():
    token = issue("robot")
    stored = AuthToken.objects.get()
    assert stored.user.username == "robot"
    assert token not in {stored.digest, stored.token_key}
    assert token not in str(list(AuthToken.objects.values_list()))


def test_earlier_tokens_stay_valid_and_flags_are_never_removed(course):
    first = issue("robot", "--global-staff", "--ingest", "--email", "r@example.org")
    second = issue("robot")
    assert first != second
    user = User.objects.get(username="robot")
    assert user.is_staff is True
    assert user.has_perm("accounts.ingest")
    assert user.email == "r@example.org"
    assert AuthToken.objects.filter(user=user).count() == 2
    assert status_with(first) == 200
    assert status_with(second) == 200


def test_ingest_grants_the_permission_only():
    issue("feeder", "--ingest")
    user = User.objects.get(username="feeder")
    assert user.has_perm("accounts.ingest")
    assert user.is_staff is False


def test_password_sets_the_login_password():
    existing = make_user("teacher")
    issue("teacher", "--password", "a-new-long-password")
    assert Client().login(username="teacher", password="a-new-long-password")
    assert not Client().login(username="teacher", password="pw-123456")
    assert User.objects.get().pk == existing.pk


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["robot", "--email", "not-an-email"], "email"),
        (["robot", "--password", "short"], "password"),
        (["bad name!"], "username"),
        (["robot", "--email", "TAKEN@example.org"], "another user"),
    ],
)
def test_invalid_input_writes_nothing(args, fragment):
    make_user("owner", email="taken@example.org")
    users_before = list(User.objects.values_list("username", "email", "is_staff"))
    with pytest.raises(CommandError) as excinfo:
        call_command("issue_token", *args, stdout=io.StringIO())
    assert fragment in str(excinfo.value)
    assert list(User.objects.values_list("username", "email", "is_staff")) == users_before
    assert not AuthToken.objects.exists()


def test_invalid_input_leaves_an_existing_user_alone():
    make_user("robot", email="robot@example.org")
    with pytest.raises(CommandError):
        call_command(
            "issue_token", "robot", "--global-staff", "--password", "x", stdout=io.StringIO()
        )
    user = User.objects.get(username="robot")
    assert user.is_staff is False
    assert user.check_password("pw-123456")
    assert not AuthToken.objects.exists()
