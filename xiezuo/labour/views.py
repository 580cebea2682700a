"""Pages of the labour registries: workers (identity numbers masked unless the policy allows,
and each full showing recorded), placements, and the follow-ups due, job fairs, training
classes with their trainees, and school leavers with their job agreements; and the public
job board (open postings, no sign-in)."""

from __future__ import annotations

from typing import Any

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
from .forms import (
    AgreementForm,
    FollowUpForm,
    JobFairForm,
    PlacementForm,
    PostingForm,
    SchoolLeaverForm,
    TraineeCompletionForm,
    TrainingClassForm,
    WorkerFindForm,
    WorkerForm,
)
from .models import (
    Destination,
    JobFair,
    MatchOutcome,
    Outcome,
    Posting,
    PovertyStatus,
    SchoolLeaver,
    Trainee,
    TrainingClass,
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


# --- recording job fairs, training classes (with trainees) and school leavers

FORBIDDEN = 403


def _refused_out_of_scope(
    request: HttpRequest, form: Any, field: str, record: Any, place: Any
) -> bool:
    """Whether the user may not record `record`: then the form says so beside `field`
    (naming the place), and the page answers 403."""
    if policy.can(request.user, "labour.record", record):
        return False
    form.add_error(field, _("%(place)s is outside your scope.") % {"place": place.name})
    return True


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, back_label: str, *, denied: bool
) -> HttpResponse:
    status = FORBIDDEN if denied else form_status(form)
    context = {"form": form, "title": title, "back": back, "back_label": back_label}
    return render(request, "labour/record_form.html", context, status=status)


def _find_worker(form: Any) -> Worker | None:
    """The worker a `WorkerFindForm` names; a message beside the field when none is."""
    data = form.cleaned_data
    if data.get("identity"):
        worker = selectors.worker_find(identity=str(data["identity"]))
        if worker is None:
            form.add_error("identity", _("No worker is registered with this identity number."))
        return worker
    uid = data["worker"].strip()
    worker = selectors.worker_find(uid=uid)
    if worker is None:
        form.add_error("worker", _("No worker has the number “%(key)s”.") % {"key": uid})
    return worker


