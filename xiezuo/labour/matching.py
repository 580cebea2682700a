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
from xiezuo.places import codes as place_codes
from xiezuo.places.models import Place

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
    # per completed training relevant to the posting, at most `max` (hook: none yet)
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


@dataclass(frozen=True)
class Reason:
    points: int
    text: str

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
    reasons: list[Reason] = []
    if wishes:
        best = max(wishes, key=lambda w: occupation_codes.fit(w[0], posting.occupation))
        level = occupation_codes.fit(best[0], posting.occupation)
        if level == 0:
            return None
        reasons.append(
            Reason(
                WEIGHTS["occupation"][level],
                _("Wished occupation %(name)s (%(code)s), %(fit)s")
                % {"name": best[1], "code": best[0], "fit": _FIT_TEXT[level]()},
            )
        )
    else:
        reasons.append(Reason(WEIGHTS["occupation"]["no_wish"], _("No occupation wished")))
    if worker.wish == Wish.ANY:
        reasons.append(Reason(WEIGHTS["destination"]["anywhere"], _("Will work anywhere")))
    else:
        where = (
            worker.wish_place
            if worker.wish == Wish.PLACE
            else provinces.get(posting.place[:2], posting.place[:2])
        )
        reasons.append(
            Reason(
                WEIGHTS["destination"]["met"], _("Wishes to work in %(place)s") % {"place": where}
            )
        )
    wage = whole(posting.wage_max)
    if worker.expected_wage is None:
        reasons.append(
            Reason(
                WEIGHTS["wage"]["unstated"],
                _("Wage %(wage)s, no expectation given") % {"wage": wage},
            )
        )
    else:
        values = {"wage": wage, "expected": whole(worker.expected_wage)}
        if posting.wage_max >= worker.expected_wage:
            reasons.append(
                Reason(WEIGHTS["wage"]["met"], _("Wage %(wage)s ≥ expected %(expected)s") % values)
            )
        elif posting.wage_max >= worker.expected_wage * NEAR_WAGE:
            reasons.append(
                Reason(
                    WEIGHTS["wage"]["near"],
                    _("Wage %(wage)s a little below expected %(expected)s") % values,
                )
            )
        else:
            reasons.append(
                Reason(
                    WEIGHTS["wage"]["below"], _("Wage %(wage)s < expected %(expected)s") % values
                )
            )
    home, place = worker.home, posting.place
    if len(place) >= 6 and home[:6] == place[:6]:
        reasons.append(Reason(WEIGHTS["distance"]["county"], _("Work in the home county")))
    elif home[:4] == place[:4] and len(place) >= 4:
        reasons.append(Reason(WEIGHTS["distance"]["prefecture"], _("Work in the home prefecture")))
    elif home[:2] == place[:2]:
        reasons.append(Reason(WEIGHTS["distance"]["province"], _("Work in the home province")))
    if training is not None:
        reasons.append(training)
    return sum(r.points for r in reasons), reasons


def _province_names() -> dict[str, str]:
    return dict(Place.objects.filter(level=1).values_list("code", "name"))


def _within(field: str, code: str) -> Q:
    lo, hi = place_codes.subtree_range(code)
    return Q(**{f"{field}__gte": lo, f"{field}__lt": hi})


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
    wished |= Q(**{f"{f}wish_destination": Wish.LOCAL}) & _within(f"{f}home__code", place[:2])
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
    tiers: list[tuple[Q, int]] = [
        (Q(occupation_id=posting.occupation_id), WEIGHTS["occupation"][4])
    ]
    narrower = Q(occupation_id=posting.occupation_id)
    for level, path in _tier_prefixes(posting.occupation.code):
        tiers.append(
            (Q(occupation__path__startswith=path) & ~narrower, WEIGHTS["occupation"][level])
        )
        narrower = Q(occupation__path__startswith=path)
    points = [p for _q, p in tiers] + [WEIGHTS["occupation"]["no_wish"]]
    for i, (tier, _p) in enumerate(tiers):
        score_rows(
            through.objects.filter(tier, wanted).values_list(*fields).iterator(chunk_size=2000)
        )
        if _good_enough(scored, limit, points[i + 1] + OTHER_MAX):
            break
    else:
        no_wish = Worker.objects.filter(
            _candidate_workers(posting, on), ~_open_spell_q("pk", on),
            ~Exists(through.objects.filter(worker=OuterRef("pk"))),
        )  # fmt: skip
        rows = no_wish.values_list(*_worker_fields("")).iterator(chunk_size=2000)
        score_rows((*row, None, None) for row in rows)
    return _attach_workers(posting, _top(scored, limit))


def _open_spell_q(worker_ref: str, on: date) -> Q:
    return Q(_open_spell(worker_ref, on))


def _destination_met(wish: str, home: str, wish_place: str | None, place: str) -> bool:
    if wish == Wish.ANY:
        return True
    if wish == Wish.LOCAL:
        return home[:2] == place[:2]
    if wish == Wish.HELPER:
        return place[:2] in helper_provinces()
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
        if not _destination_met(facts.wish, facts.home, wish_place, target.place):
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
        q &= _within("place_of_work__code", worker.home.code[:2])
    elif worker.wish_destination == Wish.HELPER:
        helpers = Q(pk__in=[])
        for code in sorted(helper_provinces()):
            helpers |= _within("place_of_work__code", code)
        q &= helpers
    elif worker.wish_destination == Wish.PLACE and worker.wish_place is not None:
        q &= _within("place_of_work__code", worker.wish_place.code)
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
    postings = open_postings(on).filter(_postings_for(worker, on))
    if not wishes:
        score_rows(postings.values_list(*_POSTING_FIELDS).iterator(chunk_size=2000))
        return _attach_postings(worker, _top(scored, limit))
    by_level: dict[int, Q] = {4: Q(occupation_id__in=[pk for _c, _n, pk in wishes])}
    for code, _name, _pk in wishes:
        for level, path in _tier_prefixes(code):
            by_level[level] = by_level.get(level, Q(pk__in=[])) | Q(
                occupation__path__startswith=path
            )
    levels = sorted(by_level, reverse=True)
    narrower = Q(pk__in=[])
    for i, level in enumerate(levels):
        rows = postings.filter(by_level[level]).exclude(narrower).values_list(*_POSTING_FIELDS)
        score_rows(rows.iterator(chunk_size=2000))
        narrower |= by_level[level]
        bound = WEIGHTS["occupation"][levels[i + 1]] if i + 1 < len(levels) else 0
        if _good_enough(scored, limit, bound + OTHER_MAX) or i + 1 == len(levels):
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
        if not _destination_met(facts.wish, facts.home, wish_place, target.place):
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
