"""Pages of the labour registries: workers (identity numbers masked unless the policy allows,
and each full showing recorded), placements, and the follow-ups due, job fairs and training
classes; and the public job board (open postings, no sign-in)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_year
from xiezuo.occupations import codes as occupation_codes
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.shown import reveal

from . import jobs, selectors
from .models import Destination, PovertyStatus, TrainingKind, Worker


def _text(request: HttpRequest, name: str) -> str | None:
    return (request.GET.get(name) or "").strip() or None


def worker_list(request: HttpRequest) -> HttpResponse:
    """Workers by place (with its area), poverty status and name; identity numbers masked
    (a worker's own page shows them in full to whom the policy allows)."""
    policy.require(request.user, "labour.view")
    today = timezone.localdate()
    employed = {"yes": True, "no": False}.get(request.GET.get("employed") or "")
    workers = selectors.worker_list(
        place=_text(request, "place"),
        poverty_status=_text(request, "poverty_status"),
        name=_text(request, "name"),
        on=today,
        employed=employed,
    )
    page = page_of(request, workers)
    for worker in page:
        worker.masked_identity = mask_identity(worker.identity)
    return render(
        request,
        "labour/worker_list.html",
        {"page": page, "filters": request.GET, "statuses": PovertyStatus.choices},
    )


def worker_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "labour.view")
    worker = Worker.objects.select_related("home", "wish_place").filter(uid=uid).first()
    if worker is None:
        raise Http404(_("No worker has the number “%(key)s”.") % {"key": uid})
    shown = reveal(request, [worker])
    return render(
        request,
        "labour/worker_detail.html",
        {
            "worker": worker,
            "identity": shown.identity(worker),
            "phone": shown.phone(worker),
            "unmasked": shown.unmasked(worker),
            "age": worker.age_on(timezone.localdate()),
            "spells": worker.spells.select_related("employer", "place_of_work", "occupation"),
            "placements": worker.placements.prefetch_related("follow_ups"),
            "wishes": worker.wish_occupations.all(),
        },
    )


def placement_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    year = query_value(request, parse_year, field="year", default=None)
    destination = _text(request, "destination")
    placements = selectors.placement_list(
        place=_text(request, "place"),
        destination=destination if destination in Destination.values else None,
        year=year,
    )
    return render(
        request,
        "labour/placement_list.html",
        {
            "page": page_of(request, placements),
            "filters": request.GET,
            "destinations": Destination.choices,
            "due": selectors.follow_ups_due(
                on=timezone.localdate(), place=_text(request, "place"), limit=50
            ),
        },
    )


def fair_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    year = query_value(request, parse_year, field="year", default=None)
    fairs = selectors.fair_list(place=_text(request, "place"), year=year)
    return render(
        request, "labour/fair_list.html", {"page": page_of(request, fairs), "filters": request.GET}
    )


def training_class_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "labour.view")
    year = query_value(request, parse_year, field="year", default=None)
    kind = _text(request, "kind")
    classes = selectors.training_class_list(
        place=_text(request, "place"),
        year=year,
        kind=kind if kind in TrainingKind.values else None,
    )
    return render(
        request,
        "labour/training_class_list.html",
        {"page": page_of(request, classes), "filters": request.GET, "kinds": TrainingKind.choices},
    )


# --- the public job board: no sign-in; postings only, nothing about any worker


def _wage(request: HttpRequest) -> int | None:
    raw = (request.GET.get("wage") or "").strip()
    return int(raw) if raw.isdigit() else None


@login_not_required
def job_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    postings = jobs.posting_open_list(
        on=today,
        place=_text(request, "place"),
        occupation=_occupation_code(request),
        wage_min=_wage(request),
    )
    return render(
        request,
        "labour/jobs/index.html",
        {"page": page_of(request, postings), "filters": request.GET},
    )


def _occupation_code(request: HttpRequest) -> str | None:
    code = _text(request, "occupation")
    return code if code and occupation_codes.is_code(code) else None


@login_not_required
def job_detail(request: HttpRequest, uid: str) -> HttpResponse:
    posting = jobs.posting_open_get(uid, on=timezone.localdate())
    if posting is None:
        raise Http404(_("No open posting has this number."))
    return render(request, "labour/jobs/detail.html", {"posting": posting})


@login_not_required
def job_qr(request: HttpRequest, uid: str) -> HttpResponse:
    """The QR code of a posting's public page, to print on a poster."""
    posting = jobs.posting_open_get(uid, on=timezone.localdate())
    if posting is None:
        raise Http404(_("No open posting has this number."))
    url = request.build_absolute_uri(reverse("job_detail", args=[posting.uid]))
    return HttpResponse(jobs.qr_svg(url), content_type="image/svg+xml")
