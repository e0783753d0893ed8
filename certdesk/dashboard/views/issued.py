"""The issued-certificates table (SPEC §6.2): filters, search, pagination, CSV export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certdesk.certificates.api.v2.issued import IssuedRowSerializer, issued_row
from certdesk.certificates.issued import issued_rows
from certdesk.core.csv_export import csv_download
from certdesk.courses.permissions import Perm
from certdesk.dashboard.access import CoursePage, course_view
from certdesk.dashboard.forms import IssuedFilterForm
from certdesk.dashboard.paging import table_context
from certdesk.dashboard.views.common import invalid_filters

CSV_CHUNK = 2000


@require_GET
@course_view(Perm.ISSUED_READ, nav="dashboard:issued")
def issued(request: HttpRequest, page: CoursePage) -> HttpResponse:
    form = IssuedFilterForm(request.GET)
    if refusal := invalid_filters(request, page, form, "dashboard/issued.html"):
        return refusal
    filters = form.filters()
    context = page.context(
        **table_context(issued_rows(course=page.course, **filters), request),
        form=form,
        export_query=request.GET.urlencode(),
        filtered=filters["filter_name"] != "all" or bool(filters["search"]),
    )
    context["rows"] = [issued_row(values) for values in context["table"].object_list]
    return render(request, "dashboard/issued.html", context)


@require_GET
@course_view(Perm.ISSUED_READ, nav="dashboard:issued")
def issued_export(request: HttpRequest, page: CoursePage) -> HttpResponse:
    """Every row matching the table's filter and search (not one page), as the API's CSV."""
    form = IssuedFilterForm(request.GET)
    if refusal := invalid_filters(request, page, form, "dashboard/issued.html"):
        return refusal
    rows = issued_rows(course=page.course, **form.filters())
    serializer = IssuedRowSerializer()
    fields = list(serializer.fields)

    def lines():
        for values in rows.iterator(chunk_size=CSV_CHUNK):
            data = serializer.to_representation(issued_row(values))
            yield [data[field] for field in fields]

    filename = f"issued-certificates-{page.course.course_number}.csv"
    return csv_download(filename=filename, header=fields, rows=lines())
