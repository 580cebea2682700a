from __future__ import annotations

from django.urls import path, re_path

from . import views_cycle, views_methods, views_results

UID = r"(?P<uid>[A-Za-z][A-Za-z0-9]{10})"

# the cycle and the results
urlpatterns: list = [
    path("assessments/", views_cycle.assessment_list, name="assessment_list"),
    path("assessments/open/", views_cycle.assessment_open, name="assessment_open"),
    path("assessments/results/", views_results.assessment_results, name="assessment_results"),
    path("assessments/results/export.<str:fmt>", views_results.assessment_results_export,
         name="assessment_results_export"),
    re_path(rf"^assessments/evidence/{UID}/$", views_cycle.assessment_evidence_file,
            name="assessment_evidence_file"),
    re_path(rf"^assessments/{UID}/$", views_cycle.assessment_detail, name="assessment_detail"),
    re_path(rf"^assessments/{UID}/self/$", views_cycle.assessment_self, name="assessment_self"),
    re_path(rf"^assessments/{UID}/prefill/$", views_cycle.assessment_prefill,
            name="assessment_prefill"),
    re_path(rf"^assessments/{UID}/evidence/$", views_cycle.assessment_evidence_add,
            name="assessment_evidence_add"),
    re_path(rf"^assessments/{UID}/comment/$", views_cycle.assessment_comment,
            name="assessment_comment"),
    re_path(rf"^assessments/{UID}/verify/$", views_cycle.assessment_verify,
            name="assessment_verify"),
    re_path(rf"^assessments/{UID}/approve/$", views_cycle.assessment_approve,
            name="assessment_approve"),
    re_path(rf"^assessments/{UID}/publish/$", views_cycle.assessment_publish,
            name="assessment_publish"),
    re_path(rf"^assessments/{UID}/return/$", views_cycle.assessment_return,
            name="assessment_return"),
]  # fmt: skip

# the methods (views_methods.py)
M = "assessments/methods/"
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
