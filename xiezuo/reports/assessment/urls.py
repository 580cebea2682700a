from __future__ import annotations

from django.urls import path

from . import views_methods

urlpatterns: list = []

# the methods (views_methods.py)
M = "assessment/methods/"
urlpatterns += [
    path(M, views_methods.method_list, name="assessment_method_list"),
    path(f"{M}import/", views_methods.method_import, name="assessment_method_import"),
    path(f"{M}<slug:code>/", views_methods.method_detail, name="assessment_method_detail"),
    path(f"{M}<slug:code>/edit/", views_methods.method_edit, name="assessment_method_edit"),
    path(f"{M}<slug:code>/copy/", views_methods.method_copy, name="assessment_method_copy"),
    path(
        f"{M}<slug:code>/weights/", views_methods.method_weights, name="assessment_method_weights"
    ),
    path(f"{M}<slug:code>.xlsx", views_methods.method_export, name="assessment_method_export"),
    path(
        f"{M}<slug:code>/<str:kind>/new/", views_methods.part_new, name="assessment_method_part_new"
    ),
    path(
        f"{M}<slug:code>/<str:kind>/<int:pk>/edit/",
        views_methods.part_edit,
        name="assessment_method_part_edit",
    ),
    path(
        f"{M}<slug:code>/<str:kind>/<int:pk>/remove/",
        views_methods.part_remove,
        name="assessment_method_part_remove",
    ),
]
