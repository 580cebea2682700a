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
- training: a worker's completed trainings (`training_points`, 0 until the training
  module records them).

Protected attributes (ethnicity, and sex unless the posting states a lawful
requirement) are never read here; a lawful sex requirement excludes, it does not score.

Speed. Candidates are read from the database tier by tier of occupation fit (the
wished occupation equal to the posting's, then in its minor group, sub-major group,
major group, then workers wishing nothing), already filtered by availability, age,
education, sex and destination, as plain rows. After each tier the search stops when
the `limit`-th best score is at least what any unread candidate could reach
(`tier points + OTHER_MAX`): the answer is the same as scoring every pair.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from xiezuo.numbers import whole
from xiezuo.occupations import codes as occupation_codes
from xiezuo.occupations.models import Occupation
from xiezuo.places import codes as place_codes
from xiezuo.places.models import Place
from xiezuo.places.selectors import code_within

from .models import EmploymentSpell, MatchOutcome, Posting, Wish, Worker
from .services import helper_provinces

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
    # per completed training relevant to the posting, at most `max`: 0 until
    # `training_points` reads the training module (the search's bound counts `max`)
    "training": {"each": 5, "max": 0},
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


def training_points(worker_ids: Iterable[int], posting: _PostingFacts) -> dict[int, Reason]:
    """The hook for training taken: a worker's completed trainings relevant to the posting
    (from the training module, once it records them), `WEIGHTS["training"]["each"]` each,
    at most `["max"]`. None are recorded yet: no points."""
    return {}


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


def _tier_prefixes(code: str) -> list[tuple[int, str]]:
    """The groups above an occupation, narrowest first, as (fit level, code path): the
    minor group (when it has one), the sub-major group (when it has one), the major."""
    major, sub, minor, _unit = code.split("-")
    found = []
    if minor != "00" and sub != "00":
        found.append((3, occupation_codes.path_of(f"{major}-{sub}-{minor}-00")))
    if sub != "00":
        found.append((2, occupation_codes.path_of(f"{major}-{sub}-00-00")))
    found.append((1, major))
    return found


def _open_spell(worker_ref: str, on: date) -> Exists:
    return Exists(
        EmploymentSpell.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            worker=OuterRef(worker_ref),
            started_on__lte=on,
        )
    )


def _available(on: date) -> Q:
    return Q(available_from__isnull=True) | Q(available_from__lte=on)


def worker_available(worker: Worker, on: date) -> bool:
    """Not employed on the day, and available from it or earlier."""
    if worker.available_from is not None and worker.available_from > on:
        return False
    return not Worker.objects.filter(pk=worker.pk).filter(_open_spell("pk", on)).exists()


def _candidate_workers(posting: Posting, on: date, prefix: str = "") -> Q:
    """What the database checks of a worker for a posting: available, the age range, the
    education, a lawful sex requirement, the posting's place wished."""
    f = prefix
    q = Q(**{f"{f}available_from__isnull": True}) | Q(**{f"{f}available_from__lte": on})
    if posting.age_min is not None:
        q &= Q(**{f"{f}birth_date__lte": _years_before(on, posting.age_min)})
    if posting.age_max is not None:
        q &= Q(**{f"{f}birth_date__gt": _years_before(on, posting.age_max + 1)})
    q &= Q(**{f"{f}education__gte": posting.education_min})
    if posting.sex_required:
        q &= Q(**{f"{f}sex": posting.sex_required})
    place = posting.place_of_work.code
    wished = Q(**{f"{f}wish_destination": Wish.ANY})
    wished |= Q(**{f"{f}wish_destination": Wish.LOCAL}) & code_within(f"{f}home__code", place[:2])
    if place[:2] in helper_provinces():
        wished |= Q(**{f"{f}wish_destination": Wish.HELPER})
    wished |= Q(
        **{f"{f}wish_destination": Wish.PLACE,
           f"{f}wish_place__code__in": [*place_codes.ancestor_codes(place), place]}
    )  # fmt: skip
    return q & wished


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


