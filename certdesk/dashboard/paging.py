"""One page of a list for a dashboard table: 25 rows by default (`page_size` up to 100),
an out-of-range page shows the last one. One query for the rows and one for the count."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def page_size(request: HttpRequest) -> int:
    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdigit() else DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def page_of(rows: Any, request: HttpRequest) -> Page:
    return Paginator(rows, page_size(request)).get_page(request.GET.get("page"))


def table_context(rows: Any, request: HttpRequest) -> dict[str, Any]:
    """What `table_page.html` needs: the page of `rows` and the query of its links."""
    return {"table": page_of(rows, request), "query": query_without_page(request)}


def query_without_page(request: HttpRequest) -> str:
    """The current query string without `page`, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
