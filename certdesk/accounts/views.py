"""Login pages, the front end's JWT cookie refresh and its CSRF token (SPEC §4, §12)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from certdesk.accounts.authentication import CsrfExemptSessionAuthentication
from certdesk.accounts.jwt import HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE
from certdesk.accounts.services import jwt_cookie_issue
from certdesk.core.api import ApiView
from certdesk.core.errors import NotAuthenticated


def mfe_origin_hosts() -> set[str]:
    """`host[:port]` of every configured front-end origin: where `next` may point."""
    return {urlsplit(origin).netloc for origin in settings.CERTDESK_MFE_ORIGINS} - {""}


class LoginPage(LoginView):
    """`GET /login?next=URL`: `next` may be a local path or a URL on a configured
    front-end origin; anything else falls back to LOGIN_REDIRECT_URL."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url_allowed_hosts(self) -> set[str]:
        return super().get_success_url_allowed_hosts() | mfe_origin_hosts()

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        target = urlsplit(url)
        if not target.netloc and target.path == self.request.path:
            return ""  # `next` is this page: go to the default instead of looping
        return url


class LoginRefreshApi(ApiView):
    """`POST /login_refresh`: a logged-in session gets fresh JWT cookies (CSRF-exempt)."""

    authentication_classes = [CsrfExemptSessionAuthentication]
    permission_classes: list = []

    @extend_schema(
        operation_id="login_refresh",
        tags=["front end"],
        auth=[{"session": []}],
        request=None,
        responses={
            200: inline_serializer(
                "LoginRefresh",
                {
                    "success": serializers.BooleanField(),
                    "user_id": serializers.IntegerField(),
                    "expires_epoch_seconds": serializers.IntegerField(),
                },
            ),
            401: OpenApiResponse(description="No logged-in session (`not_authenticated`)."),
        },
    )
    def post(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated("Log in first: there is no session to refresh.")
        cookie = jwt_cookie_issue(user=request.user)
        response = Response(
            {
                "success": True,
                "user_id": request.user.pk,
                "expires_epoch_seconds": cookie.expires_at,
            }
        )
        for name, value, httponly in (
            (HEADER_PAYLOAD_COOKIE, cookie.header_payload, False),
            (SIGNATURE_COOKIE, cookie.signature, True),
        ):
            response.set_cookie(
                name,
                value,
                max_age=settings.CERTDESK_JWT_COOKIE_LIFETIME,
                path="/",
                domain=settings.CERTDESK_JWT_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=httponly,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response


class CsrfTokenApi(ApiView):
    """`GET /csrf/api/v1/token` → `{"csrfToken": ...}`; the CSRF cookie is set with it."""

    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        operation_id="csrf_token",
        tags=["front end"],
        responses=inline_serializer("CsrfToken", {"csrfToken": serializers.CharField()}),
    )
    def get(self, request: Request) -> Response:
        return Response({"csrfToken": get_token(request._request)})


class LogoutPage(LogoutView):
    """`GET /logout` asks for confirmation (the front end's "Sign out" is a link; a GET
    must not end a session, so a page with a one-button form does); `POST /logout` ends
    the session and deletes the front end's JWT cookies, so the browser's API access
    ends with it."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return render(request, "accounts/logout.html")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        for name in (HEADER_PAYLOAD_COOKIE, SIGNATURE_COOKIE):
            response.delete_cookie(
                name, path="/", domain=settings.CERTDESK_JWT_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )  # fmt: skip
        return response
