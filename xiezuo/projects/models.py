"""The project library (项目库): cooperation projects, their steps, budget lines and files."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiezuo.indicators.models import FigureTarget
from xiezuo.language import pick
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class Kind(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    LABOUR = "labour", _("Labour cooperation")
    TOURISM = "tourism", _("Tourism")
    CONSUMPTION = "consumption", _("Consumption assistance")
    RELOCATION = "relocation", _("Relocation")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("project status", "Proposed")
    APPROVED = "approved", pgettext_lazy("project status", "Approved")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    ACCEPTED = "accepted", pgettext_lazy("project status", "Accepted")
    CANCELLED = "cancelled", pgettext_lazy("project status", "Cancelled")


# The one path a project walks; from any step before the last it may be cancelled.
PATH = (Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.ACCEPTED)


class FundingSource(models.TextChoices):
    HELPER_FISCAL = "helper_fiscal", _("Helper-side fiscal aid")
    HELPED_FISCAL = "helped_fiscal", _("Helped-side fiscal funds")
    SOCIAL = "social", _("Social funds and donations")
    ENTERPRISE = "enterprise", _("Enterprise self-raised funds")
    CREDIT = "credit", _("Credit and loans")
    OTHER = "other", _("Other funds")


class Project(models.Model):
    """A cooperation project (项目): where, what kind, who implements it, with which
    helper-side partners, how much money from which source, and for how many poor people.

    A project with sub-projects (a county's programme) shows its budget and
    beneficiaries as the sum of its children's.
    """

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    locations = models.ManyToManyField(
        Place, verbose_name=_("locations"), related_name="projects", blank=True
    )
    planned_start_on = models.DateField(_("planned start"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    actual_start_on = models.DateField(_("actual start"), null=True, blank=True)
    actual_end_on = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    implementing_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("implementing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implemented_projects",
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_projects",
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("helper-side partners"),
        related_name="partner_projects",
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    households_expected = models.PositiveIntegerField(
        _("poor households expected to benefit"), null=True, blank=True
    )
    people_expected = models.PositiveIntegerField(
        _("poor people expected to benefit"), null=True, blank=True
    )
    households_reached = models.PositiveIntegerField(
        _("poor households reached"), null=True, blank=True
    )
    people_reached = models.PositiveIntegerField(_("poor people reached"), null=True, blank=True)
    benefit_mechanism = models.TextField(_("benefit mechanism"), blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # its money in the fund ledger: opened when the project is approved, closed if cancelled
    account = models.OneToOneField(
        "ledger.Account",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("ledger account"),
    )

    class Meta:
        ordering = [models.F("planned_start_on").desc(nulls_last=True), "name", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_start_on__isnull=True)
                | Q(planned_end_on__gte=models.F("planned_start_on")),
                name="project_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="project_not_its_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project_detail", args=[self.pk])

    def scope_sides(self) -> list[Place]:
        """What the policy tests for scope: the project's locations."""
        return list(self.locations.all())

    @property
    def published(self) -> bool:
        return self.published_at is not None


class ProjectStep(models.Model):
    """A step of a project's status, on a day, by a user: the project's history."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    stepped_on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["stepped_on", "id"]
        verbose_name = _("status step")
        verbose_name_plural = _("status steps")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.stepped_on.isoformat()}"


class BudgetLine(models.Model):
    """An amount of a project's budget from one funding source, in yuan."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=18, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "source", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class ProjectTarget(FigureTarget):
    """A performance target of a project tied to the catalogue, as a work item's: e.g.
    poor workers trained (people_trained, poverty=poor) in Debao in 2018: 300."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="targets"
    )

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("project target")
        verbose_name_plural = _("project targets")
        constraints = [
            models.CheckConstraint(
                condition=FigureTarget.ONE_FIGURE, name="project_target_of_one_figure"
            )
        ]

    @property
    def label(self) -> str:
        label = pick(self.figure.name_zh, self.figure.name_en)
        return f"{label} [{self.options}]" if self.options else label


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def project_file_path(instance: ProjectFile, filename: str) -> str:
    # stored under an unguessable name; shown under its own through the checked view
    suffix = PurePath(filename).suffix.lower()
    return f"projects/files/{instance.uid}{suffix}"


class ProjectFile(models.Model):
    """A photo or document of a project, served only through a permission-checked view."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=project_file_path)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return PurePath(self.name).suffix.lower() in IMAGE_SUFFIXES
