from django.urls import path

from . import subsidy_views, views
from .excel import views as excel_views

urlpatterns = [
    path("labour/", views.worker_list, name="labour_worker_list"),
    path("labour/workers/new/", views.worker_create, name="labour_worker_create"),
    path("labour/workers/<str:uid>/", views.worker_detail, name="labour_worker_detail"),
    path("labour/workers/<str:uid>/job/", views.placement_create, name="labour_placement_create"),
    path(
        "labour/placements/<str:uid>/follow-up/",
        views.follow_up_create,
        name="labour_follow_up_create",
    ),
    path("labour/placements/", views.placement_list, name="labour_placement_list"),
    path("labour/postings/", views.posting_list, name="labour_posting_list"),
    path("labour/postings/new/", views.posting_create, name="labour_posting_create"),
    path("labour/postings/<str:uid>/", views.posting_detail, name="labour_posting_detail"),
    path("labour/postings/<str:uid>/edit/", views.posting_edit, name="labour_posting_edit"),
    path("labour/postings/<str:uid>/close/", views.posting_close, name="labour_posting_close"),
    path(
        "labour/postings/<str:uid>/matches/<str:worker_uid>/outcome/",
        views.match_outcome_record,
        name="labour_match_outcome_record",
    ),
    path("labour/fairs/", views.fair_list, name="labour_fair_list"),
    path("labour/fairs/new/", views.fair_create, name="labour_fair_create"),
    path("labour/fairs/<str:uid>/", views.fair_detail, name="labour_fair_detail"),
    path("labour/training/", views.training_class_list, name="labour_training_class_list"),
    path(
        "labour/training/new/",
        views.training_class_create,
        name="labour_training_class_create",
    ),
    path(
        "labour/training/<str:uid>/",
        views.training_class_detail,
        name="labour_training_class_detail",
    ),
    path(
        "labour/training/<str:uid>/trainees/",
        views.trainee_enrol,
        name="labour_trainee_enrol",
    ),
    path(
        "labour/training/<str:uid>/trainees/<str:worker_uid>/completion/",
        views.trainee_complete,
        name="labour_trainee_complete",
    ),
    path("labour/school-leavers/", views.school_leaver_list, name="labour_school_leaver_list"),
    path(
        "labour/school-leavers/new/",
        views.school_leaver_create,
        name="labour_school_leaver_create",
    ),
    path(
        "labour/school-leavers/<str:worker_uid>/agreement/",
        views.school_leaver_agreement,
        name="labour_school_leaver_agreement",
    ),
    path("labour/subsidies/", subsidy_views.rule_list, name="labour_subsidy_rule_list"),
    path("labour/subsidies/new/", subsidy_views.rule_create, name="labour_subsidy_rule_create"),
    path(
        "labour/subsidies/<str:uid>/",
        subsidy_views.rule_detail,
        name="labour_subsidy_rule_detail",
    ),
    path(
        "labour/subsidies/<str:uid>/edit/", subsidy_views.rule_edit, name="labour_subsidy_rule_edit"
    ),
    path(
        "labour/subsidies/<str:uid>/delete/",
        subsidy_views.rule_delete,
        name="labour_subsidy_rule_delete",
    ),
    path(
        "labour/subsidies/<str:uid>/lists/new/",
        subsidy_views.batch_draw,
        name="labour_subsidy_batch_draw",
    ),
    path(
        "labour/subsidy-lists/<str:uid>/",
        subsidy_views.batch_detail,
        name="labour_subsidy_batch_detail",
    ),
    path(
        "labour/subsidy-lists/<str:uid>/approve/",
        subsidy_views.batch_approve,
        name="labour_subsidy_batch_approve",
    ),
    path(
        "labour/subsidy-lists/<str:uid>/return/",
        subsidy_views.batch_return,
        name="labour_subsidy_batch_return",
    ),
    path(
        "labour/subsidy-lists/<str:uid>/list.xlsx",
        subsidy_views.batch_export,
        name="labour_subsidy_batch_export",
    ),
    path(
        "labour/subsidy-payments/<int:pk>/cancel/",
        subsidy_views.payment_cancel,
        name="labour_subsidy_payment_cancel",
    ),
    path("jobs/", views.job_board, name="job_board"),
    path("jobs/<str:uid>/", views.job_detail, name="job_detail"),
    path("jobs/<str:uid>/qr.svg", views.job_qr, name="job_qr"),
]

# the registers in Excel: exports (the lists' filters kept), imports and their templates
urlpatterns += [
    path("labour/excel/workers/", excel_views.worker_export, name="labour_worker_export"),
    path("labour/excel/workers/import/", excel_views.worker_import, name="labour_worker_import"),
    path(
        "labour/excel/workers/template/",
        excel_views.worker_import_template,
        name="labour_worker_import_template",
    ),
    path("labour/excel/postings/", excel_views.posting_export, name="labour_posting_export"),
    path("labour/excel/postings/import/", excel_views.posting_import, name="labour_posting_import"),
    path(
        "labour/excel/postings/template/",
        excel_views.posting_import_template,
        name="labour_posting_import_template",
    ),
    path("labour/excel/placements/", excel_views.placement_export, name="labour_placement_export"),
    path(
        "labour/excel/placements/import/",
        excel_views.placement_import,
        name="labour_placement_import",
    ),
    path(
        "labour/excel/placements/template/",
        excel_views.placement_import_template,
        name="labour_placement_import_template",
    ),
    path(
        "labour/excel/trainees/template/",
        excel_views.trainee_import_template,
        name="labour_trainee_import_template",
    ),
    path(
        "labour/excel/training/<str:uid>/trainees/",
        excel_views.trainee_export,
        name="labour_trainee_export",
    ),
    path(
        "labour/excel/training/<str:uid>/trainees/import/",
        excel_views.trainee_import,
        name="labour_trainee_import",
    ),
]
