"""Matching (人岗对接): the workers a posting suits, and the postings a worker suits, ranked
with the reasons for each score.

The rule. A pair is a match only if every requirement of the posting is met on the day
(age range, education at least the lowest asked, every certificate asked held, the sex
asked when the posting states a lawful reason), the worker is available (not employed
that day, available from that day or earlier), the posting is open (valid that day, not
closed, not filled) and the posting's place of work is where the worker wishes to work.
A requirement not met excludes the pair; it never lowers a score. A match then scores
the points of `WEIGHTS`:

- occupation: the best fit of the worker's wished occupations to the posting's, by the
  classification (same occupation, same minor group, sub-major group, major group);
  a worker who wishes no occupation gets `no_wish`; a worker whose wishes share not
  even the major group is not a candidate;
- destination: the wish met (the home province, a helper province, within the wished
  place); a worker who will work anywhere gets `anywhere`;
- wage: the posting's highest wage at or above the expected wage gets `met`; within
  `NEAR_WAGE` of it `near`; below that nothing; no expectation given `unstated`;
- distance from home to the place of work: same county, prefecture, province;
- training: the training classes a worker completed (`training_points`; kept on the
  `MatchRow` as a count, so the database ranks by it too).

Protected attributes (ethnicity, and sex unless the posting states a lawful
requirement) are never read here; a lawful sex requirement excludes, it does not score.

Speed. A worker's facts are kept, one row per occupation wished, in `MatchRow` (written
by the services whenever a worker or the wishes are; `services.match_rows_refresh` after
a bulk load), with an index holding every column the search reads. The candidates are
read tier by tier of occupation fit (the wished occupation the posting's, then in its
minor group, sub-major group, major group — ranges of the occupation's digits — then
workers wishing nothing), the requirements checked and the rest of the score (destination,
wage, distance) computed by the database, which answers a tier's best `limit` only.
The search stops when the `limit`-th best score beats what the next tier can reach (its
points, the destination and wage at best, the distance of the nearest home). The other
way, a worker's tiers are the postings' occupations fitting the wishes. The reasons of
the answer are then scored by `_score` itself, which must agree: the answer is the
brute-force scan's (every pair scored in Python), as the tests check on random data.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from xiezuo.numbers import whole
from xiezuo.occupations import codes as occupation_codes
from xiezuo.places import codes as place_codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import code_within

from .models import (
    EmploymentSpell,
    MatchOutcome,
    MatchRow,
    Placement,
    Posting,
    Trainee,
    Wish,
    Worker,
)
from .services import helper_provinces

log = logging.getLogger(__name__)

# --- the weights: every point a match can score is here

WEIGHTS: dict[str, dict[Any, int]] = {
    # best fit of a wished occupation (occupations.codes.fit), or no occupation wished
    "occupation": {4: 40, 3: 30, 2: 20, 1: 10, "no_wish": 5},
    # where the worker wishes to work
    "destination": {"met": 20, "anywhere": 10},
    # the posting's highest wage against the worker's expectation
    "wage": {"met": 15, "near": 5, "below": 0, "unstated": 10},
    # from the home to the place of work
    "distance": {"county": 15, "prefecture": 10, "province": 5, "other": 0},
    # per training class completed (any: a class names no occupation), at most `max`
    "training": {"each": 5, "max": 10},
}
NEAR_WAGE = 0.9  # a wage at 90% of the expectation or more is "near"
OTHER_MAX = (
    max(WEIGHTS["destination"].values())
    + max(WEIGHTS["wage"].values())
    + max(WEIGHTS["distance"].values())
    + WEIGHTS["training"]["max"]
)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

_FIT_TEXT = {
    4: lambda: _("exactly the same"),
    3: lambda: _("same minor group"),
    2: lambda: _("same sub-major group"),
    1: lambda: _("same major group"),
}


# what each reason says, in the user's language when it is shown (never while scoring:
# translating every candidate's reasons would cost more than scoring them)
_MESSAGES = {
    "wished": lambda: _("Wished occupation %(name)s (%(code)s), %(fit)s"),
    "no_wish": lambda: _("No occupation wished"),
    "anywhere": lambda: _("Will work anywhere"),
    "wishes": lambda: _("Wishes to work in %(place)s"),
    "unstated": lambda: _("Wage %(wage)s, no expectation given"),
    "met": lambda: _("Wage %(wage)s ≥ expected %(expected)s"),
    "near": lambda: _("Wage %(wage)s a little below expected %(expected)s"),
    "below": lambda: _("Wage %(wage)s < expected %(expected)s"),
    "county": lambda: _("Work in the home county"),
    "prefecture": lambda: _("Work in the home prefecture"),
    "province": lambda: _("Work in the home province"),
    "trained": lambda: _("Completed %(n)s training classes"),
}


@dataclass(frozen=True)
class Reason:
    """Points and why: `message` names one of `_MESSAGES`, `params` fill it in."""

    points: int
    message: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def text(self) -> str:
        params = dict(self.params)
        if "fit" in params:
            params["fit"] = _FIT_TEXT[params["fit"]]()
        for name in ("wage", "expected"):
            if name in params:
                params[name] = whole(params[name])
        message = _MESSAGES[self.message]()
        return message % params if params else message

    def __str__(self) -> str:
        return f"{self.text} +{self.points}"


@dataclass
class Match:
    """A worker and a posting that suit each other: the score and why."""

    worker_id: int
    posting_id: int
    score: int
    reasons: list[Reason]
    worker: Worker | None = None
    posting: Posting | None = None
    outcome: MatchOutcome | None = None
    history: list[MatchOutcome] = field(default_factory=list)


# --- the facts scored, as plain rows (no model instances on the hot path)


@dataclass(frozen=True)
class _WorkerFacts:
    id: int
    home: str  # division code
    education: int
    certificates: frozenset[str]
    expected_wage: int | None
    wish: str
    wish_place: str  # the wished place's name, when the wish is a place


@dataclass(frozen=True)
class _PostingFacts:
    id: int
    occupation: str  # code
    place: str  # division code
    wage_max: int
    certificates: frozenset[str]


def _lines(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def training_points(worker_ids: Iterable[int]) -> dict[int, Reason]:
    """Training taken: the classes each worker completed, `WEIGHTS["training"]["each"]`
    points a class, at most `["max"]` (the same for every posting)."""
    counts = (
        Trainee.objects.filter(worker_id__in=list(worker_ids), completed=True)
        .values_list("worker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {pk: _training_reason(n) for pk, n in counts if n}


def _training_reason(n: int) -> Reason:
    training = WEIGHTS["training"]
    return Reason(min(n * training["each"], training["max"]), "trained", (("n", n),))


def _training_sql() -> Case:
    """`training_points` in SQL, from the count kept on a `MatchRow`."""
    training = WEIGHTS["training"]
    most = training["max"] // training["each"]
    whens = [When(trainings__gte=n, then=Value(n * training["each"])) for n in range(most, 0, -1)]
    return Case(*whens, default=Value(0))


# --- scoring


def _score(
    worker: _WorkerFacts,
    wishes: list[tuple[str, str]],
    posting: _PostingFacts,
    provinces: dict[str, str],
    training: Reason | None,
) -> tuple[int, list[Reason]] | None:
    """The score of a pair and its reasons; None when a requirement is not met (the
    database has checked the others already)."""
    if not posting.certificates <= worker.certificates:
        return None
    occupation = WEIGHTS["occupation"]
    reasons: list[Reason] = []
    if wishes:
        level, code, name = max(
            (occupation_codes.fit(c, posting.occupation), c, n) for c, n in wishes
        )
        if level == 0:
            return None
        params = (("name", name), ("code", code), ("fit", level))
        reasons.append(Reason(occupation[level], "wished", params))
    else:
        reasons.append(Reason(occupation["no_wish"], "no_wish"))
    if worker.wish == Wish.ANY:
        reasons.append(Reason(WEIGHTS["destination"]["anywhere"], "anywhere"))
    else:
        where = (
            worker.wish_place
            if worker.wish == Wish.PLACE
            else provinces.get(posting.place[:2], posting.place[:2])
        )
        reasons.append(Reason(WEIGHTS["destination"]["met"], "wishes", (("place", where),)))
    wage = WEIGHTS["wage"]
    if worker.expected_wage is None:
        reasons.append(Reason(wage["unstated"], "unstated", (("wage", posting.wage_max),)))
    else:
        values = (("wage", posting.wage_max), ("expected", worker.expected_wage))
        if posting.wage_max >= worker.expected_wage:
            reasons.append(Reason(wage["met"], "met", values))
        elif posting.wage_max >= worker.expected_wage * NEAR_WAGE:
            reasons.append(Reason(wage["near"], "near", values))
        else:
            reasons.append(Reason(wage["below"], "below", values))
    home, place = worker.home, posting.place
    if len(place) >= 6 and home[:6] == place[:6]:
        reasons.append(Reason(WEIGHTS["distance"]["county"], "county"))
    elif home[:4] == place[:4] and len(place) >= 4:
        reasons.append(Reason(WEIGHTS["distance"]["prefecture"], "prefecture"))
    elif home[:2] == place[:2]:
        reasons.append(Reason(WEIGHTS["distance"]["province"], "province"))
    if training is not None:
        reasons.append(training)
    return sum(r.points for r in reasons), reasons


def _province_names() -> dict[str, str]:
    return dict(Place.objects.filter(level=1).values_list("code", "name"))


def _open_spell(worker_ref: str, on: date) -> Exists:
    return Exists(
        EmploymentSpell.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            worker=OuterRef(worker_ref),
            started_on__lte=on,
        )
    )


def worker_available(worker: Worker, on: date) -> bool:
    """Not employed on the day, and available from it or earlier."""
    if worker.available_from is not None and worker.available_from > on:
        return False
    return not Worker.objects.filter(pk=worker.pk).filter(_open_spell("pk", on)).exists()


def _worker_fields(prefix: str) -> list[str]:
    return [
        f"{prefix}id", f"{prefix}home__code", f"{prefix}education", f"{prefix}certificates",
        f"{prefix}expected_wage", f"{prefix}wish_destination", f"{prefix}wish_place__name",
    ]  # fmt: skip


def _facts_of_worker(row: tuple[Any, ...]) -> _WorkerFacts:
    pk, home, education, certificates, wage, wish, wish_place = row
    return _WorkerFacts(pk, home, education, _lines(certificates), wage, wish, wish_place or "")


def _posting_facts(posting: Posting) -> _PostingFacts:
    return _PostingFacts(
        posting.pk, posting.occupation.code, posting.place_of_work.code, posting.wage_max,
        _lines(posting.certificates),
    )  # fmt: skip


def _top(
    scored: list[tuple[int, int, list[Reason]]], limit: int
) -> list[tuple[int, int, list[Reason]]]:
    """The best `limit` by score, the lower id first among equals."""
    return heapq.nlargest(limit, scored, key=lambda s: (s[0], -s[1]))


# --- the search: a tier at a time, scored and ranked by the database


def _near_wage_above(wage: int) -> int:
    """The highest expectation that a wage of `wage` is "near" (as `_score` compares, in
    floating point: `wage >= expected * NEAR_WAGE`)."""
    expected = int(wage / NEAR_WAGE) + 2
    while expected * NEAR_WAGE > wage:
        expected -= 1
    return expected


def _near_wage_below(expected: int) -> int:
    """The lowest wage "near" an expectation of `expected` (as `_score` compares)."""
    wage = max(int(expected * NEAR_WAGE) - 2, 0)
    while wage < expected * NEAR_WAGE:
        wage += 1
    return wage


def posting_matches(
    posting: Posting, *, on: date, limit: int = DEFAULT_LIMIT, brute_force: bool = False
) -> list[Match]:
    """The workers who suit a posting on a day, best first, each with its reasons.

    `brute_force` reads every worker with no database filter and scores every pair (for
    the benchmark and the tests: the answer must be the same)."""
    target = _posting_facts(posting)
    provinces = _province_names()
    if brute_force:
        return _brute_force_posting(posting, on, limit, target, provinces)
    destination, wage = WEIGHTS["destination"], WEIGHTS["wage"]
    wanted = MatchRow.objects.filter(_candidate_rows(posting, on)).exclude(
        worker_id__in=_employed(on)
    )
    for certificate in sorted(target.certificates):
        # a certificate held is in the text (checked line by line on the rows read)
        wanted = wanted.filter(certificates__contains=certificate)
    wanted = wanted.annotate(
        candidate=F("worker_id"),
        held=F("certificates"),
        points=Case(
            When(wish_destination=Wish.ANY, then=Value(destination["anywhere"])),
            default=Value(destination["met"]),
        )
        + Case(
            When(expected_wage__isnull=True, then=Value(wage["unstated"])),
            When(expected_wage__lte=target.wage_max, then=Value(wage["met"])),
            When(expected_wage__lte=_near_wage_above(target.wage_max), then=Value(wage["near"])),
            default=Value(wage["below"]),
        )
        + _distance_points(*_prefixes_of(target.place), "home")
        + _training_sql(),
    )
    # a tier is the rows of its occupations (a worker wishing two of them is read twice:
    # `_ranked` counts each once); what it can reach: its points, the most of the rest
    # given the nearest home
    rest = OTHER_MAX - _DISTANCE_MAX + _nearest_home(target.place)
    tiers = []
    narrower: Q | None = None
    for level, digits in _groups_of(target.occupation):
        group = Q(wish=digits) if level == occupation_codes.SAME_UNIT else _within("wish", digits)
        rows = wanted.filter(group)
        tiers.append(
            (WEIGHTS["occupation"][level], rows if narrower is None else rows.exclude(narrower))
        )
        narrower = group
    tiers.append((WEIGHTS["occupation"]["no_wish"], wanted.filter(wish="")))
    parts = [(points + rest, points, rows) for points, rows in tiers]
    found = _search(parts, limit, lambda certificates: target.certificates <= _lines(certificates))
    scored = _rescore_workers(found, target, provinces)
    if scored is None:
        log.error(
            "matching: MatchRow disagrees with the workers; refresh it (posting %s)", posting.pk
        )
        return _brute_force_posting(posting, on, limit, target, provinces)
    return _attach_workers(posting, scored)


_DISTANCE_MAX = max(WEIGHTS["distance"].values())


def _prefixes_of(code: str) -> tuple[str | None, str | None, str]:
    """The county, prefecture and province of a division code, as `_score` compares them
    (None when the code is not that deep)."""
    return (
        code[:6] if len(code) >= 6 else None,
        code[:4] if len(code) >= 4 else None,
        code[:2],
    )


def _distance_points(county: str | None, prefecture: str | None, province: str, field: str) -> Case:
    """`_score`'s distance points in SQL, for the division code in `field` seen from a
    place of the given county, prefecture and province (the comparison is symmetric)."""
    distance = WEIGHTS["distance"]
    whens = []
    if county is not None:
        whens.append(When(code_within(field, county), then=Value(distance["county"])))
    if prefecture is not None:
        whens.append(When(code_within(field, prefecture), then=Value(distance["prefecture"])))
    whens.append(When(code_within(field, province), then=Value(distance["province"])))
    return Case(*whens, default=Value(distance["other"]))


def _nearest_home(place: str) -> int:
    """The most distance points any worker's home earns from a place of work (what an
    unread tier can still reach): a posting far from every home reaches less."""
    distance = WEIGHTS["distance"]
    county, prefecture, province = _prefixes_of(place)
    for points, code in (
        (distance["county"], county),
        (distance["prefecture"], prefecture),
        (distance["province"], province),
    ):
        if code is not None and MatchRow.objects.filter(code_within("home", code)).exists():
            return points
    return distance["other"]


def _employed(on: date) -> QuerySet[Any]:
    """The ids of the workers in a job on a day."""
    return EmploymentSpell.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
    ).values("worker_id")


def _candidate_rows(posting: Posting, on: date) -> Q:
    """What the database checks of a worker (a `MatchRow`) for a posting: available, the
    age range, the education, a lawful sex requirement, the posting's place wished."""
    q = Q(available_from__isnull=True) | Q(available_from__lte=on)
    if posting.age_min is not None:
        q &= Q(birth_date__lte=_years_before(on, posting.age_min))
    if posting.age_max is not None:
        q &= Q(birth_date__gt=_years_before(on, posting.age_max + 1))
    q &= Q(education__gte=posting.education_min)
    if posting.sex_required:
        q &= Q(sex=posting.sex_required)
    place = posting.place_of_work.code
    wished = Q(wish_destination=Wish.ANY)
    wished |= Q(wish_destination=Wish.LOCAL) & code_within("home", place[:2])
    if place[:2] in helper_provinces():
        wished |= Q(wish_destination=Wish.HELPER)
    wished |= Q(
        wish_destination=Wish.PLACE, wish_place__in=[*place_codes.ancestor_codes(place), place]
    )
    return q & wished


