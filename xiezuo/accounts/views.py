from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.forms import RefusedFormMixin, errors_to_form, form_status

from . import policy, selectors, services
from .forms import TokenForm
from .models import ApiToken, User


@method_decorator(login_not_required, name="dispatch")
class LoginView(RefusedFormMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(RefusedFormMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"


def token_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    policy.require(user, "token.manage", user)
    created = None
    form = TokenForm(request.POST) if request.method == "POST" else TokenForm()
    if form.is_bound and form.is_valid():
        try:
            _token, created = services.token_create(user=user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
            form = TokenForm()  # the page shows the new token once, and a blank form
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": selectors.token_list(user=user), "created": created, "form": form},
        status=form_status(form),
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    policy.require(request.user, "token.manage", token.user)
    services.token_revoke(token=token)
    messages.success(request, _("Token %s… revoked.") % token.prefix)
    return redirect("token_list")
