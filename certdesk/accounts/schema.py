"""How each authentication class appears in the OpenAPI schema (drf-spectacular)."""

from typing import Any, ClassVar

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class _Scheme(OpenApiAuthenticationExtension):
    """A scheme described by a fixed security definition; matches no class itself."""

    definition: ClassVar[dict[str, Any]] = {}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return self.definition


class ApiTokenScheme(_Scheme):
    target_class = "certdesk.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"
    definition = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Token <key>`, from `python manage.py issue_token USERNAME`.",
    }


class JwtHeaderScheme(_Scheme):
    target_class = "certdesk.accounts.authentication.JwtHeaderAuthentication"
    name = "openEdxJwt"
    definition = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`JWT <token>` or `Bearer <token>`: an Open edX JWT.",
    }


class JwtCookieScheme(_Scheme):
    target_class = "certdesk.accounts.authentication.JwtCookieAuthentication"
    name = "openEdxJwtCookie"
    definition = {
        "type": "apiKey",
        "in": "cookie",
        "name": "edx-jwt-cookie-header-payload",
        "description": "The Open edX front end's split JWT cookies (with "
        "`edx-jwt-cookie-signature`); unsafe methods need `X-CSRFToken`.",
    }


class SessionScheme(_Scheme):
    target_class = "certdesk.accounts.authentication.CsrfSessionAuthentication"
    name = "session"
    definition = {"type": "apiKey", "in": "cookie", "name": "sessionid"}
