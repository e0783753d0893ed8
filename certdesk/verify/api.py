"""`GET /api/v1/verify/{verify_uuid}`: is this certificate valid? (SPEC §9). Public,
throttled per client address; the throttle runs before the lookup, so 404s count."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from certdesk.core.api import ApiView
from certdesk.core.errors import NotFound
from certdesk.verify.selectors import certificate_public_get


class VerifyRateThrottle(SimpleRateThrottle):
    """`CERTDESK_VERIFY_THROTTLE` per client address, read at every request. The address
    is DRF's `get_ident`: `X-Forwarded-For` counts only with `NUM_PROXIES` > 0."""

    scope = "verify"

    def get_rate(self) -> str | None:
        return settings.CERTDESK_VERIFY_THROTTLE

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class VerifyOutputSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    status = serializers.CharField()
    course_key = serializers.CharField()
    course_name = serializers.CharField()
    learner_name = serializers.CharField(
        allow_null=True, help_text="The printed name; null unless the certificate is valid."
    )
    issued = serializers.DateTimeField()
    mode = serializers.CharField()


class VerifyErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField()
    developer_message = serializers.CharField()


class VerifyApi(ApiView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyRateThrottle]

    @extend_schema(
        operation_id="certificate_verify",
        tags=["verify"],
        parameters=[
            OpenApiParameter(
                "verify_uuid",
                str,
                OpenApiParameter.PATH,
                description="The certificate's 32 hexadecimal characters.",
            )
        ],
        responses={
            200: VerifyOutputSerializer,
            404: OpenApiResponse(VerifyErrorSerializer, description="`not_found`"),
            429: OpenApiResponse(VerifyErrorSerializer, description="`throttled`"),
        },
    )
    def get(self, request: Request, verify_uuid: str) -> Response:
        certificate = certificate_public_get(verify_uuid=verify_uuid)
        if certificate is None:
            raise NotFound("No certificate has this verification id.")
        return Response(VerifyOutputSerializer(certificate).data)
