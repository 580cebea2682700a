from django.urls import path

from . import views

urlpatterns = [path("figures/", views.figures, name="figures")]
