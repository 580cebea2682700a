from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("reports/progress/", views.report_generate, name="progress_report"),
    path("reports/progress/templates/", views.template_list, name="progress_template_list"),
    path(
        "reports/progress/templates/<int:pk>/",
        views.template_edit,
        name="progress_template_edit",
    ),
    path(
        "reports/progress/templates/preview",
        views.template_preview,
        name="progress_template_preview",
    ),
]
