"""The forms of the import and export pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo import periods
from xiezuo.places.models import Place
from xiezuo.places.selectors import place_get

from ..models import DataSet, period_type_label
from .readers import format_of_name
from .summary import ImportOptions

STRATEGY_CHOICES = [
    ("CREATE_AND_UPDATE", _("Add new values and update existing ones")),
    ("CREATE", _("Only add new values (keep existing ones)")),
    ("UPDATE", _("Only update existing values")),
    ("DELETE", _("Delete the values in the file")),
]
ATOMIC_CHOICES = [
    ("ALL", _("All or nothing: if any value is wrong, write nothing")),
    ("NONE", _("Write the good values; list the wrong ones")),
]
SCHEME_CHOICES = [
    ("CODE", _("Codes (division codes, data element codes)")),
    ("UID", _("DHIS2 UIDs")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "DHIS2 dataValueSets JSON or CSV, ADX XML, or the data set's Excel template (.xlsx)."
        ),
    )
    strategy = forms.ChoiceField(label=_("What to do"), choices=STRATEGY_CHOICES)
    atomic_mode = forms.ChoiceField(
        label=_("When a value is wrong"),
        choices=ATOMIC_CHOICES,
        help_text=_(
            "Here the default is all or nothing. DHIS2's API (/api/dataValueSets) writes the "
            "good values and lists the wrong ones, as DHIS2 does, unless atomicMode=ALL is given."
        ),
    )
    id_scheme = forms.ChoiceField(label=_("Identifiers in the file"), choices=SCHEME_CHOICES)
    dry_run = forms.BooleanField(label=_("Dry run: check only, write nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if format_of_name(upload.name or "") is None:
            raise forms.ValidationError(
                _("Upload a .json, .csv, .xml (ADX) or .xlsx file; “%(name)s” is none of these."),
                params={"name": upload.name},
            )
        return upload

    @property
    def format(self) -> str:
        return format_of_name(self.cleaned_data["file"].name or "") or "csv"

    @property
    def options(self) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            dry_run=data["dry_run"],
            strategy=data["strategy"],
            atomic_mode=data["atomic_mode"],
            id_scheme=data["id_scheme"],
        )


EXPORT_FORMATS = [
    ("xlsx", _("Excel, filled with the values")),
    ("template", _("Excel template, empty")),
    ("csv", _("CSV (DHIS2)")),
    ("json", _("JSON (DHIS2 dataValueSets)")),
    ("adx", _("ADX XML")),
]


class ExportForm(forms.Form):
    data_set = forms.ModelChoiceField(
        label=_("Data set"), queryset=DataSet.objects.all(), to_field_name="code"
    )
    place = forms.CharField(label=_("Place (division code)"), max_length=12)
    children = forms.BooleanField(
        label=_("The places under it (its children, and for values their whole subtree)"),
        required=False,
    )
    start = forms.CharField(
        label=_("From period"), max_length=7, help_text=_("e.g. 201801, 2018Q1, 2018")
    )
    end = forms.CharField(label=_("To period"), max_length=7, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMATS)
    id_scheme = forms.ChoiceField(label=_("Identifiers"), choices=SCHEME_CHOICES, required=False)

    def clean_place(self) -> Place:
        code = self.cleaned_data["place"].strip()
        place = place_get(code)
        if place is None:
            raise forms.ValidationError(
                _("No place has the code “%(code)s”."), params={"code": code}
            )
        return place

    def _period(self, name: str) -> periods.Period | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return periods.parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("“%(period)s” is not a period (e.g. 2018, 2018S1, 2018Q2, 201805)"),
                params={"period": text},
            ) from None

    def clean_start(self) -> periods.Period:
        period = self._period("start")
        assert period is not None  # required
        return period

    def clean_end(self) -> periods.Period | None:
        return self._period("end")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data_set, start = data.get("data_set"), data.get("start")
        if data_set is None or start is None:
            return data
        end = data.get("end") or start
        period_type = data_set.period_type_enum
        if start.type.months > period_type.months or end.type.months > period_type.months:
            self.add_error(
                "start",
                _("%(data_set)s is reported %(type)s: give periods of that type or longer.")
                % {"data_set": data_set.name, "type": period_type_label(data_set.period_type)},
            )
            return data
        chosen = periods.between(start, end, period_type)
        if not chosen:
            self.add_error("end", _("The last period is before the first."))
        elif len(chosen) > 240:
            self.add_error("end", _("Choose at most 240 periods."))
        data["periods"] = chosen
        return data
