"""Pages of the labour registries: workers (identity numbers masked unless the policy allows,
and each full showing recorded), placements, and the follow-ups due."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_day, parse_year
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.shown import reveal

from . import matching, selectors, services
from .models import Destination, MatchOutcome, Outcome, Posting, PovertyStatus, Worker


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
    on = query_value(request, parse_day, field="on", default=timezone.localdate())
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
            "on": on,
            "matches": matching.worker_matches(worker, on=on),
            "outcomes": Outcome.choices,
            "may_record": policy.can_anywhere(request.user, "labour.record"),
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


# --- postings and matching (人岗对接)


def _posting_or_404(uid: str) -> Posting:
    posting = Posting.objects.select_related("employer", "occupation", "place_of_work")
    found = posting.filter(uid=uid).first()
    if found is None:
        raise Http404(_("No posting has the number “%(key)s”.") % {"key": uid})
    return found


def posting_list(request: HttpRequest) -> HttpResponse:
    """The postings open today, newest first."""
    policy.require(request.user, "labour.view")
    postings = matching.open_postings(timezone.localdate()).select_related(
        "employer", "occupation", "place_of_work"
    )
    return render(request, "labour/posting_list.html", {"page": page_of(request, postings)})


def posting_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """A posting and the workers who suit it best on the day (`?on=`), with the reasons."""
    policy.require(request.user, "labour.view")
    posting = _posting_or_404(uid)
    on = query_value(request, parse_day, field="on", default=timezone.localdate())
    return render(
        request,
        "labour/posting_detail.html",
        {
            "posting": posting,
            "on": on,
            "matches": matching.posting_matches(posting, on=on),
            "outcomes": Outcome.choices,
            "may_record": policy.can_anywhere(request.user, "labour.record"),
        },
    )


def match_outcome_record(request: HttpRequest, uid: str, worker_uid: str) -> HttpResponse:
    """Record what came of a match (POST); back to the page it was recorded on."""
    posting = _posting_or_404(uid)
    worker = Worker.objects.select_related("home").filter(uid=worker_uid).first()
    if worker is None:
        raise Http404(_("No worker has the number “%(key)s”.") % {"key": worker_uid})
    policy.require(request.user, "labour.record", MatchOutcome(posting=posting, worker=worker))
    if request.method == "POST":
        try:
            services.match_outcome_record(
                actor=request.user,
                posting=posting,
                worker=worker,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The outcome is recorded."))
    if request.POST.get("back") == "worker":
        return redirect("labour_worker_detail", uid=worker.uid)
    return redirect("labour_posting_detail", uid=posting.uid)
