from __future__ import annotations

from django.urls import path

from . import views_sales as views

urlpatterns = [
    path("consumption/sales/", views.sale_list, name="consumption_sale_list"),
    path("consumption/sales.xlsx", views.sale_export, name="consumption_sale_export"),
    path("consumption/sales/new/", views.sale_create, name="consumption_sale_create"),
    path("consumption/sales/import/", views.sale_import, name="consumption_sale_import"),
    path(
        "consumption/sales/import/template/",
        views.sale_import_template,
        name="consumption_sale_import_template",
    ),
    path("consumption/sales/<str:uid>/", views.sale_detail, name="consumption_sale_detail"),
    path(
        "consumption/sales/<str:uid>/reverse/",
        views.sale_reverse,
        name="consumption_sale_reverse",
    ),
    path("consumption/buyers/", views.buyer_list, name="consumption_buyer_list"),
    path("consumption/buyers/new/", views.buyer_create, name="consumption_buyer_create"),
    path("consumption/facilities/", views.facility_list, name="consumption_facility_list"),
    path("consumption/facilities/new/", views.facility_create, name="consumption_facility_create"),
]
