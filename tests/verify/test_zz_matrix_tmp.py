"""The authorization matrix (SPEC §2): every route × method × role × course, from
`matrix.yaml`. A refused request (and every read) must leave the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.factories import enroll, make_course, make_user, token_for
from tests.snapshots import assert_nothing_written, db_snapshot

MATRIX = yaml.safe_load((Path(__file__).parent / "matrix.yaml").read_text())
ROLES: list[str] = MATRIX["roles"]
TARGETS: dict[str, str] = MATRIX["targets"]
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _cases() -> list[Any]:
    cases = []
    for name, route in MATRIX["routes"].items():
        scoped = "{course}" in route["path"]
        for method, spec in route["methods"].items():
            for role in ROLES:
                expected = spec["expect"][role]
                for index, target in enumerate(TARGETS if scoped else ["A"]):
                    status = expected[index] if isinstance(expected, list) else expected
                    case_id = f"{name}-{method}-{role}-{target}"
                    cases.append(pytest.param(name, method, role, target, status, id=case_id))
    return cases


def _route_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _route_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
        elif isinstance(entry, URLPattern):
            names.add(f"<unnamed {entry.pattern}>")
    return names


def test_every_route_is_in_the_matrix():
    routes = _route_names(get_resolver().url_patterns)
    missing = sorted(routes - set(MATRIX["routes"]))
    assert not missing, f"routes missing from tests/authz/matrix.yaml: {missing}"
    stale = sorted(set(MATRIX["routes"]) - routes)
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def test_every_entry_covers_every_role():
    for name, route in MATRIX["routes"].items():
        for method, spec in route["methods"].items():
            assert set(spec["expect"]) == set(ROLES), f"{name} {method} misses a role"


@pytest.fixture
def people(db) -> dict[str, Any]:
    course_a = make_course(TARGETS["A"])
    course_b = make_course(TARGETS["B"])
    learner = make_user("learner")
    enroll(learner, course_a)
    ingest = make_user("ingest_client")
    ingest.user_permissions.add(Permission.objects.get(codename="ingest"))
    return {
        "anonymous": None,
        "learner": learner,
        "staff_a": make_user("staff_a", roles={course_a: "staff"}),
        "instructor_a": make_user("instructor_a", roles={course_a: "instructor"}),
        "instructor_b": make_user("instructor_b", roles={course_b: "instructor"}),
        "researcher_a": make_user("researcher_a", roles={course_a: "data_researcher"}),
        "global_staff": make_user("global_staff", is_staff=True),
        "ingest": ingest,
    }


def _client(route: dict, user) -> APIClient:
    client = APIClient()
    if user is None:
        return client
    if route.get("auth") == "session":
        client.force_login(user)
    else:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.mark.parametrize(("name", "method", "role", "target", "status"), _cases())
def test_matrix(people, settings, name, method, role, target, status):
    route = MATRIX["routes"][name]
    spec = route["methods"][method]
    path = route["path"].format(course=TARGETS[target], learner="learner")
    client = _client(route, people[role])
    before = db_snapshot()
    body = spec.get("body")
    response = client.generic(
        method,
        path + spec.get("query", ""),
        data=None if body is None else json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == status, (
        f"{method} {path} as {role}: {response.status_code} {response.content[:300]!r}"
    )
    if status >= 400 or method not in UNSAFE:
        assert_nothing_written(before)
    if status >= 400 and response.get("Content-Type", "").startswith("application/json"):
        assert "code" in response.json()
