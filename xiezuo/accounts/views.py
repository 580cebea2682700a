from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import policy, selectors, services
from .models import ApiToken, User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def token_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "token.manage", user)
    created = None
    if request.method == "POST":
        _token, created = services.token_create(
            user=user, name=request.POST.get("name", "").strip()
        )
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": selectors.token_list(user=user), "created": created},
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    policy.require(request.user, "token.manage", token.user)
    services.token_revoke(token=token)
    messages.success(request, _("Token %s… revoked.") % token.prefix)
    return redirect("token_list")
