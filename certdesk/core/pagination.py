"""Open edX's pagination envelope: `{count, num_pages, current_page, start, next,
previous, results}`, page size 10 by default and at most 100. One query for the page and
one for the count."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage as DjangoInvalidPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from certdesk.core.errors import InvalidPage

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


class OpenEdxPage:
    """One page of a queryset, with the envelope Open edX clients read."""

    def __init__(self, queryset: QuerySet | list, request: Request) -> None:
        self.request = request
        self.page_size = self._page_size(request)
        paginator = Paginator(queryset, self.page_size)
        try:
            self.page = paginator.page(request.query_params.get("page") or 1)
        except DjangoInvalidPage as exc:
            raise InvalidPage() from exc

    @staticmethod
    def _page_size(request: Request) -> int:
        raw = request.query_params.get("page_size")
        try:
            size = int(raw) if raw else DEFAULT_PAGE_SIZE
        except ValueError:
            size = DEFAULT_PAGE_SIZE
        return max(1, min(size, MAX_PAGE_SIZE))

    @property
    def items(self) -> list[Any]:
        return list(self.page.object_list)

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", number)

    def envelope(self, results: list[Any]) -> dict[str, Any]:
        page = self.page
        return {
            "count": page.paginator.count,
            "num_pages": page.paginator.num_pages,
            "current_page": page.number,
            "start": (page.number - 1) * self.page_size,
            "next": self._link(page.next_page_number() if page.has_next() else None),
            "previous": self._link(page.previous_page_number() if page.has_previous() else None),
            "results": results,
        }
