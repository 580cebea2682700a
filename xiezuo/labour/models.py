"""Labour cooperation (劳务协作): workers, their employment, postings, placements and the
follow-ups that prove a job lasted.

- `Worker` (劳动力): a person of a helped place who can work, with what the matching
  reads (education, skills, wishes) and personal information kept by `xiezuo.personal`'s
  rules (identity number and phone encrypted, found again by a keyed hash, shown masked).
  Sex and birth date come from the identity number. What the worker does now is derived
  from the `EmploymentSpell`s, never typed.
- `Posting` (岗位): a job an employer offers, with its occupation (CSCO 2022), place of
  work, openings, wage range and requirements; open while it is valid, not closed and
  not filled.
- `Placement` (就业): a worker into a job on a day, by a channel; it opens a spell. Its
  `FollowUp`s at 3 and 6 months say whether the job lasted ("stable").

Figures are derived by `sources`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.occupations.models import Occupation
from xiezuo.personal.fields import EncryptedTextField
from xiezuo.personal.identity import Sex
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class PovertyStatus(models.TextChoices):
    POOR = "poor", _("Registered poor household")
    EXITED = "exited", _("Out of poverty (registered)")
    MONITORED = "monitored", _("Monitored for relapse")
    NOT_POOR = "not_poor", _("Not poor")


# what counts as "poor" in the figures (the catalogue's poverty option): the registered poor,
# those who have left poverty included (建档立卡), as the national platform counts them
COUNTED_POOR = frozenset({PovertyStatus.POOR, PovertyStatus.EXITED})


class Education(models.IntegerChoices):
    """Ordered: a requirement is met by this level or a higher one."""

    NONE = 0, _("No schooling")
    PRIMARY = 1, _("Primary school")
    JUNIOR = 2, _("Junior secondary school")
    SENIOR = 3, _("Senior secondary school")
    VOCATIONAL = 4, _("Secondary vocational school")
    COLLEGE = 5, _("Junior college")
    BACHELOR = 6, _("Bachelor's degree or higher")


class Destination(models.TextChoices):
    LOCAL = "local", _("In the home province")
    HELPER = "helper", _("In the helper province")
    ELSEWHERE = "elsewhere", _("Elsewhere")


class Wish(models.TextChoices):
    ANY = "any", _("Anywhere")
    LOCAL = "local", _("In the home province")
    HELPER = "helper", _("In the helper province")
    PLACE = "place", _("In a given place")


class Channel(models.TextChoices):
    ORGANISED = "organised", _("Organised by the programme")
    SELF_FOUND = "self_found", _("Found by the worker")
    PUBLIC_WELFARE = "public_welfare", _("Public-welfare post")
    WORKSHOP = "workshop", _("Assistance workshop")


class Worker(models.Model):
    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=100)
    identity = EncryptedTextField(_("identity number"))
    identity_hash = models.CharField(max_length=64, unique=True, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    # a protected attribute: kept for the statistics the offices report, never in matching
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    home = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("household registration (village)"),
    )  # fmt: skip
    poverty_status = models.CharField(
        _("poverty status"), max_length=12, choices=PovertyStatus.choices
    )
    education = models.PositiveSmallIntegerField(
        _("education"), choices=Education.choices, default=Education.JUNIOR
    )
    skills = models.TextField(_("skills"), blank=True)
    certificates = models.TextField(_("certificates"), blank=True, help_text=_("one a line"))
    health_limits = models.CharField(_("health limits"), max_length=200, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    wish_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("occupations wished")
    )
    wish_destination = models.CharField(
        _("where the worker wants to work"), max_length=8, choices=Wish.choices, default=Wish.ANY
    )
    wish_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("wished place"),
    )  # fmt: skip
    expected_wage = models.PositiveIntegerField(
        _("expected monthly wage (yuan)"), null=True, blank=True
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    # the day the household was registered out of poverty, and the job that brought it out
    # (就业脱贫), set only by `services.poverty_exit_record`
    exited_on = models.DateField(_("out of poverty on"), null=True, blank=True, editable=False)
    exit_placement = models.ForeignKey(
        "Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("out of poverty through the job"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["home__code", "name", "id"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [models.Index(fields=["poverty_status", "home"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(wish_destination="place") | Q(wish_place__isnull=False),
                name="labour_worker_wished_place_named",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.home]

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class MatchRow(models.Model):
    """A worker as matching reads them, one row per occupation wished (one with none when
    none is): the facts the search filters and ranks by, copied from the worker so that
    a tier of candidates is one indexed table (no join a row). Kept by
    `services.match_rows_refresh` whenever a worker or the wishes are written."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    # the occupation wished: its code's digits (6-25-04-07 → 6250407), so that a group is
    # a range of the index; "" for none
    wish = models.CharField(max_length=7, blank=True)
    home = models.CharField(max_length=12)  # the home's division code
    education = models.PositiveSmallIntegerField()
    birth_date = models.DateField()
    sex = models.CharField(max_length=8)
    wish_destination = models.CharField(max_length=8)
    wish_place = models.CharField(max_length=12, blank=True)  # its code
    expected_wage = models.PositiveIntegerField(null=True)
    available_from = models.DateField(null=True)
    certificates = models.TextField(blank=True)
    trainings = models.PositiveSmallIntegerField(default=0)  # training classes completed

    class Meta:
        indexes = [
            # a tier is a range of `wish`; every column the search reads is in the index,
            # so a tier is read from the index alone
            models.Index(
                fields=[
                    "wish",
                    "worker",
                    "wish_destination",
                    "expected_wage",
                    "home",
                    "education",
                    "birth_date",
                    "sex",
                    "available_from",
                    "wish_place",
                    "certificates",
                    "trainings",
                ],
                name="labour_matchrow_tier",
            ),
            models.Index(fields=["home"], name="labour_matchrow_home"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.wish}"


class EmploymentSpell(models.Model):
    """A stretch of work: with whom, where, as what, for how much, from when to when."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="spells")
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("employer"),
    )  # fmt: skip
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    place_of_work = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("occupation"),
    )  # fmt: skip
    monthly_income = models.PositiveIntegerField(_("monthly income (yuan)"), null=True, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)

    class Meta:
        ordering = ["worker", "-started_on", "-id"]
        verbose_name = _("employment spell")
        verbose_name_plural = _("employment spells")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="labour_spell_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.started_on}"

    def open_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class Posting(models.Model):
    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="postings",
        verbose_name=_("employer"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    place_of_work = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    openings = models.PositiveIntegerField(_("openings"))
    wage_min = models.PositiveIntegerField(_("lowest monthly wage (yuan)"))
    wage_max = models.PositiveIntegerField(_("highest monthly wage (yuan)"))
    hours = models.CharField(_("working hours"), max_length=100, blank=True)
    meals = models.BooleanField(_("meals provided"), default=False)
    housing = models.BooleanField(_("housing provided"), default=False)
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    education_min = models.PositiveSmallIntegerField(
        _("lowest education"), choices=Education.choices, default=Education.NONE
    )
    skills = models.TextField(_("skills wanted"), blank=True)
    certificates = models.TextField(
        _("certificates required"), blank=True, help_text=_("one a line")
    )
    # only a requirement the law allows, with its reason (e.g. a job barred to women by law)
    sex_required = models.CharField(
        _("sex required"), max_length=8, choices=Sex.choices, blank=True
    )
    sex_reason = models.CharField(_("lawful reason"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    # the helped place the posting is offered to (面向地区), and whether it suits school
    # leavers (适合两后生): its openings count in that place's school-leaver posts
    offered_to = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("offered to (helped place)"),
    )  # fmt: skip
    for_school_leavers = models.BooleanField(_("suits school leavers"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [
            models.Index(fields=["valid_to", "closed_on"]),
            # matching: the postings open on a day
            models.Index(fields=["valid_from", "valid_to"], name="labour_posting_valid"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_max__gte=models.F("wage_min")), name="labour_posting_wage_range"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="labour_posting_valid_range",
            ),
            models.CheckConstraint(condition=Q(openings__gt=0), name="labour_posting_has_openings"),
            models.CheckConstraint(
                condition=Q(sex_required="") | ~Q(sex_reason=""),
                name="labour_posting_sex_requirement_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def scope_sides(self) -> list[Any]:
        """Who may change it: the employer's users and clerks, or the place of work's."""
        return [self.employer, self.place_of_work]


class Placement(models.Model):
    """A worker into a job (a posting, or an employer) on a day (就业)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="placements")
    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, null=True, blank=True, related_name="placements",
        verbose_name=_("posting"),
    )  # fmt: skip
    spell = models.OneToOneField(
        EmploymentSpell, on_delete=models.PROTECT, related_name="placement"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    started_on = models.DateField(_("started on"))
    # as they stood when the worker was placed: what the figures count by
    destination = models.CharField(
        _("destination"), max_length=12, choices=Destination.choices, editable=False
    )
    poverty_status = models.CharField(
        _("poverty status"), max_length=12, choices=PovertyStatus.choices, editable=False
    )
    county = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("home county"),
    )  # fmt: skip
    # the job fair where the agreement was signed, if it was
    fair = models.ForeignKey(
        "JobFair", on_delete=models.SET_NULL, null=True, blank=True, related_name="placements",
        verbose_name=_("job fair"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [models.Index(fields=["county", "started_on"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.started_on}"

    def scope_sides(self) -> list[Any]:
        """Either side's clerks: the worker's home, or the employer (and its place)."""
        sides: list[Any] = [self.worker.home]
        if self.spell.employer is not None:
            sides.append(self.spell.employer)
        sides.append(self.spell.place_of_work)
        return sides


class FollowUp(models.Model):
    """A check, 3 or 6 months after a placement, that the worker is still employed."""

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("after"), choices=Months.choices)
    checked_on = models.DateField(_("checked on"))
    employed = models.BooleanField(_("still employed"))
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("checked by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["placement", "months"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="labour_follow_up_once"),
        ]

    def __str__(self) -> str:
        return f"{self.placement} +{self.months}"


class Outcome(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    CONTACTED = "contacted", _("Contacted")
    INTERVIEWED = "interviewed", _("Interviewed")
    PLACED = "placed", _("Placed")
    DECLINED = "declined", _("Declined")


class MatchOutcome(models.Model):
    """What came of a match (人岗对接): an append-only history per posting and worker, the
    latest the pair's current state. A `placed` outcome names the placement when one is
    recorded for the pair."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="outcomes")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("placement"),
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["posting", "worker", "at", "id"]
        verbose_name = _("match outcome")
        verbose_name_plural = _("match outcomes")
        indexes = [
            models.Index(fields=["posting", "worker", "at"], name="labour_outcome_pair_at"),
            models.Index(fields=["worker", "posting"], name="labour_outcome_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.posting} {self.worker} {self.outcome}"

    def scope_sides(self) -> list[Any]:
        return [*self.posting.scope_sides(), self.worker.home]


# --- job fairs, training classes and school leavers


class JobFair(models.Model):
    """A job fair (招聘会) for a helped place, held there or for it elsewhere: the employers
    and postings present, how many came, how many agreements were signed there."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    organisers = models.TextField(_("organisers"), blank=True)
    employers = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("employers present")
    )
    postings = models.ManyToManyField(
        Posting, blank=True, related_name="fairs", verbose_name=_("postings present")
    )
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    agreements = models.PositiveIntegerField(_("agreements signed"), default=0)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        indexes = [models.Index(fields=["place", "held_on"])]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]


class TrainingKind(models.TextChoices):
    SKILLS = "skills", _("Vocational skills")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    SCHOOL_LEAVERS = "school_leavers", _("Vocational training for school leavers")
    OTHER = "other", _("Other")


class TrainingClass(models.Model):
    """A training class (培训班); it counts in the month it ends, at its place."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ends_on", "-id"]
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        indexes = [models.Index(fields=["place", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="labour_training_class_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]


class Trainee(models.Model):
    """A worker in a training class; counted (培训人次) once the class is completed, at the
    worker's home county and by poverty status as they stood when enrolled."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="trainees",
        verbose_name=_("training class"),
    )  # fmt: skip
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="trainings")
    completed = models.BooleanField(_("completed"), default=False)
    certificate = models.CharField(_("certificate"), max_length=200, blank=True)
    found_job_on = models.DateField(_("found a job on"), null=True, blank=True)
    poverty_status = models.CharField(
        _("poverty status"), max_length=12, choices=PovertyStatus.choices, editable=False
    )
    county = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("home county"),
    )  # fmt: skip

    class Meta:
        ordering = ["training_class", "id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "worker"], name="labour_trainee_once_per_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.training_class}"

    def scope_sides(self) -> list[Any]:
        return [self.worker.home, self.training_class.place]


