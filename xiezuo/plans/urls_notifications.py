from django.urls import path

from . import views_notifications as views

# The user's reminders of work items (made by `xiezuo plans remind`).
urlpatterns = [
    path("notifications/", views.notification_list, name="plan_notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="plan_notification_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="plan_notification_read"),
]
