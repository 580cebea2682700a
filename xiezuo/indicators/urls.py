from django.urls import path

from . import views

REPORT = "data/entry/<str:code>/<str:place_code>/<str:period_id>/"

urlpatterns = [
    path("data/", views.entry_start, name="entry_start"),
    path(REPORT, views.entry_grid, name="entry_grid"),
    path(REPORT + "cell/", views.entry_cell, name="entry_cell"),
    path(REPORT + "history/", views.entry_cell_history, name="entry_cell_history"),
    path(REPORT + "complete/", views.report_complete, name="report_complete"),
    path(REPORT + "uncomplete/", views.report_uncomplete, name="report_uncomplete"),
    path(REPORT + "approve/", views.report_approve, name="report_approve"),
    path(REPORT + "return/", views.report_return, name="report_return"),
    path(REPORT + "unapprove/", views.report_unapprove, name="report_unapprove"),
    path("data/approvals/", views.approval_list, name="data_approvals"),
    path("data/completeness/", views.data_completeness, name="data_completeness"),
    path("data/validation/", views.data_validation, name="data_validation"),
]
