from django.urls import path

from . import views

urlpatterns = [
    path("labour/", views.worker_list, name="labour_worker_list"),
    path("labour/workers/<str:uid>/", views.worker_detail, name="labour_worker_detail"),
    path("labour/placements/", views.placement_list, name="labour_placement_list"),
    path("labour/fairs/", views.fair_list, name="labour_fair_list"),
    path("labour/training/", views.training_class_list, name="labour_training_class_list"),
    path("jobs/", views.job_board, name="job_board"),
    path("jobs/<str:uid>/", views.job_detail, name="job_detail"),
    path("jobs/<str:uid>/qr.svg", views.job_qr, name="job_qr"),
]
