"""Pages of the in-app notifications: the user's reminders of work items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.htmx import is_htmx
from xiezuo.paging import page_of

from . import selectors, services
from .models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "notification.manage", user)
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(user=user, unread_only=unread_only)
    page = page_of(request, notifications)
    return render(
        request,
        "plans/notification_list.html",
        {
            "page": page,
            "filters": request.GET,
            "unread_only": unread_only,
            "unread": selectors.notification_unread_count(user=user),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("plan_notification_list")


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.select_related("user", "item", "item__document", "item__lead"),
        pk=pk,
    )
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "notification.manage", notification.user)
    services.notification_read(notification=notification)
    if is_htmx(request):
        # the row, with the unread counts of the page and of the nav swapped out of band
        context = {
            "notification": notification,
            "oob": True,
            "unread": selectors.notification_unread_count(user=user),
        }
        return render(request, "plans/_notification_row.html", context)
    return _back(request)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "notification.manage", user)
    count = services.notification_read_all(user=user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No unread notifications."))
    return _back(request)
