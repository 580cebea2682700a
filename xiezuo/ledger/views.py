"""Pages of the fund ledger: the accounts with what each holds, and an account's statement."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.paging import page_of

from . import selectors
from .models import AccountKind


def account_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "ledger.view")
    kind = request.GET.get("kind") or None
    if kind not in AccountKind.values:
        kind = None
    place = (request.GET.get("place") or "").strip() or None
    accounts = selectors.account_list(kind=kind, place_code=place)
    return render(
        request,
        "ledger/account_list.html",
        {"page": page_of(request, accounts), "kinds": AccountKind.choices, "filters": request.GET},
    )


def account_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "ledger.view")
    account = selectors.account_get(code)
    if account is None:
        raise Http404(_("No account has the id or code “%(key)s”.") % {"key": code})
    return render(
        request,
        "ledger/account_detail.html",
        {
            "account": account,
            "balances": selectors.account_balances(account),
            "page": page_of(request, selectors.transfer_list(account=account)),
        },
    )