def _groups_of(code: str) -> list[tuple[int, str]]:
    """An occupation's groups as (fit, digits), the narrowest first: the occupation itself
    (its code's digits), then the minor, sub-major and major group it is in (their
    digits, a prefix of their members'), each when it is one (a zeroed segment is no
    group). An occupation is in the narrowest group it shares: `codes.fit` of the two."""
    _major, sub, minor, _unit = code.split("-")
    digits = code.replace("-", "")
    found = [(occupation_codes.SAME_UNIT, digits)]
    if sub != "00" and minor != "00":
        found.append((occupation_codes.SAME_MINOR, digits[:5]))
    if sub != "00":
        found.append((occupation_codes.SAME_SUB_MAJOR, digits[:3]))
    found.append((occupation_codes.SAME_MAJOR, digits[:1]))
    return found


def _within(field: str, digits: str) -> Q:
    """The digit strings in `field` that begin with `digits` (a range of the index)."""
    if set(digits) == {"9"}:
        return Q(**{f"{field}__startswith": digits})
    upper = str(int(digits) + 1).zfill(len(digits))
    return Q(**{f"{field}__gte": digits, f"{field}__lt": upper})


def _fitting(wished: list[str], level: int) -> Q:
    """The postings whose occupation fits one of `wished` (codes) at `level` or better."""
    q = Q(pk__in=[])
    for code in wished:
        # the broadest group of the wish that still fits at `level`
        _level, digits = [group for group in _groups_of(code) if group[0] >= level][-1]
        if len(digits) == 7:
            q |= Q(occupation__code=code)
        else:
            q |= Q(occupation__code__startswith=code[: {5: 7, 3: 4, 1: 1}[len(digits)]])
    return q


