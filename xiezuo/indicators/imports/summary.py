"""DHIS2's import options and import summary, as /api/dataValueSets speaks them.

The summary is DHIS2's `ImportSummary`: a status (SUCCESS, WARNING when some
values were refused and the others written, ERROR when nothing was written),
the counts imported / updated / ignored / deleted, DHIS2's conflicts — one per
error code and object, with DHIS2's `errorCode` and the `indexes` (0-based
positions in the file) of the values it refused, as DHIS2 2.38+ groups them —
and `rejectedIndexes`. Xiezuo adds `refusedValues`, one line per refused value
(its position, row, data element, place and period, and why) in the user's
language, which the upload page lists, and the validation rules broken.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE")
ATOMIC_MODES = ("ALL", "NONE")
ID_SCHEMES = ("UID", "CODE")
FORMATS = ("json", "csv", "adx", "xml", "xlsx")
# Conflicts and refused values kept in a summary; the rest are counted (a million bad rows
# must not fill memory), as are indexes beyond MAX_INDEXES.
MAX_CONFLICTS = 10_000
MAX_INDEXES = 100_000

# DHIS2's data value conflicts (dhis2-core 2.40, DataValueSetImportConflict and
# DataValueImportConflict): error code -> (the property it names, the names of the objects
# it lists, as DHIS2 keys them). DHIS2 groups the conflicts of a file by code and objects.
CONFLICT_KINDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    # the set level (the file's header): the whole import is aborted
    "E7600": ("dataSet", ("dataSet",)),
    "E7603": ("orgUnit", ("organisationUnit", "dataSet")),
    "E7604": ("attributeOptionCombo", ("categoryOptionCombo", "dataSet")),
    # one value: the value is refused
    "E7610": ("dataElement", ("dataElement",)),
    "E7611": ("period", ("period",)),
    "E7612": ("orgUnit", ("organisationUnit",)),
    "E7613": ("categoryOptionCombo", ("categoryOptionCombo",)),
    "E7615": ("attributeOptionCombo", ("categoryOptionCombo",)),
    "E7617": ("orgUnit", ("organisationUnit", "user")),
    "E7618": ("value", ("dataElement",)),
    "E7619": ("value", ("dataElement", "value")),
    "E7620": ("comment", ("comment",)),
    "E7632": (None, ("period", "dataElement")),
    "E7633": ("dataElement", ("dataElement", "dataSet")),
    "E7634": ("categoryOptionCombo", ("categoryOptionCombo", "dataElement")),
    "E7642": (None, ("organisationUnit", "period", "categoryOptionCombo", "dataSet")),
}


class OptionError(ValueError):
    """An import option with a value that is not allowed."""


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _choice(name: str, value: Any, allowed: tuple[str, ...], default: str) -> str:
    if value in (None, ""):
        return default
    text = str(value).strip().upper()
    aliases = {"NEW_AND_UPDATES": "CREATE_AND_UPDATE", "NEW": "CREATE", "UPDATES": "UPDATE"}
    text = aliases.get(text, text) if name == "importStrategy" else text
    if text == "ID" and name.endswith("IdScheme"):
        text = "UID"
    if text not in allowed:
        raise OptionError(
            _("%(name)s must be one of %(allowed)s, not “%(value)s”")
            % {"name": name, "allowed": ", ".join(allowed), "value": value}
        )
    return text


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    strategy: str = "CREATE_AND_UPDATE"
    atomic_mode: str = "ALL"
    id_scheme: str | None = None  # None: UID, or CODE for ADX and the Excel template
    data_element_id_scheme: str | None = None
    org_unit_id_scheme: str | None = None
    category_option_combo_id_scheme: str | None = None

    @classmethod
    def from_params(cls, params: Any) -> ImportOptions:
        """From DHIS2's query parameters: dryRun, importStrategy, idScheme, …

        atomicMode is NONE unless given, as DHIS2 imports data values (the good values are
        written, the bad ones listed); ALL (all or nothing) is Xiezuo's addition, and the
        default of the upload page and of these options built directly.
        """

        def scheme(name: str) -> str | None:
            value = params.get(name)
            return _choice(name, value, ID_SCHEMES, "") or None

        strict = params.get("strictPeriods")
        if strict not in (None, "") and not _flag(strict):
            raise OptionError(
                _(
                    "strictPeriods=false is not supported: Xiezuo always imports as "
                    "strictPeriods=true (a value of another period type than its data set's "
                    "would be counted twice in the roll-ups)."
                )
            )
        return cls(
            dry_run=_flag(params.get("dryRun", "false")),
            strategy=_choice(
                "importStrategy",
                # `strategy` is DHIS2's other name for it (pydhis2 sends it)
                params.get("importStrategy") or params.get("strategy"),
                STRATEGIES,
                "CREATE_AND_UPDATE",
            ),
            atomic_mode=_choice("atomicMode", params.get("atomicMode"), ATOMIC_MODES, "NONE"),
            id_scheme=scheme("idScheme"),
            data_element_id_scheme=scheme("dataElementIdScheme"),
            org_unit_id_scheme=scheme("orgUnitIdScheme"),
            category_option_combo_id_scheme=scheme("categoryOptionComboIdScheme"),
        )

    def with_payload(self, given: dict[str, str]) -> ImportOptions:
        """These options, overridden by those the file itself gives (DHIS2 reads `dryRun`,
        `importStrategy` or `strategy` and the id schemes from the JSON object or the XML
        root, over the query's); OptionError for a value not allowed."""
        if not given:
            return self
        changes: dict[str, Any] = {}
        if "dryRun" in given:
            changes["dry_run"] = _flag(given["dryRun"])
        strategy = given.get("importStrategy") or given.get("strategy")
        if strategy:
            changes["strategy"] = _choice("importStrategy", strategy, STRATEGIES, self.strategy)
        for name, attribute in (
            ("idScheme", "id_scheme"),
            ("dataElementIdScheme", "data_element_id_scheme"),
            ("orgUnitIdScheme", "org_unit_id_scheme"),
            ("categoryOptionComboIdScheme", "category_option_combo_id_scheme"),
        ):
            if given.get(name):
                changes[attribute] = _choice(name, given[name], ID_SCHEMES, "")
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        id_schemes: dict[str, str] = {}
        for key, value in (
            ("idScheme", self.id_scheme),
            ("dataElementIdScheme", self.data_element_id_scheme),
            ("orgUnitIdScheme", self.org_unit_id_scheme),
            ("categoryOptionComboIdScheme", self.category_option_combo_id_scheme),
        ):
            if value:
                id_schemes[key] = value
        return {
            "idSchemes": id_schemes,
            "dryRun": self.dry_run,
            "async": False,
            "importStrategy": self.strategy,
            "atomicMode": self.atomic_mode,
            "mergeMode": "REPLACE",
            "reportMode": "FULL",
            "skipExistingCheck": False,
            "strictPeriods": True,
            "skipAudit": False,
            "force": False,
            "firstRowIsHeader": True,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportOptions:
        schemes = data.get("idSchemes") or {}
        return cls(
            dry_run=bool(data.get("dryRun")),
            strategy=data.get("importStrategy", "CREATE_AND_UPDATE"),
            atomic_mode=data.get("atomicMode", "ALL"),
            id_scheme=schemes.get("idScheme"),
            data_element_id_scheme=schemes.get("dataElementIdScheme"),
            org_unit_id_scheme=schemes.get("orgUnitIdScheme"),
            category_option_combo_id_scheme=schemes.get("categoryOptionComboIdScheme"),
        )


@dataclass
class ImportSummary:
    options: ImportOptions
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflict_count: int = 0  # values refused (a value refused twice is counted once)
    error: str = ""  # the whole file was refused (unreadable, aborted, …)
    values: int = 0  # values read from the file
    # validation rules broken after the import (Xiezuo's addition to DHIS2's summary)
    violations: list[dict[str, Any]] = field(default_factory=list)
    validated: int = 0  # place × period pairs checked
    validation_total: int = 0  # place × period pairs written
    data_set_complete: str = "false"
    # DHIS2's conflicts by grouping key (error code and objects), in the order first met
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected: list[int] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)  # one line per refused value
    indexes_kept: int = 0

    def add_conflict(
        self,
        code: str,
        objects: dict[str, str],
        message: str,
        *,
        index: int | None = None,
        line: str = "",
        row: int | None = None,
    ) -> None:
        """A conflict with DHIS2's error `code` and `objects` (see CONFLICT_KINDS); `message`
        says why, `line` says it of the value at `index` (None: the file's header)."""
        property_name = CONFLICT_KINDS[code][0]
        key = code + ":" + ":".join(objects.values())
        group = self.groups.get(key)
        if group is None and len(self.groups) < MAX_CONFLICTS:
            # DHIS2's field order; a field without a value is left out (NON_NULL)
            group = {"object": next(iter(objects.values()), None), "objects": objects}
            group["value"] = message
            group["errorCode"] = code
            if property_name is not None:
                group["property"] = property_name
            if index is not None:
                group["indexes"] = []
            self.groups[key] = group
        if index is None:
            return
        self.conflict_count += 1
        if self.indexes_kept < MAX_INDEXES:
            self.indexes_kept += 1
            self.rejected.append(index)
            if group is not None:
                group["indexes"].append(index)
        if len(self.refused) < MAX_CONFLICTS:
            self.refused.append(
                {"index": index, **({"row": row} if row is not None else {}), "message": line}
            )

    def abort(self, code: str, objects: dict[str, str], message: str) -> None:
        """The file's header names what is not there: nothing is imported (DHIS2: ERROR,
        "Import process was aborted")."""
        self.add_conflict(code, objects, message)
        self.error = message

    @property
    def conflicts(self) -> list[dict[str, Any]]:
        return list(self.groups.values())

    @property
    def status(self) -> str:
        if self.error:
            return "ERROR"
        if self.conflict_count:
            return "ERROR" if self.options.atomic_mode == "ALL" else "WARNING"
        return "SUCCESS"

    @property
    def description(self) -> str:
        if self.error:
            return self.error
        if self.conflict_count and self.options.atomic_mode == "ALL":
            text = _(
                "%(count)s of %(values)s values were refused, so nothing was written "
                "(atomicMode ALL)."
            ) % {"count": self.conflict_count, "values": self.values}
        elif self.conflict_count:
            text = _("%(count)s of %(values)s values were refused; the others were written.") % {
                "count": self.conflict_count,
                "values": self.values,
            }
        elif self.options.dry_run:
            text = _("Dry run: the file is good; nothing was written.")
        else:
            text = _("Import process completed successfully")
        if self.conflict_count > len(self.refused):
            text += " " + _("The first %(shown)s conflicts are listed.") % {
                "shown": len(self.refused)
            }
        if self.options.dry_run and self.conflict_count:
            text += " " + _("Dry run: nothing was written.")
        return text

    def as_dict(self) -> dict[str, Any]:
        """DHIS2's ImportSummary (its fields in DHIS2's order), then Xiezuo's additions."""
        return {
            "responseType": "ImportSummary",
            "status": self.status,
            "importOptions": self.options.as_dict(),
            "description": self.description,
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": self.deleted,
            },
            "conflicts": self.conflicts,
            "rejectedIndexes": self.rejected,
            "dataSetComplete": self.data_set_complete,
            "conflictCount": self.conflict_count,
            "refusedValues": self.refused,
            "validationViolations": self.violations,
            "validated": {"checked": self.validated, "written": self.validation_total},
        }

    def web_message(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, DHIS2's web message wrapping the summary), as DHIS2 2.38+ answers:
        200 for SUCCESS; 409 for WARNING (some values refused, the others written) and for
        ERROR (nothing written), as DHIS2 2.40's WebMessageUtils.importSummary."""
        status = self.status
        if status == "SUCCESS":
            return 200, {
                "httpStatus": "OK",
                "httpStatusCode": 200,
                "status": "OK",
                "message": _("Import was successful."),
                "response": self.as_dict(),
            }
        if status == "WARNING":
            message = _("One or more conflicts were encountered; see the import summary.")
        else:
            message = _("An error occurred, please check import summary.")
        return 409, {
            "httpStatus": "Conflict",
            "httpStatusCode": 409,
            "status": status,
            "message": message,
            "response": self.as_dict(),
        }
