from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("tourism/", views.spot_list, name="tourism_spot_list"),
    path("tourism/spots.xlsx", views.spot_export, name="tourism_spot_export"),
    path("tourism/spots/new/", views.spot_create, name="tourism_spot_create"),
    path("tourism/spots/<str:uid>/", views.spot_detail, name="tourism_spot_detail"),
    path("tourism/spots/<str:uid>/edit/", views.spot_edit, name="tourism_spot_edit"),
    path(
        "tourism/spots/<str:uid>/discounts/",
        views.discount_create,
        name="tourism_discount_create",
    ),
    path("tourism/discounts/<int:pk>/edit/", views.discount_edit, name="tourism_discount_edit"),
    path(
        "tourism/spots/<str:uid>/visitors/",
        views.visitor_report_create,
        name="tourism_visitor_report_create",
    ),
    path("tourism/projects/", views.project_list, name="tourism_project_list"),
    path("tourism/projects/new/", views.project_create, name="tourism_project_create"),
    path("tourism/projects/<str:uid>/edit/", views.project_edit, name="tourism_project_edit"),
    path("tourism/routes/", views.route_list, name="tourism_route_list"),
    path("tourism/routes/new/", views.route_create, name="tourism_route_create"),
    path("tourism/routes/<str:uid>/edit/", views.route_edit, name="tourism_route_edit"),
    path("tourism/visitors/", views.visitor_report_list, name="tourism_visitor_report_list"),
    path(
        "tourism/visitors.xlsx", views.visitor_report_export, name="tourism_visitor_report_export"
    ),
    path("tourism/visitors/month/", views.visitor_month, name="tourism_visitor_month"),
    path("tourism/visitors/import/", views.visitor_import, name="tourism_visitor_import"),
    path(
        "tourism/visitors/import/template/",
        views.visitor_import_template,
        name="tourism_visitor_import_template",
    ),
]
