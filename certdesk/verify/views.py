"""The public certificate page and its PDF. Anyone with the link may look; a certificate
that is no longer valid answers 410 and names nobody (docs/decisions/0006)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certdesk.verify.pdf import certificate_pdf
from certdesk.verify.qr import qr_svg
from certdesk.verify.selectors import PublicCertificate, certificate_public_get

ISSUED_FORMAT = "j F Y"


def _absolute(request: HttpRequest, name: str, verify_uuid: str) -> str:
    return request.build_absolute_uri(reverse(name, kwargs={"verify_uuid": verify_uuid}))


def _details(request: HttpRequest, certificate: PublicCertificate) -> dict[str, Any]:
    """Everything both the page and the PDF print, computed once."""
    page_url = _absolute(request, "certificate-page", certificate.verify_uuid)
    return {
        "certificate": certificate,
        "page_url": page_url,
        "pdf_url": _absolute(request, "certificate-pdf", certificate.verify_uuid),
        "api_url": _absolute(request, "verify-api", certificate.verify_uuid),
        "issued_display": date_format(timezone.localtime(certificate.issued), ISSUED_FORMAT),
    }


def _refusal(request: HttpRequest, certificate: PublicCertificate | None) -> HttpResponse:
    """404 for no certificate; 410 for one that is not (or no longer) valid."""
    if certificate is None:
        return render(request, "verify/not_found.html", status=404)
    return render(request, "verify/gone.html", {"certificate": certificate}, status=410)


@never_cache
@require_safe
def certificate_page(request: HttpRequest, verify_uuid: str) -> HttpResponse:
    certificate = certificate_public_get(verify_uuid=verify_uuid)
    if certificate is None or not certificate.valid:
        return _refusal(request, certificate)
    context = _details(request, certificate)
    context["qr_svg"] = mark_safe(qr_svg(context["page_url"]))  # our own SVG
    return render(request, "verify/certificate.html", context)


@never_cache
@require_safe
def certificate_pdf_view(request: HttpRequest, verify_uuid: str) -> HttpResponse:
    certificate = certificate_public_get(verify_uuid=verify_uuid)
    if certificate is None or not certificate.valid:
        return _refusal(request, certificate)
    details = _details(request, certificate)
    body = certificate_pdf(
        certificate, page_url=details["page_url"], issued_display=details["issued_display"]
    )
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"certificate-{certificate.verify_uuid}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
