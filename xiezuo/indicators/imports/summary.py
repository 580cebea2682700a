"""DHIS2's import options and import summary, as /api/dataValueSets speaks them.

The summary is DHIS2's `ImportSummary`: a status (SUCCESS, WARNING when some
values were refused, ERROR when nothing was written), the counts imported /
updated / ignored / deleted, and one conflict per refused value naming the
value (its position, row, data element, place and period) and why, in the
user's language.
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
# Conflicts kept in a summary; the rest are counted (a million bad rows must not fill memory).
MAX_CONFLICTS = 10_000


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
        """From DHIS2's query parameters (or a form): dryRun, importStrategy, idScheme, …"""

        def scheme(name: str) -> str | None:
            value = params.get(name)
            return _choice(name, value, ID_SCHEMES, "") or None

        return cls(
            dry_run=_flag(params.get("dryRun", "false")),
            strategy=_choice(
                "importStrategy",
                # `strategy` is DHIS2's other name for it (pydhis2 sends it)
                params.get("importStrategy") or params.get("strategy"),
                STRATEGIES,
                "CREATE_AND_UPDATE",
            ),
            atomic_mode=_choice("atomicMode", params.get("atomicMode"), ATOMIC_MODES, "ALL"),
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
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    conflict_count: int = 0
    error: str = ""  # the whole file was refused (malformed, not what its name says, …)
    values: int = 0  # values read from the file
    # validation rules broken after the import (Xiezuo's addition to DHIS2's summary)
    violations: list[dict[str, Any]] = field(default_factory=list)
    validated: int = 0  # place × period pairs checked
    validation_total: int = 0  # place × period pairs written
    data_set_complete: str = "false"

    def add_conflict(self, conflict: dict[str, Any]) -> None:
        self.conflict_count += 1
        if len(self.conflicts) < MAX_CONFLICTS:
            self.conflicts.append(conflict)

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
        if self.conflict_count > len(self.conflicts):
            text += " " + _("The first %(shown)s conflicts are listed.") % {
                "shown": len(self.conflicts)
            }
        if self.options.dry_run and self.conflict_count:
            text += " " + _("Dry run: nothing was written.")
        return text

    def as_dict(self) -> dict[str, Any]:
        """DHIS2's ImportSummary."""
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
            "conflictCount": self.conflict_count,
            "dataSetComplete": self.data_set_complete,
            "validationViolations": self.violations,
            "validated": {"checked": self.validated, "written": self.validation_total},
        }

    def web_message(self) -> tuple[int, dict[str, Any]]:
        """(HTTP status, DHIS2's web message wrapping the summary), as DHIS2 2.38+ answers."""
        status = self.status
        if status == "SUCCESS":
            return 200, {
                "httpStatus": "OK",
                "httpStatusCode": 200,
                "status": "OK",
                "message": _("Import was successful."),
                "response": self.as_dict(),
            }
        code = 400 if self.error else 409
        return code, {
            "httpStatus": "Bad Request" if self.error else "Conflict",
            "httpStatusCode": code,
            "status": status,
            "message": self.error
            or _("One or more conflicts were encountered; see the import summary."),
            "response": self.as_dict(),
        }
