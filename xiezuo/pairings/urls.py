from django.urls import path

from . import views

urlpatterns = [
    path("pairings/", views.pairing_list, name="pairing_list"),
    path("pairings/new/", views.pairing_create, name="pairing_create"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path("pairings/<int:pk>/edit/", views.pairing_edit, name="pairing_edit"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/unpaired.xlsx", views.coverage_export, name="coverage_export"),
]
