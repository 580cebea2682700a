from django.urls import include, path

from . import views

# Pages of the work plan. Documents and items here; the board, the Excel
# import/export and the year-end report in urls_board; notifications in
# urls_notifications.
urlpatterns = [
    path("plans/", views.document_list, name="plan_document_list"),
    path("", include("xiezuo.plans.urls_board")),
    path("", include("xiezuo.plans.urls_notifications")),
]
