from django.urls import path

from . import views, views_dashboard, views_maps, views_profile

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("figures/", views.figures, name="figures"),
    path("pivot/", views.pivot_table, name="pivot"),
    path("pivot/export.<str:fmt>", views.pivot_export, name="pivot_export"),
    path("dashboard/map/", views_maps.map_page, name="dashboard_map"),
    path("dashboard/map.json", views_maps.map_json, name="dashboard_map_json"),
    path("places/<str:code>/profile/", views_profile.place_profile_page, name="place_profile"),
    path(
        "places/<str:code>/profile.pdf", views_profile.place_profile_pdf, name="place_profile_pdf"
    ),
]
