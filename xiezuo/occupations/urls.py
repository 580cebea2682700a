from django.urls import path

from . import views

urlpatterns = [
    path("occupations/", views.occupation_list, name="occupation_list"),
    path("occupations/options/", views.occupation_options, name="occupation_options"),
    path("occupations/<str:code>/", views.occupation_detail, name="occupation_detail"),
    path(
        "occupations/<str:code>/children/",
        views.occupation_children,
        name="occupation_children",
    ),
]
