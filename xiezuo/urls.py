from __future__ import annotations

from django.urls import include, path

from xiezuo.accounts.admin import site as admin_site
from xiezuo.api import api
from xiezuo.metrics import metrics_view
from xiezuo.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xiezuo.accounts.urls")),
    path("", include("xiezuo.places.urls")),
    path("", include("xiezuo.occupations.urls")),
    path("", include("xiezuo.pairings.urls")),
    path("", include("xiezuo.plans.urls")),
    path("", include("xiezuo.projects.urls")),
    path("", include("xiezuo.ledger.urls")),
    path("", include("xiezuo.investment.urls")),
    path("", include("xiezuo.labour.urls")),
    path("", include("xiezuo.exchange.urls")),
    path("", include("xiezuo.consumption.urls")),
    path("", include("xiezuo.tourism.urls")),
    path("", include("xiezuo.personal.urls")),
    path("", include("xiezuo.disclosure.urls")),
    path("", include("xiezuo.indicators.urls")),
    path("", include("xiezuo.reports.urls")),
    path("", include("xiezuo.reports.progress.urls")),
    path("", include("xiezuo.reports.assessment.urls")),
    path("", include("xiezuo.indicators.urls_imports")),
    path("api/v1/", api.urls),
    path("api/", include("xiezuo.dhis2.urls")),
    path("admin/", admin_site.urls),
]

# a busy or unreachable database, a full disk, met outside a view: 503/507, not 500
handler500 = "xiezuo.locked.server_error"
# under /api/ an error is JSON (xiezuo.api.ApiErrors), never a page that could fail to render
handler400 = "xiezuo.api.bad_request"
handler403 = "xiezuo.api.permission_denied"
handler404 = "xiezuo.api.page_not_found"
