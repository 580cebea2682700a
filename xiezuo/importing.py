"""What every import shares: a refusal that lists each bad row and column.

Imports are all-or-nothing: they check every row first and write nothing
unless all rows are good; a refusal carries one message per bad cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, counting the header as row 1, as a spreadsheet shows it
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """The whole file was refused; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
