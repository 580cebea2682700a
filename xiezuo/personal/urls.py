from django.urls import path

from . import views

urlpatterns = [
    path("personal/log/", views.log_list, name="personal_log"),
    path("personal/log.xlsx", views.log_export, name="personal_log_export"),
]