def _search(
    parts: list[tuple[int, int, QuerySet[Any]]], limit: int, eligible: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """The best `limit` (score, id), the lower id first among equals, from parts of the
    candidates, each (the most it can score, its own points, the rows annotated with the
    rest of their `points`), the highest bound first.

    Each part answers its own best `limit`, ranked by the database; the search stops when
    the `limit`-th best so far beats what the next part can reach. A candidate read again
    in a lower tier (a wish fitting less well) keeps its best score. `eligible` checks the
    `certificates` of a row read (what SQL cannot say exactly). Training points are not
    in the database's `points` (`MatchRow.trainings`; for a worker's postings they are the
    same for every posting, and added after the search)."""
    best: dict[int, int] = {}
    top: list[tuple[int, int]] = []
    for i, (_bound, own, rows) in enumerate(parts):
        for pk, points in _ranked(rows, limit, eligible):
            best[pk] = max(best.get(pk, 0), own + points)
        top = heapq.nlargest(limit, ((score, -pk) for pk, score in best.items()))
        if i + 1 == len(parts) or (len(top) == limit and top[-1][0] > parts[i + 1][0]):
            break
    return [(score, -negative) for score, negative in top]


def _ranked(
    rows: QuerySet[Any], limit: int, eligible: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """A tier's best `limit` (id, points) by points, the lower id first among equals: rows
    annotated with the `candidate`'s id, its `points` and the certificates it `held`."""
    ordered = rows.order_by("-points", "candidate").values_list("candidate", "points", "held")
    fetch = 2 * limit  # a few more than asked: some may lack a certificate, or repeat
    while True:
        read = list(ordered[:fetch])
        kept: dict[int, int] = {}  # in order; a candidate read twice has the same points
        for pk, points, certificates in read:
            if pk not in kept and eligible(certificates):
                kept[pk] = points
        if len(kept) >= limit or len(read) < fetch:
            return list(kept.items())[:limit]
        fetch *= 4


def _rescore_workers(
    found: list[tuple[int, int]], target: _PostingFacts, provinces: dict[str, str]
) -> list[tuple[int, int, list[Reason]]] | None:
    """The reasons of the workers found, scored by `_score` from the workers themselves;
    None if a score differs (a `MatchRow` not refreshed after a write)."""
    pks = [pk for _score_, pk in found]
    facts = {
        row[0]: _facts_of_worker(row)
        for row in Worker.objects.filter(pk__in=pks).values_list(*_worker_fields(""))
    }
    wishes: dict[int, list[tuple[str, str]]] = {pk: [] for pk in pks}
    for pk, code, name in Worker.wish_occupations.through.objects.filter(
        worker_id__in=pks
    ).values_list("worker_id", "occupation__code", "occupation__name"):
        wishes[pk].append((code, name))
    training = training_points(pks)
    scored = []
    for score, pk in found:
        if pk not in facts:
            return None
        result = _score(facts[pk], wishes[pk], target, provinces, training.get(pk))
        if result is None or result[0] != score:
            return None
        scored.append((score, pk, result[1]))
    return scored


def _destination_met(
    wish: str, home: str, wish_place: str | None, place: str, helpers: frozenset[str]
) -> bool:
    if wish == Wish.ANY:
        return True
    if wish == Wish.LOCAL:
        return home[:2] == place[:2]
    if wish == Wish.HELPER:
        return place[:2] in helpers
    return wish_place is not None and place.startswith(wish_place)


def _brute_force_posting(
    posting: Posting, on: date, limit: int, target: _PostingFacts, provinces: dict[str, str]
) -> list[Match]:
    """Every worker read and every rule checked in Python: what the tiers must agree with."""
    employed = set(
        EmploymentSpell.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
        ).values_list("worker_id", flat=True)
    )
    wishes: dict[int, list[tuple[str, str]]] = {}
    for pk, code, name in Worker.wish_occupations.through.objects.values_list(
        "worker_id", "occupation__code", "occupation__name"
    ):
        wishes.setdefault(pk, []).append((code, name))
    extra = ["birth_date", "sex", "available_from", "wish_place__code"]
    helpers = helper_provinces()  # read once, not once a candidate
    trained = training_points(
        Trainee.objects.filter(completed=True).values_list("worker_id", flat=True)
    )
    scored = []
    for row in Worker.objects.values_list(*_worker_fields(""), *extra).iterator(chunk_size=5000):
        facts = _facts_of_worker(row[:7])
        born, sex, available_from, wish_place = row[7:]
        if facts.id in employed or (available_from is not None and available_from > on):
            continue
        if posting.age_min is not None and born > _years_before(on, posting.age_min):
            continue
        if posting.age_max is not None and born <= _years_before(on, posting.age_max + 1):
            continue
        if facts.education < posting.education_min:
            continue
        if posting.sex_required and sex != posting.sex_required:
            continue
        if not _destination_met(facts.wish, facts.home, wish_place, target.place, helpers):
            continue
        result = _score(facts, wishes.get(facts.id, []), target, provinces, trained.get(facts.id))
        if result is not None:
            scored.append((result[0], facts.id, result[1]))
    return _attach_workers(posting, _top(scored, limit))


def open_postings(on: date) -> QuerySet[Posting]:
    """Postings open on a day: valid, not closed, not filled (fewer placements than openings)."""
    # the placements counted a posting at a time (an index lookup), not grouped: the
    # search ranks what this answers
    placed = (
        Placement.objects.filter(posting=OuterRef("pk"))
        .order_by()
        .values("posting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Posting.objects.filter(valid_from__lte=on, valid_to__gte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .alias(placed=Coalesce(Subquery(placed), 0))
        .filter(placed__lt=F("openings"))
    )


def _postings_for(worker: Worker, on: date) -> Q:
    """What the database checks of a posting for a worker: the age range, the education,
    a lawful sex requirement, the place of work wished."""
    age = worker.age_on(on)
    q = (Q(age_min__isnull=True) | Q(age_min__lte=age)) & (
        Q(age_max__isnull=True) | Q(age_max__gte=age)
    )
    q &= Q(education_min__lte=worker.education)
    q &= Q(sex_required="") | Q(sex_required=worker.sex)
    if worker.wish_destination == Wish.LOCAL:
        q &= code_within("place_of_work__code", worker.home.code[:2])
    elif worker.wish_destination == Wish.HELPER:
        helpers = Q(pk__in=[])
        for code in sorted(helper_provinces()):
            helpers |= code_within("place_of_work__code", code)
        q &= helpers
    elif worker.wish_destination == Wish.PLACE and worker.wish_place is not None:
        q &= code_within("place_of_work__code", worker.wish_place.code)
    return q


_POSTING_FIELDS = ["id", "occupation__code", "place_of_work__code", "wage_max", "certificates"]


def _facts_of_posting(row: tuple[Any, ...]) -> _PostingFacts:
    pk, occupation, place, wage_max, certificates = row
    return _PostingFacts(pk, occupation, place, wage_max, _lines(certificates))


def _worker_facts(worker: Worker) -> _WorkerFacts:
    return _WorkerFacts(
        worker.pk, worker.home.code, worker.education, _lines(worker.certificates),
        worker.expected_wage, worker.wish_destination,
        worker.wish_place.name if worker.wish_place else "",
    )  # fmt: skip


def worker_matches(
    worker: Worker, *, on: date, limit: int = DEFAULT_LIMIT, brute_force: bool = False
) -> list[Match]:
    """The open postings that suit a worker on a day, best first, each with its reasons;
    none while the worker is employed or not yet available."""
    if not worker_available(worker, on):
        return []
    facts = _worker_facts(worker)
    pairs = list(worker.wish_occupations.values_list("code", "name"))
    provinces = _province_names()
    if brute_force:
        return _brute_force_worker(worker, on, limit, facts, pairs, provinces)
    destination, wage = WEIGHTS["destination"], WEIGHTS["wage"]
    points: Any = Value(destination["anywhere" if facts.wish == Wish.ANY else "met"])
    if facts.expected_wage is None:
        points += Value(wage["unstated"])
    else:
        points += Case(
            When(wage_max__gte=facts.expected_wage, then=Value(wage["met"])),
            When(wage_max__gte=_near_wage_below(facts.expected_wage), then=Value(wage["near"])),
            default=Value(wage["below"]),
        )
    points += _distance_points(*_prefixes_of(facts.home), "place_of_work__code")
    postings = (
        open_postings(on)
        .filter(_postings_for(worker, on))
        .annotate(candidate=F("pk"), held=F("certificates"), points=points)
    )
    if pairs:
        wished = [code for code, _name in pairs]
        tiers = [
            (WEIGHTS["occupation"][level], postings.filter(_fitting(wished, level)))
            for level in (4, 3, 2, 1)
        ]
        tiers = [
            (points, rows if i == 0 else rows.exclude(_fitting(wished, 5 - i)))
            for i, (points, rows) in enumerate(tiers)
        ]
    else:
        tiers = [(WEIGHTS["occupation"]["no_wish"], postings)]
    # what a posting of a tier can reach: its points, the worker's destination points (the
    # same for every posting), the most wage points given the expectation, the nearest place
    reach = (
        destination["anywhere" if facts.wish == Wish.ANY else "met"]
        + (wage["unstated"] if facts.expected_wage is None else max(wage.values()))
        + _DISTANCE_MAX
        + WEIGHTS["training"]["max"]
    )
    parts: list[tuple[int, int, QuerySet[Any]]] = [
        (points + reach, points, rows) for points, rows in tiers
    ]
    found = _search(parts, limit, lambda certificates: _lines(certificates) <= facts.certificates)
    rows = Posting.objects.filter(pk__in=[pk for _s, pk in found]).values_list(*_POSTING_FIELDS)
    targets = {row[0]: _facts_of_posting(row) for row in rows}
    training = training_points([worker.pk]).get(worker.pk)
    scored = []
    for found_score, pk in found:
        score = found_score + (training.points if training else 0)
        result = _score(facts, pairs, targets[pk], provinces, training)
        if result is None or result[0] != score:  # cannot be: the same rule in SQL
            log.error("matching: the search and the score disagree (worker %s)", worker.pk)
            return _brute_force_worker(worker, on, limit, facts, pairs, provinces)
        scored.append((score, pk, result[1]))
    return _attach_postings(worker, scored)


def _brute_force_worker(
    worker: Worker, on: date, limit: int, facts: _WorkerFacts, wishes: list[tuple[str, str]],
    provinces: dict[str, str],
) -> list[Match]:  # fmt: skip
    placed: dict[int, int] = {}
    for pk in Posting.objects.filter(placements__isnull=False).values_list(
        "placements__posting_id", flat=True
    ):
        placed[pk] = placed.get(pk, 0) + 1
    age = worker.age_on(on)
    wish_place = worker.wish_place.code if worker.wish_place else None
    helpers = helper_provinces()
    training = training_points([worker.pk]).get(worker.pk)
    fields = [*_POSTING_FIELDS, "valid_from", "valid_to", "closed_on", "openings", "age_min",
              "age_max", "education_min", "sex_required"]  # fmt: skip
    scored = []
    for row in Posting.objects.values_list(*fields).iterator(chunk_size=5000):
        target = _facts_of_posting(row[:5])
        valid_from, valid_to, closed_on, openings, age_min, age_max, education_min, sex = row[5:]
        if not valid_from <= on <= valid_to or (closed_on is not None and closed_on <= on):
            continue
        if placed.get(target.id, 0) >= openings:
            continue
        if (age_min is not None and age < age_min) or (age_max is not None and age > age_max):
            continue
        if worker.education < education_min or (sex and sex != worker.sex):
            continue
        if not _destination_met(facts.wish, facts.home, wish_place, target.place, helpers):
            continue
        result = _score(facts, wishes, target, provinces, training)
        if result is not None:
            scored.append((result[0], target.id, result[1]))
    return _attach_postings(worker, _top(scored, limit))


# --- what is shown with the matches


def _histories(
    posting_ids: Iterable[int], worker_ids: Iterable[int]
) -> dict[tuple[int, int], list[MatchOutcome]]:
    found: dict[tuple[int, int], list[MatchOutcome]] = {}
    outcomes = (
        MatchOutcome.objects.filter(
            posting_id__in=list(posting_ids), worker_id__in=list(worker_ids)
        )
        .select_related("by")
        .order_by("at", "id")
    )
    for outcome in outcomes:
        found.setdefault((outcome.posting_id, outcome.worker_id), []).append(outcome)
    return found


def _attach_workers(posting: Posting, top: list[tuple[int, int, list[Reason]]]) -> list[Match]:
    workers = Worker.objects.select_related("home").in_bulk([pk for _s, pk, _r in top])
    histories = _histories([posting.pk], workers)
    matches = []
    for score, pk, reasons in top:
        history = histories.get((posting.pk, pk), [])
        matches.append(
            Match(pk, posting.pk, score, reasons, worker=workers[pk], posting=posting,
                  outcome=history[-1] if history else None, history=history)
        )  # fmt: skip
    return matches


def _attach_postings(worker: Worker, top: list[tuple[int, int, list[Reason]]]) -> list[Match]:
    postings = Posting.objects.select_related("employer", "place_of_work", "occupation").in_bulk(
        [pk for _s, pk, _r in top]
    )
    histories = _histories(postings, [worker.pk])
    matches = []
    for score, pk, reasons in top:
        history = histories.get((pk, worker.pk), [])
        matches.append(
            Match(worker.pk, pk, score, reasons, worker=worker, posting=postings[pk],
                  outcome=history[-1] if history else None, history=history)
        )  # fmt: skip
    return matches
