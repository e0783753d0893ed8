"""Public routes: the certificate page, its PDF and the verify API (mounted at the root,
see config/urls.py). The id has no dot, so `.pdf` never reaches the page; a value that
is not a `verify_uuid` is answered by the views with their own 404."""

from django.urls import re_path

from certdesk.verify.api import VerifyApi
from certdesk.verify.views import certificate_page, certificate_pdf_view

VERIFY_UUID = r"(?P<verify_uuid>[^/.]+)"

urlpatterns = [
    re_path(rf"^certificates/{VERIFY_UUID}$", certificate_page, name="certificate-page"),
    re_path(rf"^certificates/{VERIFY_UUID}\.pdf$", certificate_pdf_view, name="certificate-pdf"),
    re_path(r"^api/v1/verify/(?P<verify_uuid>[^/]+)$", VerifyApi.as_view(), name="verify-api"),
]
