from django.urls import path

from . import views

urlpatterns = [
    path("investment/", views.project_list, name="investment_project_list"),
    path("investment/projects.xlsx", views.project_export, name="investment_project_export"),
    path("investment/projects/new/", views.project_create, name="investment_project_create"),
    path("investment/import/", views.project_import, name="investment_project_import"),
    path(
        "investment/import/template/",
        views.project_import_template,
        name="investment_project_import_template",
    ),
    path("investment/projects/<str:uid>/", views.project_detail, name="investment_project_detail"),
    path(
        "investment/projects/<str:uid>/in-place/",
        views.in_place_create,
        name="investment_in_place_create",
    ),
    path(
        "investment/projects/<str:uid>/status/",
        views.project_status,
        name="investment_project_status",
    ),
    path(
        "investment/projects/<str:uid>/jobs/",
        views.job_report_create,
        name="investment_job_report_create",
    ),
    path(
        "investment/in-place/<int:pk>/reverse/",
        views.in_place_reverse,
        name="investment_in_place_reverse",
    ),
    path("investment/events/", views.event_list, name="investment_event_list"),
    path("investment/events/new/", views.event_create, name="investment_event_create"),
    path("investment/parks/new/", views.park_create, name="investment_park_create"),
    path("investment/workshops/new/", views.workshop_create, name="investment_workshop_create"),
    path("investment/parks/", views.park_list, name="investment_park_list"),
    path("investment/parks/<str:uid>/", views.park_detail, name="investment_park_detail"),
    path(
        "investment/parks/<str:uid>/enterprises/",
        views.park_enterprise_create,
        name="investment_park_enterprise_create",
    ),
    path("investment/workshops/", views.workshop_list, name="investment_workshop_list"),
    path(
        "investment/workshops/<str:uid>/reports/",
        views.workshop_report_create,
        name="investment_workshop_report_create",
    ),
]