def _good_enough(scored: list[tuple[int, int, list[Reason]]], limit: int, bound: int) -> bool:
    """Whether no unread candidate (scoring at most `bound`) can enter the top `limit`."""
    if len(scored) < limit:
        return False
    return _top(scored, limit)[-1][0] > bound


def posting_matches(
    posting: Posting, *, on: date, limit: int = DEFAULT_LIMIT, brute_force: bool = False
) -> list[Match]:
    """The workers who suit a posting on a day, best first, each with its reasons.

    `brute_force` reads every worker with no database filter and scores every pair (for
    the benchmark and the tests: the answer must be the same)."""
    through = Worker.wish_occupations.through
    target = _posting_facts(posting)
    provinces = _province_names()
    scored: list[tuple[int, int, list[Reason]]] = []
    seen: set[int] = set()

    def score_rows(rows: Iterator[tuple[Any, ...]]) -> None:
        by_worker: dict[int, tuple[_WorkerFacts, list[tuple[str, str]]]] = {}
        for row in rows:
            pk = row[0]
            if pk in seen:
                continue
            if pk not in by_worker:
                by_worker[pk] = (_facts_of_worker(row[:7]), [])
            if row[7] is not None:
                by_worker[pk][1].append((row[7], row[8]))
        seen.update(by_worker)
        training = training_points(by_worker, target)
        for pk, (facts, wishes) in by_worker.items():
            result = _score(facts, wishes, target, provinces, training.get(pk))
            if result is not None:
                scored.append((result[0], pk, result[1]))

    if brute_force:
        return _brute_force_posting(posting, on, limit, target, provinces)
    wanted = _candidate_workers(posting, on, "worker__") & ~_open_spell_q("worker_id", on)
    fields = [*_worker_fields("worker__"), "occupation__code", "occupation__name"]
    # the occupations of each tier first (the classification is small): the database then
    # starts from the wishes of those occupations, not from all the workers
    tiers: list[tuple[Q | None, int]] = [
        (Q(occupation_id=posting.occupation_id), WEIGHTS["occupation"][4])
    ]
    narrower = Q(pk=posting.occupation_id)
    for level, path in _tier_prefixes(posting.occupation.code):
        group = Q(path__startswith=path)
        ids = list(Occupation.objects.filter(group).exclude(narrower).values_list("pk", flat=True))
        tiers.append((Q(occupation_id__in=ids), WEIGHTS["occupation"][level]))
        narrower = group
    no_wish = Worker.objects.filter(
        _candidate_workers(posting, on), ~_open_spell_q("pk", on),
        ~Exists(through.objects.filter(worker=OuterRef("pk"))),
    )  # fmt: skip
    # each tier is read by distance from home too, nearest first: a posting far from every
    # home then stops sooner (its candidates' bound lacks the distance points)
    parts = []
    for occupation_q, occupation_points in [*tiers, (None, WEIGHTS["occupation"]["no_wish"])]:
        for distance_points, near in _distance_classes(posting.place_of_work.code):
            bound = occupation_points + distance_points + OTHER_MAX - _DISTANCE_MAX
            parts.append((bound, occupation_q, near))
    parts.sort(key=lambda part: -part[0])  # stable: the narrower tier first among equals
    for i, (_bound, occupation_q, near) in enumerate(parts):
        if occupation_q is None:
            rows = (
                no_wish.filter(near.resolve("home__code"))
                .order_by()
                .values_list(*_worker_fields(""))
            )
            score_rows((*row, None, None) for row in rows.iterator(chunk_size=2000))
        else:
            wishes = through.objects.filter(
                occupation_q, wanted, near.resolve("worker__home__code")
            )
            score_rows(wishes.order_by().values_list(*fields).iterator(chunk_size=2000))
        following = parts[i + 1][0] if i + 1 < len(parts) else None
        if following is None or _good_enough(scored, limit, following):
            break
    return _attach_workers(posting, _top(scored, limit))


