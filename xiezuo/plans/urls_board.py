from django.urls import path

from . import views_board

# The supervision board, its Excel export and import, and the year-end completion report.
urlpatterns = [
    path("plans/<int:pk>/board/", views_board.plan_board, name="plan_board"),
    path("plans/<int:pk>/board.xlsx", views_board.plan_board_export, name="plan_board_export"),
    path("plans/<int:pk>/import/", views_board.plan_import, name="plan_import"),
    path(
        "plans/<int:pk>/import/template.xlsx",
        views_board.plan_import_template,
        name="plan_import_template",
    ),
    path("plans/<int:pk>/report/", views_board.plan_report, name="plan_report"),
    path("plans/<int:pk>/report.xlsx", views_board.plan_report_export, name="plan_report_export"),
]
