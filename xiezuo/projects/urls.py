from django.urls import path

from . import views

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/export/", views.project_export, name="project_export"),
    path("projects/import/", views.project_import, name="project_import"),
    path(
        "projects/import/template/", views.project_import_template, name="project_import_template"
    ),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/step/", views.project_step, name="project_step"),
    path("projects/<int:pk>/publish/", views.project_publish, name="project_publish"),
    path("projects/<int:pk>/unpublish/", views.project_unpublish, name="project_unpublish"),
    path("projects/<int:pk>/budget/", views.budget_line_add, name="project_budget_line_add"),
    path(
        "projects/budget/<int:pk>/delete/",
        views.budget_line_delete,
        name="project_budget_line_delete",
    ),
    path("projects/<int:pk>/targets/", views.project_target_add, name="project_target_add"),
    path(
        "projects/targets/<int:pk>/delete/",
        views.project_target_delete,
        name="project_target_delete",
    ),
    path("projects/<int:pk>/files/", views.project_file_add, name="project_file_add"),
    path("projects/files/<str:uid>/", views.project_file, name="project_file"),
]
