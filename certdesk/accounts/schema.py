"""How each authentication class appears in the OpenAPI schema (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "certdesk.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, from `python manage.py issue_token USERNAME`.",
        }


class JwtHeaderScheme(OpenApiAuthenticationExtension):
    target_class = "certdesk.accounts.authentication.JwtHeaderAuthentication"
    name = "openEdxJwt"
    optional = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`JWT <token>` or `Bearer <token>`: an Open edX JWT.",
        }


class JwtCookieScheme(OpenApiAuthenticationExtension):
    target_class = "certdesk.accounts.authentication.JwtCookieAuthentication"
    name = "openEdxJwtCookie"
    optional = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "edx-jwt-cookie-header-payload",
            "description": "The Open edX front end's split JWT cookies (with "
            "`edx-jwt-cookie-signature`); unsafe methods need `X-CSRFToken`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "certdesk.accounts.authentication.CsrfSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
