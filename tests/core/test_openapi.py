"""The OpenAPI schema is generated from the code and covers every API route."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import EndpointEnumerator

EXCLUDED = {"schema", "docs"}


def _api_views(patterns, prefix="") -> dict[str, type]:
    found: dict[str, type] = {}
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.update(_api_views(entry.url_patterns, route))
        elif isinstance(entry, URLPattern) and route.lstrip("^").startswith("api/"):
            view_class = getattr(entry.callback, "cls", None)
            if entry.name not in EXCLUDED:
                found[route] = view_class
    return found


@pytest.fixture(scope="module")
def schema() -> dict:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_schema_generates_and_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "certdesk API"


def test_every_api_route_is_a_drf_view_in_the_schema(schema):
    routes = _api_views(get_resolver().url_patterns)
    assert routes, "no API routes found"
    not_drf = sorted(route for route, view in routes.items() if view is None)
    assert not not_drf, f"API routes that the schema cannot describe: {not_drf}"
    documented = {callback.cls for _, _, _, callback in EndpointEnumerator().get_api_endpoints()}
    missing = sorted(route for route, view in routes.items() if view not in documented)
    assert not missing, f"API routes missing from the OpenAPI schema: {missing}"
    assert any(path.startswith("/api/instructor/v2/courses/") for path in schema["paths"])


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # assets come from the installed sidecar
