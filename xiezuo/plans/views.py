"""Pages of the work plan: documents and work items."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiezuo.accounts import policy

from . import selectors


def document_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "plan.view")
    return render(request, "plans/document_list.html", {"documents": selectors.documents()})
