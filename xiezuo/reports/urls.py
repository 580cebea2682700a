from django.urls import path

from . import views, views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("figures/", views.figures, name="figures"),
    path("pivot/", views.pivot_table, name="pivot"),
    path("pivot/export.<str:fmt>", views.pivot_export, name="pivot_export"),
]
