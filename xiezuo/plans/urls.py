from django.urls import include, path

from . import views

# Pages of the work plan. Documents and items here; the board, the Excel
# import/export and the year-end report in urls_board; notifications in
# urls_notifications.
urlpatterns = [
    path("plans/", views.document_list, name="plan_document_list"),
    path("plans/new/", views.document_create, name="plan_document_create"),
    path("plans/<int:pk>/", views.document_detail, name="plan_document_detail"),
    path("plans/<int:pk>/edit/", views.document_edit, name="plan_document_edit"),
    path("plans/<int:pk>/file/", views.document_file, name="plan_document_file"),
    path("plans/<int:pk>/categories/", views.category_create, name="plan_category_create"),
    path("plans/<int:pk>/items/new/", views.item_create, name="plan_item_create"),
    path("plans/items/<int:pk>/", views.item_detail, name="plan_item_detail"),
    path("plans/items/<int:pk>/edit/", views.item_edit, name="plan_item_edit"),
    path("plans/items/<int:pk>/updates/", views.update_post, name="plan_update_post"),
    path("plans/items/<int:pk>/milestones/", views.milestone_create, name="plan_milestone_create"),
    path("plans/items/<int:pk>/targets/", views.target_create, name="plan_target_create"),
    path("plans/milestones/<int:pk>/tick/", views.milestone_tick, name="plan_milestone_tick"),
    path("plans/milestones/<int:pk>/untick/", views.milestone_untick, name="plan_milestone_untick"),
    path("plans/targets/<int:pk>/delete/", views.target_delete, name="plan_target_delete"),
    path("plans/evidence/<str:uid>/", views.evidence_file, name="plan_evidence"),
    path("", include("xiezuo.plans.urls_board")),
    path("", include("xiezuo.plans.urls_notifications")),
]
