"""API: the occupation classification (CSCO 2022), read-only, and suggestions for job titles."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from xiezuo.accounts import policy
from xiezuo.paging import ApiPagination

from . import selectors
from .models import Level, Occupation
from .suggest import Suggestion, occupation_suggest

router = Router(tags=["occupations"])
MAX_SUGGESTIONS = 50


class OccupationOut(Schema):
    code: str
    name: str
    name_en: str
    level: int
    level_name: str
    parent: str | None
    green: bool
    digital: bool

    @staticmethod
    def resolve_level_name(obj: Occupation) -> str:
        return str(Level(obj.level).label)

    @staticmethod
    def resolve_parent(obj: Occupation) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class OccupationDetailOut(OccupationOut):
    definition: str
    aliases: list[str]
    ancestors: list[OccupationOut]
    children: list[OccupationOut]

    @staticmethod
    def resolve_aliases(obj: Occupation) -> list[str]:
        return obj.alias_list

    @staticmethod
    def resolve_ancestors(obj: Occupation) -> list[Occupation]:
        return selectors.occupation_ancestors(obj)

    @staticmethod
    def resolve_children(obj: Occupation) -> list[Occupation]:
        return list(selectors.occupation_children(obj).select_related("parent"))


class SuggestionOut(Schema):
    code: str
    name: str
    score: int = Field(description="a ranking, 0–100 (more with a group named in the title)")
    reasons: list[str]

    @staticmethod
    def resolve_code(obj: Suggestion) -> str:
        return obj.occupation.code

    @staticmethod
    def resolve_name(obj: Suggestion) -> str:
        return obj.occupation.name


class ListFilters(Schema):
    q: str | None = Field(None, description="a code prefix, or text in the name or an alias")
    level: Level | None = Field(None, description="1 major group … 4 occupation")
    parent: str | None = Field(None, description="the direct members of the group with this code")


@router.get("", response=list[OccupationOut], summary="Occupations and their groups")
@paginate(ApiPagination)
def occupation_list(request: HttpRequest, filters: Query[ListFilters]) -> list[Occupation]:
    policy.require(request.user, "occupation.view")
    return selectors.occupation_list(  # type: ignore[return-value]
        query=filters.q, level=filters.level, parent=filters.parent
    )


@router.get(
    "/suggest",
    response=list[SuggestionOut],
    summary="Candidate occupations for a job title, with the reasons (a clerk confirms)",
)
def occupation_suggestions(request: HttpRequest, q: str, limit: int = 10) -> list[Suggestion]:
    policy.require(request.user, "occupation.view")
    return occupation_suggest(q, limit=min(max(limit, 1), MAX_SUGGESTIONS))


@router.get(
    "/{code}", response=OccupationDetailOut, summary="One occupation or group, with its tree"
)
def occupation_detail(request: HttpRequest, code: str) -> Occupation:
    policy.require(request.user, "occupation.view")
    return selectors.occupation_get_or_404(code)