def fair_create(request: HttpRequest) -> HttpResponse:
    """Record a job fair held for a place in the user's scope, with the employers and
    postings present (open postings picked, others by number)."""
    policy.require_anywhere(request.user, "labour.record")
    today = timezone.localdate()
    form = JobFairForm(request.POST or None, on=today, initial={"held_on": today})
    denied = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        denied = _refused_out_of_scope(
            request, form, "place", JobFair(place=data["place"]), data["place"]
        )
        postings = list(data["open_postings"])
        for uid in data["posting_uids"]:
            posting = Posting.objects.filter(uid=uid).first()
            if posting is None:
                form.add_error("posting_uids", _("No posting has the number “%(key)s”.")
                               % {"key": uid})  # fmt: skip
            elif posting not in postings:
                postings.append(posting)
        if not form.errors:
            try:
                fair = services.job_fair_record(
                    actor=request.user, name=data["name"], held_on=data["held_on"],
                    place=data["place"], organisers=data["organisers"],
                    employers=data["employers"], postings=postings,
                    attendance=data["attendance"], agreements=data["agreements"],
                    note=data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Recorded: %(name)s.") % {"name": fair.name})
                return redirect("labour_fair_detail", uid=fair.uid)
    return _form_page(request, form, _("Record a job fair"), reverse("labour_fair_list"),
                      _("Job fairs"), denied=denied)  # fmt: skip


def fair_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """A job fair: the employers and postings present, and the placements recorded with it."""
    policy.require(request.user, "labour.view")
    fair = selectors.fair_get(uid)
    if fair is None:
        raise Http404(_("No job fair has the number “%(key)s”.") % {"key": uid})
    return render(
        request,
        "labour/fair_detail.html",
        {
            "fair": fair,
            "employers": fair.employers.all(),
            "postings": fair.postings.all(),
            "placements": fair.placements.all(),
        },
    )


def training_class_create(request: HttpRequest) -> HttpResponse:
    """Open a training class held for a place in the user's scope."""
    policy.require_anywhere(request.user, "labour.record")
    form = TrainingClassForm(request.POST or None)
    denied = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        denied = _refused_out_of_scope(
            request, form, "place", TrainingClass(place=data["place"]), data["place"]
        )
        if not form.errors:
            try:
                training_class = services.training_class_create(actor=request.user, **data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Recorded: %(name)s.") % {"name": training_class.name})
                return redirect("labour_training_class_detail", uid=training_class.uid)
    return _form_page(request, form, _("New training class"),
                      reverse("labour_training_class_list"), _("Training classes"),
                      denied=denied)  # fmt: skip


def _training_class_or_404(uid: str) -> TrainingClass:
    training_class = selectors.training_class_get(uid)
    if training_class is None:
        raise Http404(_("No training class has the number “%(key)s”.") % {"key": uid})
    return training_class


def _training_class_page(
    request: HttpRequest, training_class: TrainingClass, form: Any, *, status: int = 200
) -> HttpResponse:
    trainees = list(training_class.trainees.all())
    for trainee in trainees:
        trainee.masked_identity = mask_identity(trainee.worker.identity)  # type: ignore[attr-defined]
    return render(
        request,
        "labour/training_class_detail.html",
        {
            "training_class": training_class,
            "trainees": trainees,
            "completed": sum(1 for t in trainees if t.completed),
            "form": form,
            "may_record": policy.can_anywhere(request.user, "labour.record"),
        },
        status=status,
    )


def training_class_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """A training class and its trainees (identity numbers masked), with the form that
    enrols a registered worker."""
    policy.require(request.user, "labour.view")
    return _training_class_page(request, _training_class_or_404(uid), WorkerFindForm())


def trainee_enrol(request: HttpRequest, uid: str) -> HttpResponse:
    """Enrol a registered worker (by identity number or worker number) in a class: a clerk
    of the class's place or of the worker's home."""
    training_class = _training_class_or_404(uid)
    policy.require_anywhere(request.user, "labour.record")
    if request.method != "POST":
        return redirect("labour_training_class_detail", uid=training_class.uid)
    form = WorkerFindForm(request.POST)
    denied = False
    if form.is_valid() and (worker := _find_worker(form)) is not None:
        field = "identity" if form.cleaned_data.get("identity") else "worker"
        denied = _refused_out_of_scope(
            request, form, field, Trainee(training_class=training_class, worker=worker),
            worker.home,
        )  # fmt: skip
        if not denied:
            try:
                services.trainee_enrol(training_class=training_class, worker=worker)
            except ValidationError as exc:
                errors_to_form(form, exc, fields={"worker": field})
            else:
                messages.success(request, _("Enrolled: %(name)s.") % {"name": worker.name})
                return redirect("labour_training_class_detail", uid=training_class.uid)
    status = FORBIDDEN if denied else form_status(form)
    return _training_class_page(request, training_class, form, status=status)


def trainee_complete(request: HttpRequest, uid: str, worker_uid: str) -> HttpResponse:
    """Mark a trainee as having completed the class: the certificate, and the day a job was
    found after it."""
    trainee = (
        Trainee.objects.select_related("training_class", "worker__home", "county")
        .filter(training_class__uid=uid, worker__uid=worker_uid)
        .first()
    )
    if trainee is None:
        raise Http404(_("No such trainee in this class."))
    policy.require(request.user, "labour.record", trainee)
    form = TraineeCompletionForm(
        request.POST or None,
        initial={"certificate": trainee.certificate, "found_job_on": trainee.found_job_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trainee_complete(trainee=trainee, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: %(name)s completed the class.")
                             % {"name": trainee.worker.name})  # fmt: skip
            return redirect("labour_training_class_detail", uid=uid)
    title = _("%(name)s completed %(class)s") % {
        "name": trainee.worker.name, "class": trainee.training_class.name,
    }  # fmt: skip
    back = reverse("labour_training_class_detail", args=[uid])
    return _form_page(request, form, title, back, trainee.training_class.name, denied=False)


def school_leaver_list(request: HttpRequest) -> HttpResponse:
    """School leavers (两后生) in vocational schooling, by home place, and their agreements."""
    policy.require(request.user, "labour.view")
    year = query_value(request, parse_year, field="year", default=None)
    signed = {"yes": True, "no": False}.get(request.GET.get("signed") or "")
    leavers = selectors.school_leaver_list(place=_text(request, "place"), signed=signed, year=year)
    page = page_of(request, leavers)
    for leaver in page:
        leaver.masked_identity = mask_identity(leaver.worker.identity)
    return render(
        request,
        "labour/school_leaver_list.html",
        {
            "page": page,
            "filters": request.GET,
            "may_record": policy.can_anywhere(request.user, "labour.record"),
        },
    )


def school_leaver_create(request: HttpRequest) -> HttpResponse:
    """Register a registered worker as a school leaver in vocational schooling."""
    policy.require_anywhere(request.user, "labour.record")
    form = SchoolLeaverForm(request.POST or None)
    denied = False
    if request.method == "POST" and form.is_valid() and (worker := _find_worker(form)):
        data = form.cleaned_data
        field = "identity" if data.get("identity") else "worker"
        denied = _refused_out_of_scope(
            request, form, field, SchoolLeaver(worker=worker), worker.home
        )
        if not denied:
            try:
                services.school_leaver_register(
                    actor=request.user, worker=worker, school=data["school"],
                    programme=data["programme"], enrolled_on=data["enrolled_on"],
                    expected_graduation=data["expected_graduation"],
                )  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc, fields={"worker": field})
            else:
                messages.success(request, _("Registered: %(name)s.") % {"name": worker.name})
                return redirect("labour_school_leaver_list")
    return _form_page(request, form, _("Register a school leaver"),
                      reverse("labour_school_leaver_list"), _("School leavers"),
                      denied=denied)  # fmt: skip


def school_leaver_agreement(request: HttpRequest, worker_uid: str) -> HttpResponse:
    """Record the job agreement a school leaver signed."""
    leaver = selectors.school_leaver_get(worker_uid)
    if leaver is None:
        raise Http404(_("No school leaver is registered for the worker “%(key)s”.")
                      % {"key": worker_uid})  # fmt: skip
    policy.require(request.user, "labour.record", leaver)
    form = AgreementForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.school_leaver_agreement_sign(school_leaver=leaver, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Recorded: the job agreement of %(name)s.")
                             % {"name": leaver.worker.name})  # fmt: skip
            return redirect("labour_school_leaver_list")
    title = _("Job agreement of %(name)s") % {"name": leaver.worker.name}
    return _form_page(request, form, title, reverse("labour_school_leaver_list"),
                      _("School leavers"), denied=False)  # fmt: skip


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
