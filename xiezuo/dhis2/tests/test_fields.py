"""DHIS2's fields=, filter=, order= and paging language, on plain records (no database)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from xiezuo.dhis2.fields import (
    Lazy,
    QueryError,
    matches,
    parse_fields,
    parse_filter,
    parse_filters,
    parse_order,
    parse_paging,
    render,
    sort_records,
)

PARENT = {"id": "uidParent01", "name": "百色市", "code": "4510"}
DEBAO = {
    "id": "uidDebao001",
    "name": "德保县",
    "code": "451024",
    "level": 3,
    "parent": PARENT,
    "children": [{"id": "uidTown0001", "name": "城关镇"}, {"id": "uidTown0002", "name": "足荣镇"}],
    "links": [{"dataSet": {"id": "uidSet00001", "name": "劳务协作"}, "note": "x"}],
}
NAPO = {**DEBAO, "id": "uidNapo0001", "name": "那坡县", "code": "451026", "children": []}


def test_default_list_fields_are_id_and_display_name():
    record = {"id": "a", "displayName": "德保县", "name": "德保县", "code": "451024"}
    assert render(record, parse_fields(None)) == {"id": "a", "displayName": "德保县"}


def test_a_reference_named_alone_renders_as_its_id():
    assert render(DEBAO, parse_fields("parent,children")) == {
        "parent": {"id": "uidParent01"},
        "children": [{"id": "uidTown0001"}, {"id": "uidTown0002"}],
    }


def test_sub_fields_select_inside_references_and_collections():
    rendered = render(DEBAO, parse_fields("name,parent[id,name],children(name)"))
    assert rendered == {
        "name": "德保县",
        "parent": {"id": "uidParent01", "name": "百色市"},
        "children": [{"name": "城关镇"}, {"name": "足荣镇"}],
    }


def test_star_takes_every_field_and_embedded_objects_keep_their_references_short():
    rendered = render(DEBAO, parse_fields("*"))
    assert set(rendered) == set(DEBAO)
    assert rendered["links"] == [{"dataSet": {"id": "uidSet00001"}, "note": "x"}]


def test_all_preset_with_an_exclusion_leaves_that_field_out():
    assert "children" not in render(DEBAO, parse_fields(":all,!children"))


def test_identifiable_preset_selects_id_name_and_code():
    assert render(DEBAO, parse_fields(":identifiable")) == {
        "id": "uidDebao001",
        "name": "德保县",
        "code": "451024",
    }


def test_transformers_rename_count_and_pluck():
    rendered = render(DEBAO, parse_fields("name~rename(n),children~size,children~pluck(name)"))
    assert rendered == {"n": "德保县", "children": ["城关镇", "足荣镇"]}
    assert render(DEBAO, parse_fields("children~size")) == {"children": 2}
    assert render(NAPO, parse_fields("children~isEmpty")) == {"children": True}


def test_lazy_values_are_computed_only_when_asked_for():
    calls = []
    record = {"id": "a", "expensive": Lazy(lambda: calls.append(1) or ["x"])}
    render(record, parse_fields("id"))
    assert calls == []
    assert render(record, parse_fields("expensive")) == {"expensive": ["x"]}


@pytest.mark.parametrize("text", ["id,parent[id", "name~shout", ":everything"])
def test_malformed_fields_are_refused(text):
    with pytest.raises(QueryError):
        parse_fields(text)


@pytest.mark.parametrize(
    ("text", "debao", "napo"),
    [
        ("name:eq:德保县", True, False),
        ("name:ne:德保县", False, True),
        ("name:!eq:德保县", False, True),
        ("name:like:德", True, False),
        ("name:!like:德", False, True),
        ("code:$like:4510", True, True),
        ("code:like$:26", False, True),
        ("name:ilike:县", True, True),
        ("level:gt:2", True, True),
        ("level:lt:3", False, False),
        ("level:ge:3", True, True),
        ("level:le:2", False, False),
        ("code:in:[451024,450100]", True, False),
        ("code:!in:[451024]", False, True),
        ("parent.id:eq:uidParent01", True, True),
        ("children.name:eq:足荣镇", True, False),
        ("children:empty", False, True),
        ("children:gt:1", True, False),
        ("links.dataSet.id:eq:uidSet00001", True, True),
        ("identifiable:token:德保", True, False),
    ],
)
def test_a_filter_operator_keeps_the_records_it_should(text, debao, napo):
    flt = parse_filters([text])
    assert (matches(DEBAO, flt), matches(NAPO, flt)) == (debao, napo)


def test_several_filters_are_combined_with_and_unless_the_root_junction_is_or():
    filters = parse_filters(["name:eq:德保县", "name:eq:那坡县"])
    assert not matches(DEBAO, filters)
    assert matches(DEBAO, filters, junction="OR") and matches(NAPO, filters, junction="OR")


@pytest.mark.parametrize("text", ["name", "name:shout:x", "name:eq", ":eq:x"])
def test_malformed_filters_are_refused(text):
    with pytest.raises(QueryError):
        parse_filter(text)


def test_a_filter_on_an_unknown_property_is_refused():
    with pytest.raises(QueryError):
        matches(DEBAO, parse_filters(["colour:eq:red"]))


def test_a_filter_on_a_missing_parent_finds_nothing_rather_than_failing():
    province = {**DEBAO, "parent": None}
    assert not matches(province, parse_filters(["parent.id:eq:uidParent01"]))
    assert matches(province, parse_filters(["parent:null"]))


def test_order_sorts_by_each_property_in_turn():
    records = [{"n": "b", "l": 1}, {"n": "a", "l": 2}, {"n": "c", "l": 1}]
    ordered = sort_records(records, parse_order(["l:desc", "n:asc"]))
    assert [r["n"] for r in ordered] == ["a", "b", "c"]


def test_paging_defaults_to_fifty_a_page_and_counts_pages():
    paging = parse_paging(None, "2", None)
    pager = paging.pager(120, "next", "prev")
    assert pager == {
        "page": 2,
        "total": 120,
        "pageSize": 50,
        "pageCount": 3,
        "prevPage": "prev",
        "nextPage": "next",
    }
    assert paging.offset == 50
    assert not parse_paging("false", None, None).enabled


@pytest.mark.parametrize(("page", "size"), [("0", None), ("x", None), (None, "-5")])
def test_bad_paging_is_refused(page, size):
    with pytest.raises(QueryError):
        parse_paging(None, page, size)


# --- transformers after ~, | or :: (DHIS2's parser takes the three)


@pytest.mark.parametrize("text", ["children~size", "children|size", "children::size"])
def test_a_transformer_follows_a_tilde_a_bar_or_two_colons(text):
    assert render(DEBAO, parse_fields(f"name,{text}")) == {"name": "德保县", "children": 2}


def test_transformers_in_the_colon_syntax_chain_and_rename():
    assert render(NAPO, parse_fields("children::isEmpty::rename(noChildren)")) == {
        "noChildren": True
    }


# --- times: created and lastUpdated

UPDATED = datetime(2026, 12, 6, 1, 2, 3, 456789, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_time_is_written_as_dhis2_writes_it_local_to_the_millisecond_without_a_zone():
    record = {"id": "a", "lastUpdated": UPDATED.astimezone(ZoneInfo("UTC"))}
    assert render(record, parse_fields("lastUpdated")) == {"lastUpdated": "2026-12-06T01:02:03.456"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("lastUpdated:gt:2026-12-06", True),
        ("lastUpdated:gt:2026-12-07", False),
        ("lastUpdated:lt:2026-12-07", True),
        ("lastUpdated:ge:2026-12-06T01:02:03.456", True),
        # compared as shown, to the millisecond: not updated after the time it shows
        ("lastUpdated:gt:2026-12-06T01:02:03.456", False),
        ("lastUpdated:le:2026-12-06T01:02:03.456", True),
        ("lastUpdated:eq:2026-12-06T01:02:03.456", True),
        ("lastUpdated:ge:2026-12-06T01:02:03.457", False),
        ("lastUpdated:ge:2026-12-05T17:02:03Z", True),  # a zone given is honoured
        ("lastUpdated:ge:2026-12-05T17:02:04Z", False),
        ("lastUpdated:like:2026-12-06T01", True),
    ],
)
def test_a_time_filter_compares_times_not_text(text, kept):
    record = {"id": "a", "lastUpdated": UPDATED}
    assert matches(record, [parse_filter(text)]) is kept


def test_an_unreadable_time_in_a_filter_is_refused():
    with pytest.raises(QueryError):
        matches({"id": "a", "lastUpdated": UPDATED}, [parse_filter("lastUpdated:gt:yesterday")])


def test_times_sort_in_time_order():
    earlier = {"id": "b", "lastUpdated": UPDATED - timedelta(days=400)}
    later = {"id": "a", "lastUpdated": UPDATED}
    ordered = sort_records([later, earlier], parse_order(["lastUpdated:asc"]))
    assert [r["id"] for r in ordered] == ["b", "a"]