class SchoolLeaver(models.Model):
    """A school leaver (两后生) in vocational schooling, and the job agreement they sign;
    counted (两后生签订就业协议) in the month it is signed, at their home county."""

    worker = models.OneToOneField(Worker, on_delete=models.PROTECT, related_name="school_leaver")
    school = models.CharField(_("school"), max_length=200)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    enrolled_on = models.DateField(_("enrolled on"))
    expected_graduation = models.DateField(_("expected graduation"))
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("employer"),
    )  # fmt: skip
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    place_of_work = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("place of work"),
    )  # fmt: skip
    poverty_status = models.CharField(
        _("poverty status"), max_length=12, choices=PovertyStatus.choices, editable=False
    )
    county = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", editable=False,
        verbose_name=_("home county"),
    )  # fmt: skip
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["county", "-signed_on", "id"]
        verbose_name = _("school leaver")
        verbose_name_plural = _("school leavers")
        indexes = [models.Index(fields=["county", "signed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_graduation__gte=models.F("enrolled_on")),
                name="labour_school_leaver_graduates_after_enrolling",
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True, place_of_work__isnull=True)
                | Q(signed_on__isnull=False, place_of_work__isnull=False),
                name="labour_school_leaver_agreement_whole",
            ),
        ]

    def __str__(self) -> str:
        return str(self.worker)

    def scope_sides(self) -> list[Any]:
        return [self.worker.home]


