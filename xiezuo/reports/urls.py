from django.urls import path

from . import views, views_maps

urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("pivot/", views.pivot_table, name="pivot"),
    path("pivot/export.<str:fmt>", views.pivot_export, name="pivot_export"),
    path("dashboard/map/", views_maps.map_page, name="dashboard_map"),
    path("dashboard/map.json", views_maps.map_json, name="dashboard_map_json"),
]
