from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .urls_quotas import urlpatterns as quota_urlpatterns

urlpatterns: list[URLPattern] = [
    path("exchange/", views.secondment_list, name="exchange_secondment_list"),
    path("exchange/secondments.xlsx", views.secondment_export, name="exchange_secondment_export"),
    path("exchange/import/", views.secondment_import, name="exchange_secondment_import"),
    path(
        "exchange/import/template/",
        views.secondment_import_template,
        name="exchange_secondment_import_template",
    ),
    path(
        "exchange/secondments/<str:uid>/",
        views.secondment_detail,
        name="exchange_secondment_detail",
    ),
    path(
        "exchange/secondments/<str:uid>/edit/",
        views.secondment_edit,
        name="exchange_secondment_edit",
    ),
    path(
        "exchange/secondments/<str:uid>/reports/new/",
        views.secondment_report_add,
        name="exchange_secondment_report_add",
    ),
    path(
        "exchange/reports/<str:uid>/file/",
        views.secondment_report_file,
        name="exchange_secondment_report_file",
    ),
    path("exchange/people/", views.person_list, name="exchange_person_list"),
    path("exchange/people/new/", views.person_create, name="exchange_person_create"),
    path("exchange/people/<str:uid>/", views.person_detail, name="exchange_person_detail"),
    path("exchange/people/<str:uid>/edit/", views.person_edit, name="exchange_person_edit"),
    path(
        "exchange/people/<str:uid>/secondments/new/",
        views.secondment_create,
        name="exchange_secondment_create",
    ),
]
urlpatterns += quota_urlpatterns  # quotas, who is in post, short visits
