"""Pages of the labour registries: workers (identity numbers masked unless the policy allows,
and each full showing recorded), placements, and the follow-ups due, job fairs and training
classes; and the public job board (open postings, no sign-in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.dates import parse_day, parse_year
from xiezuo.forms import errors_to_form, form_status
from xiezuo.occupations import codes as occupation_codes
from xiezuo.paging import page_of
from xiezuo.params import query_value
from xiezuo.personal.identity import mask_identity
from xiezuo.personal.shown import reveal

from . import jobs, matching, selectors, services
from .forms import FollowUpForm, PlacementForm, PostingForm, WorkerForm
from .models import (
    Destination,
    JobFair,
    MatchOutcome,
    Outcome,
    Posting,
    PovertyStatus,
    TrainingKind,
    Worker,
)


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


def worker_create(request: HttpRequest) -> HttpResponse:
    """Register a worker (once, in whichever county: a number on record is refused)."""
    policy.require_anywhere(request.user, "labour.record")
    form = WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policy.require(request.user, "labour.record", Worker(home=data["home"]))
        wished = data.pop("wish_occupation")
        try:
            worker = services.worker_register(
                actor=request.user,
                identity=str(data.pop("identity")),
                wish_occupations=[wished] if wished else [],
                **data,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Registered: %(name)s.") % {"name": worker.name})
            return redirect("labour_worker_detail", uid=worker.uid)
    return render(request, "labour/form.html", {"form": form, "title": _("Register a worker")},
                  status=form_status(form))  # fmt: skip


def placement_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Record that a worker started a job: a posting on record, or a job described."""
    worker = Worker.objects.select_related("home").filter(uid=uid).first()
    if worker is None:
        raise Http404(_("No worker has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "labour.record", worker)
    form = PlacementForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        posting = None
        if data["posting"]:
            posting = Posting.objects.filter(uid=data["posting"].strip()).first()
            if posting is None:
                form.add_error("posting", _("No posting has the number “%(key)s”.")
                               % {"key": data["posting"]})  # fmt: skip
        job = None
        if posting is None and data["place_of_work"] is not None:
            job = services.Job(
                place_of_work=data["place_of_work"], employer_name=data["employer_name"],
                occupation=data["occupation"],
            )  # fmt: skip
        fair = None
        if data["fair"]:
            fair = JobFair.objects.filter(uid=data["fair"].strip()).first()
            if fair is None:
                form.add_error("fair", _("No job fair has the number “%(key)s”.")
                               % {"key": data["fair"]})  # fmt: skip
        if not form.errors:
            try:
                services.placement_record(
                    actor=request.user, worker=worker, started_on=data["started_on"],
                    channel=data["channel"], posting=posting, job=job,
                    monthly_income=data["monthly_income"], fair=fair, note=data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request, _("Recorded: %(name)s's new job.") % {"name": worker.name}
                )
                return redirect("labour_worker_detail", uid=worker.uid)
    title = _("Record a job for %(name)s") % {"name": worker.name}
    return render(request, "labour/form.html", {"form": form, "title": title},
                  status=form_status(form))  # fmt: skip


def follow_up_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Record the 3- or 6-month check of a placement."""
    placement = selectors.placement_list().filter(uid=uid).first()
    if placement is None:
        raise Http404(_("No placement has the number “%(key)s”.") % {"key": uid})
    policy.require(request.user, "labour.record", placement)
    months = 6 if placement.follow_ups.filter(months=3).exists() else 3
    form = FollowUpForm(
        request.POST or None, initial={"months": months, "checked_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up_record(
                actor=request.user, placement=placement, months=data["months"],
                checked_on=data["checked_on"], employed=data["employed"],
                out_of_poverty=data["out_of_poverty"], note=data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: the follow-up of %(name)s.")
                             % {"name": placement.worker.name})  # fmt: skip
            return redirect("labour_placement_list")
    title = _("Follow-up of %(name)s (started %(day)s)") % {
        "name": placement.worker.name, "day": placement.started_on.isoformat(),
    }  # fmt: skip
    return render(request, "labour/form.html", {"form": form, "title": title},
                  status=form_status(form))  # fmt: skip


# --- postings and matching (人岗对接)


def _posting_or_404(uid: str) -> Posting:
    posting = Posting.objects.select_related(
        "employer", "occupation", "place_of_work", "offered_to"
    )
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
    return render(
        request,
        "labour/posting_list.html",
        {
            "page": page_of(request, postings),
            "may_record": policy.can_anywhere(request.user, "labour.record"),
        },
    )


def posting_create(request: HttpRequest) -> HttpResponse:
    """Post a job: an employer's users or clerks, or the place of work's clerks."""
    policy.require_anywhere(request.user, "labour.record")
    form = PostingForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(
            request.user, "labour.record",
            Posting(employer=data["employer"], place_of_work=data["place_of_work"]),
        )  # fmt: skip
        try:
            posting = services.posting_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Posted: %(title)s.") % {"title": posting.title})
            return redirect("labour_posting_detail", uid=posting.uid)
    return render(request, "labour/form.html", {"form": form, "title": _("Post a job")},
                  status=form_status(form))  # fmt: skip


def posting_edit(request: HttpRequest, uid: str) -> HttpResponse:
    posting = _posting_or_404(uid)
    policy.require(request.user, "labour.record", posting)
    initial = {name: getattr(posting, name) for name in PostingForm.base_fields}
    initial.update(
        occupation=posting.occupation.code, place_of_work=posting.place_of_work.code,
        offered_to=posting.offered_to.code if posting.offered_to else "",
    )  # fmt: skip
    form = PostingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy.require(
            request.user, "labour.record",
            Posting(employer=data["employer"], place_of_work=data["place_of_work"]),
        )  # fmt: skip
        try:
            services.posting_update(posting=posting, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: %(title)s.") % {"title": posting.title})
            return redirect("labour_posting_detail", uid=posting.uid)
    title = _("Change the posting %(title)s") % {"title": posting.title}
    return render(request, "labour/form.html", {"form": form, "title": title},
                  status=form_status(form))  # fmt: skip


def posting_close(request: HttpRequest, uid: str) -> HttpResponse:
    """Close a posting (filled, or withdrawn) today (POST)."""
    posting = _posting_or_404(uid)
    policy.require(request.user, "labour.record", posting)
    if request.method == "POST" and posting.closed_on is None:
        services.posting_close(posting=posting)
        messages.success(request, _("Closed: %(title)s.") % {"title": posting.title})
    return redirect("labour_posting_detail", uid=posting.uid)


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
            "may_change": policy.can(request.user, "labour.record", posting),
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
