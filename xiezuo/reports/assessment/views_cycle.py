"""Pages of the assessment cycle: the list, opening a year, an assessment's page (its
criteria in their areas and items with the figures, their sources and the scores, the
evidence, the steps, the deadline) and the form of each step.

Each step is a POST: parse → the service (which asks the policy and checks the order) →
back to the assessment's page; refused input is shown above the page (422)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezuo.accounts import policy
from xiezuo.accounts.models import User
from xiezuo.forms import REFUSED
from xiezuo.paging import page_of
from xiezuo.places.models import Place

from . import selectors, services
from .models import Assessment, Criterion, Evidence, Group, Method, Rule, Status


def _actor(request: HttpRequest) -> User:
    """Who takes a step (the pages are for signed-in users; the services ask the policy)."""
    return cast(User, request.user)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _assessment(request: HttpRequest, uid: str) -> Assessment:
    try:
        assessment = selectors.assessment_get(uid)
    except Assessment.DoesNotExist:
        raise Http404(_("No assessment has the number “%(key)s”.") % {"key": uid}) from None
    if not selectors.can_read(request.user, assessment):
        raise PermissionDenied(policy.denied_message("assessment.draft.view"))
    return assessment


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- the list and opening a year


def assessment_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    method = Method.objects.filter(code=request.GET.get("method") or "").first()
    status = request.GET.get("status") if request.GET.get("status") in Status.values else None
    rows = selectors.assessment_list(
        user=request.user, year=_int(request.GET.get("year")), method=method, status=status,
        group=request.GET.get("group") or None, place=request.GET.get("place") or None,
    )  # fmt: skip
    return render(request, "assessment/assessment_list.html", {
        "page": page_of(request, rows), "methods": Method.objects.all(),
        "statuses": Status.choices, "filters": request.GET, "query": request.GET.urlencode(),
        "groups": Group.objects.filter(method=method) if method else [],
    })  # fmt: skip


def assessment_open(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "assessment.open")
    errors: list[str] = []
    if request.method == "POST":
        method = Method.objects.filter(code=request.POST.get("method") or "").first()
        within = Place.objects.filter(code=(request.POST.get("within") or "").strip()).first()
        year = _int(request.POST.get("year"))
        if method is None:
            errors.append(_("Choose a method."))
        if within is None:
            errors.append(_("No place has the division code “%(code)s”.")
                          % {"code": request.POST.get("within", "")})  # fmt: skip
        if year is None:
            errors.append(_("Enter the year as four digits, e.g. 2017."))
        if not errors:
            assert method is not None and within is not None and year is not None
            policy.require(request.user, "assessment.open", within)
            try:
                created = services.assessment_year_open(
                    actor=_actor(request), method=method, year=year, within=within,
                    paired_only=request.POST.get("paired_only") == "1",
                )  # fmt: skip
            except ValidationError as error:
                errors += _messages_of(error)
            else:
                messages.success(request, _("Opened: %(count)d assessments of %(year)s.")
                                 % {"count": len(created), "year": year})  # fmt: skip
                return redirect(f"{_list_url()}?year={year}&method={method.code}")
    return render(request, "assessment/assessment_open.html",
                  {"methods": Method.objects.all(), "errors": errors, "data": request.POST},
                  status=REFUSED if errors else 200)  # fmt: skip


def _list_url() -> str:
    from django.urls import reverse

    return reverse("assessment_list")


# --- one assessment


def _page(request: HttpRequest, assessment: Assessment, errors: list[str] | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    user = request.user
    editable = assessment.status == Status.DRAFT and policy.can(user, "assessment.self", assessment)
    place = assessment.place
    return render(request, "assessment/assessment_detail.html", {
        "assessment": assessment,
        "areas": selectors.assessment_areas(assessment),
        "steps": selectors.assessment_steps(assessment),
        "files": selectors.assessment_files(assessment),
        "deadline": selectors.deadline_of(assessment),
        "errors": errors or [],
        "editable": editable,
        "may_comment": assessment.status == Status.SUBMITTED
        and policy.can(user, "assessment.comment", assessment),
        "may_verify": assessment.status in (Status.SUBMITTED, Status.COMMENTED)
        and policy.can(user, "assessment.verify", place),
        "may_approve": assessment.status == Status.VERIFIED
        and policy.can(user, "assessment.approve", place),
        "may_publish": assessment.status == Status.APPROVED
        and policy.can(user, "assessment.publish", place),
        "may_return": assessment.status in services.RETURNABLE
        and policy.can(user, services.return_action(assessment), place),
        "rules": Rule,
    }, status=status)  # fmt: skip


def assessment_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "assessment.view")
    return _page(request, _assessment(request, uid))


def _step(request: HttpRequest, uid: str, call: Any, done: str) -> HttpResponse:
    assessment = _assessment(request, uid)
    try:
        call(assessment)
    except ValidationError as error:
        assessment.refresh_from_db()
        return _page(request, assessment, _messages_of(error), status=REFUSED)
    messages.success(request, done)
    return redirect("assessment_detail", uid=assessment.uid)


@require_POST
def assessment_self(request: HttpRequest, uid: str) -> HttpResponse:
    def call(a: Assessment) -> None:
        services.assessment_self_save(actor=_actor(request), assessment=a,
                                      narrative=request.POST.get("narrative", ""),
                                      answers=request.POST)  # fmt: skip
        if request.POST.get("submit") == "1":
            services.assessment_submit(actor=_actor(request), assessment=a)

    submitting = request.POST.get("submit") == "1"
    return _step(request, uid, call,
                 _("The self-assessment is submitted.") if submitting else _("Saved."))  # fmt: skip


@require_POST
def assessment_prefill(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_prefill(
        actor=_actor(request), assessment=a), _("The figures are fetched again."))  # fmt: skip


@require_POST
def assessment_evidence_add(request: HttpRequest, uid: str) -> HttpResponse:
    def call(a: Assessment) -> None:
        criterion = None
        chosen = _int(request.POST.get("criterion"))
        if chosen is not None:
            criterion = Criterion.objects.filter(pk=chosen, item__area__method=a.method_id).first()
        services.evidence_add(actor=_actor(request), assessment=a,
                              file=request.FILES.get("file"), title=request.POST.get("title", ""),
                              criterion=criterion)  # fmt: skip

    return _step(request, uid, call, _("The evidence file is added."))


def assessment_evidence_file(request: HttpRequest, uid: str) -> FileResponse:
    """An evidence file, only to signed-in readers of its assessment."""
    policy.require(request.user, "assessment.view")
    evidence = get_object_or_404(Evidence.objects.select_related("assessment__place"), uid=uid)
    if not selectors.can_read(request.user, evidence.assessment):
        raise PermissionDenied(policy.denied_message("assessment.draft.view"))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the store.")) from exc
    return FileResponse(handle, as_attachment=True, filename=PurePath(evidence.file_name).name)


@require_POST
def assessment_comment(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_comment(
        actor=_actor(request), assessment=a, comment=request.POST.get("comment", "")),
        _("The partner's comment is recorded."))  # fmt: skip


def _adjustments(request: HttpRequest, assessment: Assessment) -> dict[int, tuple[Any, str]]:
    found = {}
    for criterion_id in assessment.scores.values_list("criterion_id", flat=True):
        raw = request.POST.get(f"verified-{criterion_id}", "")
        if raw.strip():
            found[criterion_id] = (raw, request.POST.get(f"reason-{criterion_id}", ""))
    return found


@require_POST
def assessment_verify(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_verify(
        actor=_actor(request), assessment=a, adjustments=_adjustments(request, a),
        comment=request.POST.get("comment", "")), _("Cross-verified."))  # fmt: skip


@require_POST
def assessment_approve(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_approve(
        actor=_actor(request), assessment=a, comment=request.POST.get("comment", "")),
        _("Approved."))  # fmt: skip


@require_POST
def assessment_publish(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_publish(
        actor=_actor(request), assessment=a, comment=request.POST.get("comment", "")),
        _("Published."))  # fmt: skip


@require_POST
def assessment_return(request: HttpRequest, uid: str) -> HttpResponse:
    return _step(request, uid, lambda a: services.assessment_return(
        actor=_actor(request), assessment=a, comment=request.POST.get("comment", "")),
        _("Returned to the unit."))  # fmt: skip
