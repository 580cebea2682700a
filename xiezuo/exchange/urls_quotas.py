from django.urls import path

from . import views_quotas, views_visits

urlpatterns = [
    path("exchange/quotas/", views_quotas.quota_report, name="exchange_quota_report"),
    path("exchange/quotas.xlsx", views_quotas.quota_export, name="exchange_quota_export"),
    path("exchange/quotas/set/", views_quotas.quota_set, name="exchange_quota_set"),
    path("exchange/quotas/import/", views_quotas.quota_import, name="exchange_quota_import"),
    path(
        "exchange/quotas/import/template/",
        views_quotas.quota_import_template,
        name="exchange_quota_import_template",
    ),
    path("exchange/in-post/", views_quotas.in_post, name="exchange_in_post"),
    path("exchange/visits/", views_visits.visit_list, name="exchange_visit_list"),
    path("exchange/visits.xlsx", views_visits.visit_export, name="exchange_visit_export"),
    path("exchange/visits/new/", views_visits.visit_create, name="exchange_visit_create"),
    path("exchange/visits/import/", views_visits.visit_import, name="exchange_visit_import"),
    path(
        "exchange/visits/import/template/",
        views_visits.visit_import_template,
        name="exchange_visit_import_template",
    ),
    path("exchange/visits/<str:uid>/", views_visits.visit_edit, name="exchange_visit_edit"),
]
