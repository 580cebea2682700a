"""Suggest occupations for a job title as people write it ("电子厂普工", "保安", "厨师").

A clerk confirms: the suggestions are candidates, each with its reasons,
never an assignment. Only occupations (unit groups) are suggested. The rule,
on the title and each occupation's name and aliases (compared without spaces,
full-width forms folded, Latin letters in lower case); an occupation scores by
its best-matching term:

- the name is the title: 100;
- an alias is the title: 95;
- the term is contained in the title ("电子厂焊工" has "焊工"):
  60 + 30 × the term's length / the title's length;
- the term contains the title ("缝纫工" has "缝纫"):
  50 + 30 × the title's length / the term's length;
- they share two or more characters: 40 × shared / the title's characters
  + 5 × shared / the term's characters (a shorter term first).

An alias written with slashes ("普工/操作工") also matches by each of its parts.
A name scores 3 more than an alias in the two containment rules. When the
title contains the name or an alias of a group (普工 is an alias of major
group 6, 生产制造及有关人员), the matching occupations in that group score
10 more. Ties go by code. The score is a ranking, not a probability.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Level, Occupation

EXACT_NAME, EXACT_ALIAS = 100.0, 95.0
GROUP_BONUS = 10.0
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Match:
    """Why a term matched: `how` is exact, in_title, contains_title or overlap."""

    score: float
    how: str
    term: str
    is_name: bool
    shared: str = ""


def terms(name: str, aliases: list[str]) -> list[tuple[str, bool]]:
    """(term, is the name) for a name and its aliases, slashed aliases also in parts."""
    found = [(name, True)]
    for alias in aliases:
        found.append((alias, False))
        if "/" in alias:
            found += [(part, False) for part in alias.split("/") if len(part.strip()) >= 2]
    return found


def match_title(title: str, name: str, aliases: list[str]) -> Match | None:
    """The best match of a normalised title with an occupation's name and aliases."""
    best: Match | None = None
    for term, is_name in terms(name, aliases):
        found = _match_term(title, term, is_name)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best


def _match_term(title: str, term: str, is_name: bool) -> Match | None:
    norm = normalise(term)
    if not norm or not title:
        return None
    if norm == title:
        return Match(EXACT_NAME if is_name else EXACT_ALIAS, "exact", term, is_name)
    bonus = 3.0 if is_name else 0.0
    if norm in title:
        return Match(60 + 30 * len(norm) / len(title) + bonus, "in_title", term, is_name)
    if title in norm:
        return Match(50 + 30 * len(title) / len(norm) + bonus, "contains_title", term, is_name)
    shared = set(title) & set(norm)
    if len(shared) < 2:
        return None
    score = 40 * len(shared) / len(set(title)) + 5 * len(shared) / len(set(norm))
    chars = "".join(c for c in dict.fromkeys(norm) if c in shared)  # in the term's order
    return Match(score, "overlap", term, is_name, chars)


def _reason(match: Match) -> str:
    term = match.term
    if match.how == "exact":
        if match.is_name:
            return _("the name is “%(term)s”") % {"term": term}
        return _("an alias is “%(term)s”") % {"term": term}
    if match.how == "in_title":
        if match.is_name:
            return _("the title contains the name “%(term)s”") % {"term": term}
        return _("the title contains the alias “%(term)s”") % {"term": term}
    if match.how == "contains_title":
        if match.is_name:
            return _("the name “%(term)s” contains the title") % {"term": term}
        return _("the alias “%(term)s” contains the title") % {"term": term}
    values = {"chars": "、".join(match.shared), "term": term}
    if match.is_name:
        return _("shares %(chars)s with the name “%(term)s”") % values
    return _("shares %(chars)s with the alias “%(term)s”") % values


@dataclass(frozen=True)
class Suggestion:
    occupation: Occupation
    score: int
    reasons: tuple[str, ...]


def occupation_suggest(text: str, limit: int = 10) -> list[Suggestion]:
    """Candidate occupations for a free-text job title, best first, each with its reasons."""
    title = normalise(text)
    if not title:
        return []
    everything = list(Occupation.objects.only("code", "path", "name", "level", "aliases"))
    # groups named in the title: the deepest first, so an occupation gets one bonus, the closest
    groups: list[tuple[str, Occupation]] = []
    for group in everything:
        if group.level == Level.UNIT:
            continue
        for term, _is_name in terms(group.name, group.alias_list):
            norm = normalise(term)
            if len(norm) >= 2 and norm in title:
                groups.append((term, group))
                break
    groups.sort(key=lambda found: -len(found[1].path))
    ranked: list[tuple[float, str, Suggestion]] = []
    for unit in everything:
        if unit.level != Level.UNIT:
            continue
        match = match_title(title, unit.name, unit.alias_list)
        if match is None:
            continue
        score, reasons = match.score, [_reason(match)]
        for term, group in groups:
            if unit.path.startswith(group.path):
                score += GROUP_BONUS
                reasons.append(
                    _("the title contains “%(term)s”, of the group %(code)s %(name)s")
                    % {"term": term, "code": group.code, "name": group.name}
                )
                break
        ranked.append((score, unit.code, Suggestion(unit, round(score), tuple(reasons))))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return [suggestion for _score, _code, suggestion in ranked[:limit]]
