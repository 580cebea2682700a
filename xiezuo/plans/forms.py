"""Forms of the work plan's pages: they parse; the services check and write."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Organisation, Place
from xiezuo.spreadsheets import WorkbookForm

from . import services
from .models import Category, Document, DocumentKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _organisations() -> Any:
    return Organisation.objects.select_related("place").order_by("place__code", "name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple> (Django's documented recipe)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(d, initial) for d in data if d]
        return [clean_one(data, initial)] if data else []


class PlaceCodesField(forms.CharField):
    """Places given by their division codes, separated by spaces or commas."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "code-input", "placeholder": "451024 451026"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return " ".join(p.code if isinstance(p, Place) else str(p) for p in value)
        return value

    def clean(self, value: Any) -> list[Place]:
        text = super().clean(value) or ""
        codes = list(dict.fromkeys(c for c in _SEPARATORS.split(text) if c))
        found = {p.code: p for p in Place.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                gettext("No place has the code %(codes)s.") % {"codes": "、".join(unknown)}
            )
        return [found[c] for c in codes]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=_organisations(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=_DATE, required=False)
    starts_on = forms.DateField(label=_("Span from"), widget=_DATE)
    ends_on = forms.DateField(label=_("Span to"), widget=_DATE)
    summary = forms.CharField(
        label=_("Document summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    # a plain input: the clearable one would link the file's storage URL, past the policy
    file = forms.FileField(label=_("Document file"), required=False, widget=forms.FileInput)
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)
    categories = forms.CharField(
        label=_("Categories"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One category per line, in order (e.g. 组织领导, 产业合作 …)."),
    )
    illustrative = forms.BooleanField(
        label=_("Illustrative (invented for the demo)"), required=False
    )

    def __init__(self, *args: Any, document: Document | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if document is not None:
            del self.fields["categories"]  # the detail page adds categories one by one
        if document is not None and document.file:
            self.fields["file"].help_text = gettext("Now: %(name)s. A new file replaces it.") % {
                "name": PurePath(document.file.name or "").name
            }
        else:
            del self.fields["remove_file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload:
            try:
                services.evidence_check(upload=upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["files"]) from exc
        return upload

    def clean_categories(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["categories"].splitlines()]
        names = [line for line in lines if line]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise forms.ValidationError(
                gettext("Listed more than once: %(names)s.") % {"names": "、".join(repeated)}
            )
        too_long = [n for n in names if len(n) > 100]
        if too_long:
            raise forms.ValidationError(
                gettext("A category name has at most 100 characters: %(name)s")
                % {"name": too_long[0]}
            )
        return names


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=100)


class ItemForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lead = forms.ModelChoiceField(label=_("Lead organisation"), queryset=_organisations())
    supporting = forms.ModelMultipleChoiceField(
        label=_("Supporting organisations"),
        queryset=_organisations(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    places = PlaceCodesField(
        label=_("Responsible places"),
        help_text=_(
            "Division codes of the prefectures and counties responsible, separated by "
            "spaces or commas (e.g. 4510 451024)."
        ),
    )
    starts_on = forms.DateField(label=_("Start"), widget=_DATE)
    due_on = forms.DateField(label=_("Due"), widget=_DATE)

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = document.categories.all()  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=_DATE)


class TickForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
    # the field is named as the services name it; the metaclass moves it off `Form.files`
    files = MultipleFileField(label=_("Evidence files"))  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class UpdateForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(
        label=_("Percent complete"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    reported_on = forms.DateField(label=_("Date"), widget=_DATE)
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Evidence files"),
        help_text=_("Photos, PDF or Office files, up to 20 MB each."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ImportForm(WorkbookForm):
    """An Excel sheet of work items to add to a document (its rows are checked on import)."""