_DISTANCE_MAX = max(WEIGHTS["distance"].values())


@dataclass(frozen=True)
class _Near:
    """Homes at one distance from a place of work, as a filter on a code field."""

    inside: str | None  # the code whose area the home is in
    outside: str | None  # the code whose area it is not in

    def resolve(self, field: str) -> Q:
        q = Q()
        if self.inside is not None:
            q &= code_within(field, self.inside)
        if self.outside is not None:
            q &= ~code_within(field, self.outside)
        return q


def _distance_classes(place: str) -> list[tuple[int, _Near]]:
    """The distance points and the homes that earn them (as `_score` counts them)."""
    distance = WEIGHTS["distance"]
    found: list[tuple[int, _Near]] = []
    county = place[:6] if len(place) >= 6 else None
    prefecture = place[:4] if len(place) >= 4 else None
    if county:
        found.append((distance["county"], _Near(county, None)))
    if prefecture:
        found.append((distance["prefecture"], _Near(prefecture, county)))
    found.append((distance["province"], _Near(place[:2], prefecture)))
    found.append((distance["other"], _Near(None, place[:2])))
    return found


def _open_spell_q(worker_ref: str, on: date) -> Q:
    return Q(_open_spell(worker_ref, on))


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
        result = _score(facts, wishes.get(facts.id, []), target, provinces, None)
        if result is not None:
            scored.append((result[0], facts.id, result[1]))
    return _attach_workers(posting, _top(scored, limit))


def open_postings(on: date) -> QuerySet[Posting]:
    """Postings open on a day: valid, not closed, not filled (fewer placements than openings)."""
    return (
        Posting.objects.filter(valid_from__lte=on, valid_to__gte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .alias(placed=Count("placements"))
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
    wishes = list(worker.wish_occupations.values_list("code", "name", "id"))
    pairs = [(code, name) for code, name, _pk in wishes]
    provinces = _province_names()
    scored: list[tuple[int, int, list[Reason]]] = []

    def score_rows(rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            target = _facts_of_posting(row)
            training = training_points([worker.pk], target).get(worker.pk)
            result = _score(facts, pairs, target, provinces, training)
            if result is not None:
                scored.append((result[0], target.id, result[1]))

    if brute_force:
        return _brute_force_worker(worker, on, limit, facts, pairs, provinces)
    postings = open_postings(on).filter(_postings_for(worker, on)).order_by()
    if not wishes:
        score_rows(postings.values_list(*_POSTING_FIELDS).iterator(chunk_size=2000))
        return _attach_postings(worker, _top(scored, limit))
    wished = [pk for _c, _n, pk in wishes]
    by_level: dict[int, Q] = {4: Q(pk__in=wished)}
    for code, _name, _pk in wishes:
        for level, path in _tier_prefixes(code):
            by_level[level] = by_level.get(level, Q(pk__in=[])) | Q(path__startswith=path)
    levels = sorted(by_level, reverse=True)
    narrower = Q(pk__in=[])
    for i, level in enumerate(levels):
        ids = list(
            Occupation.objects.filter(by_level[level])
            .exclude(narrower)
            .values_list("pk", flat=True)
        )
        rows = postings.filter(occupation_id__in=ids).values_list(*_POSTING_FIELDS)
        score_rows(rows.iterator(chunk_size=2000))
        narrower |= by_level[level]
        bound = WEIGHTS["occupation"][levels[i + 1]] if i + 1 < len(levels) else 0
        if i + 1 == len(levels) or _good_enough(scored, limit, bound + OTHER_MAX):
            break
    return _attach_postings(worker, _top(scored, limit))


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
        result = _score(facts, wishes, target, provinces, None)
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