# --- subsidies (补贴)


class SubsidyKind(models.TextChoices):
    TRAVEL = "travel", _("One-off travel subsidy")
    RETENTION = "retention", _("Job-retention subsidy")
    OTHER = "other", _("Other subsidy")


class SubsidyDestination(models.TextChoices):
    HELPER = "helper", _("In the helper province")
    OUTSIDE = "outside", _("Outside the home province")
    ANY = "any", _("Anywhere")


class SubsidyOnce(models.TextChoices):
    WORKER = "worker", _("Once per worker")
    PLACEMENT = "placement", _("Once per placement")


def _counted_poor() -> list[str]:
    return sorted(COUNTED_POOR)


class SubsidyRule(models.Model):
    """A subsidy the paying place grants (补贴): how much, from which of its ledger
    accounts, and to whom — read from the records: the poverty status when placed, where
    the job is, how long it lasted (a follow-up that found the worker employed, or the
    spell itself when the rule lets it count), when the placement started. Ended (valid_to),
    never deleted, once a list names it."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=SubsidyKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=18, decimal_places=2)
    # the paying place and the account of its ledger that pays (a holding account there)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("paying place")
    )
    account = models.ForeignKey(
        "ledger.Account", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("paying account"),
    )  # fmt: skip
    # whose workers: those whose home county lies in this area (blank: the paying place's)
    home_area = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("workers from"),
    )  # fmt: skip
    poverty_statuses = models.JSONField(_("poverty statuses counted"), default=_counted_poor)
    destination = models.CharField(
        _("where the job is"), max_length=8, choices=SubsidyDestination.choices,
        default=SubsidyDestination.HELPER,
    )  # fmt: skip
    months_employed = models.PositiveSmallIntegerField(_("months employed at least"), default=3)
    # whether an employment spell that lasted the months proves it without a follow-up
    spell_counts = models.BooleanField(_("the job's own length proves it"), default=False)
    started_from = models.DateField(_("placements started from"), null=True, blank=True)
    started_to = models.DateField(_("placements started until"), null=True, blank=True)
    once = models.CharField(
        _("paid"), max_length=12, choices=SubsidyOnce.choices, default=SubsidyOnce.WORKER
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["place__code", "-valid_from", "id"]
        verbose_name = _("subsidy rule")
        verbose_name_plural = _("subsidy rules")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="labour_subsidy_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="labour_subsidy_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_sides(self) -> list[Any]:
        return [self.place]

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Drawn up, awaiting approval")
    APPROVED = "approved", _("Approved and paid")
    RETURNED = "returned", _("Returned")


class SubsidyBatch(models.Model):
    """A payment list (补贴发放名单): drawn up by a clerk of the paying place from the
    workers eligible on a day, approved by a coordinator — which pays each in the ledger,
    all or none — or returned with a reason (its workers are free for another list)."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    rule = models.ForeignKey(SubsidyRule, on_delete=models.PROTECT, related_name="batches")
    on = models.DateField(_("eligible on"))
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("drawn up by"),
    )  # fmt: skip
    drawn_at = models.DateTimeField(_("drawn up at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason returned"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("subsidy payment list")
        verbose_name_plural = _("subsidy payment lists")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""),
                name="labour_subsidy_batch_returned_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.on}"

    def scope_sides(self) -> list[Any]:
        return [self.rule.place]


class SubsidyPayment(models.Model):
    """One worker on a list, for one placement, with the reason in words; once approved,
    the ledger transfer that paid it; cancelled afterwards only by reversing it. While it
    stands (`active`) no other list of the rule may name the worker (or the placement)."""

    batch = models.ForeignKey(SubsidyBatch, on_delete=models.CASCADE, related_name="payments")
    rule = models.ForeignKey(SubsidyRule, on_delete=models.PROTECT, related_name="payments")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=18, decimal_places=2)
    reason = models.TextField(_("why eligible"))
    # "w<worker id>" or "p<placement id>", as the rule pays once: unique among active ones
    once_key = models.CharField(max_length=24, editable=False)
    active = models.BooleanField(default=True, editable=False)
    transfer = models.OneToOneField(
        "ledger.Transfer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="subsidy_payment", verbose_name=_("transfer"),
    )  # fmt: skip
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancelled_reason = models.TextField(_("reason cancelled"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    reversal = models.OneToOneField(
        "ledger.Transfer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="subsidy_cancellation", verbose_name=_("reversal"),
    )  # fmt: skip

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("subsidy payment")
        verbose_name_plural = _("subsidy payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="labour_subsidy_paid_positive"),
            models.UniqueConstraint(
                fields=["rule", "once_key"],
                condition=Q(active=True),
                name="labour_subsidy_paid_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.amount}"

    def scope_sides(self) -> list[Any]:
        return [self.rule.place]
