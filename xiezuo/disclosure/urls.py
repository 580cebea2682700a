from django.urls import path

from . import views

urlpatterns = [
    path("disclosure/", views.index, name="disclosure"),
    path("disclosure/projects/<str:uid>/", views.project, name="disclosure_project"),
]
