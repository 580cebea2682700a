from django.urls import path

from . import views

urlpatterns = [
    path("places/", views.place_tree, name="place_tree"),
    path("places/search/", views.place_search, name="place_search"),
    path("places/<str:code>/", views.place_detail, name="place_detail"),
    path("places/<str:code>/children/", views.place_children, name="place_children"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
]
