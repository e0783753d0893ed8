"""The base of every certdesk API view: the checks of SPEC §2 in order, then the body
limit, before the view does any work or reads its body."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.request import Request
from rest_framework.views import APIView

from certdesk.core.body_limits import BodyLimit, content_length, default_body_limit
from certdesk.core.errors import CertdeskError


class ApiView(APIView):
    """DRF authenticates and checks permissions; `check_access` (a subclass's course,
    role and switch checks) comes next; then a body over `body_limit` (default 10 MB,
    413 `request_too_large`) is refused unread, whatever the method would read. So an
    oversized body never hides a 401, 404, 403 or 409, and is never half-used."""

    body_limit: ClassVar[BodyLimit | None] = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.check_access(request, *args, **kwargs)
        limit = self.body_limit or default_body_limit()
        if content_length(request) > limit.max_bytes:
            raise CertdeskError(limit.message, code=limit.code, status=413)

    def check_access(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """The view's own checks after authentication; none by default."""
