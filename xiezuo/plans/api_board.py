"""The supervision board over the API: GET /api/v1/plans/board?document=ID.

The contract is stable: `{"items": [{"id", "category", "title", "lead",
"due", "status"}…], "counts": {status: n}}`, status one of not_started,
on_track, at_risk, overdue, done, and `counts` holding all five. Other keys
(the number, reasons, places, the day) sit beside those.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from xiezuo.accounts import policy
from xiezuo.dates import parse_day

from . import selectors
from .board import parse_filters, supervision_board

router = Router(tags=["plans"])


class BoardPlaceOut(Schema):
    code: str
    name: str


class BoardItemOut(Schema):
    id: int
    number: int
    category: str
    title: str
    lead: str
    due: date
    status: str
    reasons: list[str]
    places: list[BoardPlaceOut]


class BoardOut(Schema):
    document: int
    on: date
    items: list[BoardItemOut]
    counts: dict[str, int]


@router.get("/board", response=BoardOut, summary="The supervision board of a document")
def plan_board(
    request: HttpRequest,
    document: int,
    on: str | None = None,
    category: str | None = None,
    lead: str | None = None,
    place: str | None = None,
    due: str | None = None,
    status: str | None = None,
) -> dict:
    """Every item of a document with its computed status as on `on` (YYYY-MM-DD, default today).

    Filters: `category` (number in the document, or name), `lead` (organisation
    id or name), `place` (division code: items with a responsible place in its
    subtree), `due` (YYYY-MM), `status`. The overdue and at-risk items come
    first; `counts` are over the items answered."""
    day = parse_day(on, default=timezone.localdate())
    policy.require(request.user, "plan.view")
    found = selectors.document_list().filter(pk=document).first()
    if found is None:
        raise Http404(_("No plan document has the id %(id)s.") % {"id": document})
    params = {
        "category": category or "",
        "lead": lead or "",
        "place": place or "",
        "due": due or "",
        "status": status or "",
    }
    filters, errors = parse_filters(found, params)
    if errors:
        raise ValidationError(errors)
    result = supervision_board(found, on=day, filters=filters)
    return {
        "document": found.pk,
        "on": result.on,
        "items": [
            {
                "id": row.item.pk,
                "number": row.item.number,
                "category": row.item.category.name,
                "title": row.item.title,
                "lead": row.item.lead.name,
                "due": row.item.due_on,
                "status": row.status.value,
                "reasons": row.assessment.reasons,
                "places": [{"code": p.code, "name": p.name} for p in row.item.places.all()],
            }
            for row in result.rows
        ],
        "counts": result.counts,
    }
