from django.urls import path

from . import views

urlpatterns = [
    path("labour/", views.worker_list, name="labour_worker_list"),
    path("labour/workers/<str:uid>/", views.worker_detail, name="labour_worker_detail"),
    path("labour/placements/", views.placement_list, name="labour_placement_list"),
]
