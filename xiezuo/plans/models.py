"""Agreements and plans turned into work items, with their progress (规划 / 备忘录 / 督查).

A document (framework agreement, plan, annual memorandum, action plan,
joint-meeting minutes) is divided into categories (areas of cooperation);
each category holds work items, each with a lead organisation, supporting
organisations, the places responsible, a timetable and milestones, and
measurable targets tied to the indicators. Progress is posted as updates,
which are kept. An item's status is never typed: `xiezuo.plans.status`
computes it from the milestones, the targets' live values and the dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.indicators.models import FigureTarget
from xiezuo.places.models import Organisation, Place
from xiezuo.uids import generate_uid


class DocumentKind(models.TextChoices):
    JOINT_MEETING = "joint_meeting", _("Joint-meeting minutes")
    FRAMEWORK_AGREEMENT = "framework_agreement", _("Framework agreement")
    PLAN = "plan", _("Plan")
    MEMORANDUM = "memorandum", _("Annual memorandum")
    ACTION_PLAN = "action_plan", _("Action plan")


class Document(models.Model):
    """An agreement or plan whose content is a list of work items."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), blank=True, related_name="plan_documents"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("span from"))
    ends_on = models.DateField(_("span to"))
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("document file"), upload_to="plans/documents/", blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "kind", "title"]
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="document_span_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def span_label(self) -> str:
        if self.starts_on.year == self.ends_on.year:
            return str(self.starts_on.year)
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def scope_sides(self) -> Iterable[Place | Organisation]:
        """What the document hangs on, for the policy: the parties that signed it."""
        return self.parties.all()


class Category(models.Model):
    """An area of cooperation or a category of a memorandum (组织领导, 产业合作 …)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="categories"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="category_number_unique"),
            models.UniqueConstraint(fields=["document", "name"], name="category_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkItem(models.Model):
    """One line of a document's task list: what, who answers for it, by when."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="items"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_work_items",
    )
    supporting = models.ManyToManyField(
        Organisation,
        verbose_name=_("supporting organisations"),
        blank=True,
        related_name="supported_work_items",
    )
    places = models.ManyToManyField(
        Place, verbose_name=_("responsible places"), blank=True, related_name="work_items"
    )
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a sourced fact.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="workitem_number_unique"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="workitem_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def scope_sides(self) -> Iterable[Place | Organisation]:
        """What answers for the item, for the policy's scope test: the lead and the places."""
        yield self.lead
        yield from self.places.all()


class Milestone(models.Model):
    """A step of an item's roadmap, ticked off with evidence."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["item", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def scope_sides(self) -> Iterable[Place | Organisation]:
        return self.item.scope_sides()


class Target(FigureTarget):
    """A measurable target of an item, read against the live analytics."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="targets"
    )

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=FigureTarget.ONE_FIGURE, name="plan_target_of_one_figure"
            )
        ]


class ProgressUpdate(models.Model):
    """A dated progress report on an item: what was done, how far along, with evidence."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="update_percent_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.reported_on}"

    def scope_sides(self) -> Iterable[Place | Organisation]:
        return self.item.scope_sides()


def evidence_path(instance: Evidence, filename: str) -> str:
    # the stored name is the uid (nothing a user typed reaches the file system)
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"plans/evidence/{instance.uid}{suffix}"


class Evidence(models.Model):
    """A file (photo, scan, sheet) attached to an update or to a ticked milestone."""

    uid = models.CharField(max_length=11, unique=True, default=generate_uid, editable=False)
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(update__isnull=False) & Q(milestone__isnull=True))
                | (Q(update__isnull=True) & Q(milestone__isnull=False)),
                name="evidence_of_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def item(self) -> WorkItem:
        owner = self.update or self.milestone
        assert owner is not None
        return owner.item

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ENDING = "ending", _("Ending soon")  # a secondment (xiezuo.exchange.reminders)


class Notification(models.Model):
    """A reminder to one user about one item; unique per item, kind and due date.

    The uniqueness is the no-duplicates guarantee of `xiezuo plans remind`:
    a reminder for the same item, kind and due date is never created twice,
    so it is never mailed twice; a new due date makes a new reminder.

    Another app's reminder (a secondment ending, `xiezuo exchange remind`) has no item:
    it names its subject by a key ("exchange.secondment:<uid>"), a text and a link, and
    is unique per user, key, kind and due date in the same way.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_notifications"
    )
    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    # a subject that is not a work item: its key (for the uniqueness), what to show, where
    subject_key = models.CharField(max_length=100, blank=True, default="")
    subject_text = models.CharField(_("about"), max_length=300, blank=True, default="")
    subject_url = models.CharField(max_length=300, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item", "kind", "due_on"], name="notification_once"
            ),
            models.UniqueConstraint(
                fields=["user", "subject_key", "kind", "due_on"],
                condition=~Q(subject_key=""),
                name="notification_subject_once",
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=False) | ~Q(subject_key=""),
                name="notification_about_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.item_id or self.subject_key} {self.due_on}"
