"""Every route certdesk serves. None of the API paths has a trailing slash, and a
trailing-slash request is not redirected (APPEND_SLASH is off). Every route has a name:
the authorization matrix (tests/authz/) lists each one."""

from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from certdesk.core import views as core_views

handler404 = "certdesk.core.views.not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/instructor/v2/", include("certdesk.certificates.api.v2.urls")),
    path("api/v1/", include("certdesk.courses.api.urls")),
    path("", include("certdesk.certificates.api.v1.urls")),
    path("", include("certdesk.accounts.urls")),
    path("", include("certdesk.mfe.urls")),
    path("dashboard/", include("certdesk.dashboard.urls")),
    path("", include("certdesk.verify.urls")),
    path("", RedirectView.as_view(url="/dashboard/", permanent=False), name="root"),
]
