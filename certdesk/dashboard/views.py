"""Server-rendered instructor pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certdesk.dashboard.selectors import my_courses


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My courses."""
    return render(request, "dashboard/home.html", {"courses": my_courses(user=request.user)})
