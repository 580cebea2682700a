"""Bad input: a conflict per wrong value, saying which and why; atomicMode ALL keeps nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import translation

from xiezuo.indicators.imports import ImportOptions, values_import
from xiezuo.indicators.models import Approval, DataSet, DataValue
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """Messages in the default language, whatever an earlier request activated."""
    with translation.override("zh-hans"):
        yield


GOOD = {"dataElement": "job_fairs", "period": "201901", "orgUnit": "451024", "value": "3"}


def run(user, values, fmt="json", **options):
    if fmt == "json" and not isinstance(values, (bytes, str)):
        values = json.dumps({"dataValues": values})
    data = values.encode() if isinstance(values, str) else values
    return values_import(
        source=io.BytesIO(data), fmt=fmt, actor=user, options=ImportOptions(**options)
    )


def written():
    return DataValue.objects.filter(source="imported").count()


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


@pytest.mark.parametrize(
    ("change", "code", "field", "message"),
    [
        ({"dataElement": "no_such"}, "E7610", "dataElement", "没有代码或标识为“no_such”的数据元"),
        ({"orgUnit": "459999"}, "E7612", "orgUnit", "没有代码或标识为“459999”的行政区划"),
        ({"period": "2019-13"}, "E7611", "period", "不是有效的报告期"),
        ({"period": "2019"}, "E7632", None, "为月报；“2019”是年报的报告期"),
        ({"value": "三"}, "E7619", "value", "“三”不是数字"),
        ({"value": ""}, "E7618", "value", "必须填写数字"),
        ({"categoryOptionCombo": "no_such"}, "E7613", "categoryOptionCombo", "no_such"),
        (
            {"attributeOptionCombo": "abcdefghijk"},
            "E7615",
            "attributeOptionCombo",
            "attributeOptionCombo",
        ),
        ({"orgUnit": "451228"}, "E7617", "orgUnit", "您只能为权限范围内的地区填报数据。"),
    ],
)
def test_a_bad_value_gets_a_conflict_and_nothing_is_written(clerk, change, code, field, message):
    summary = run(clerk, [GOOD, {**GOOD, "period": "201902", **change}])
    assert summary.status == "ERROR"
    assert summary.imported == 0 and summary.ignored == 2
    (conflict,) = summary.conflicts
    assert conflict["errorCode"] == code
    assert conflict.get("property") == field  # DHIS2 names no property for E7632
    assert message in conflict["value"], conflict["value"]
    assert conflict["indexes"] == [1] and summary.as_dict()["rejectedIndexes"] == [1]
    assert written() == 0


def test_a_conflict_names_the_row_of_a_csv_file(clerk):
    text = (
        "dataelement,period,orgunit,value\njob_fairs,201901,451024,1\njob_fairs,201902,451024,x\n"
    )
    (refused,) = run(clerk, text, "csv").as_dict()["refusedValues"]
    assert (refused["index"], refused["row"]) == (1, 3)
    assert refused["message"].startswith("第3行")


def test_conflicts_of_the_same_code_and_objects_are_one_with_their_indexes(clerk):
    bad_element = {**GOOD, "dataElement": "no_such"}
    values = [bad_element, GOOD, {**GOOD, "value": "x"}, {**bad_element, "period": "201902"}]
    summary = run(clerk, values, atomic_mode="NONE")
    assert [(c["errorCode"], c["object"], c["indexes"]) for c in summary.conflicts] == [
        ("E7610", "no_such", [0, 3]),
        ("E7619", "job_fairs", [2]),
    ]
    report = summary.as_dict()
    assert report["rejectedIndexes"] == [0, 2, 3]
    assert [line["index"] for line in report["refusedValues"]] == [0, 2, 3]  # one per value


def test_with_atomic_mode_none_good_values_are_written_and_bad_ones_listed(clerk):
    summary = run(clerk, [GOOD, {**GOOD, "period": "201902", "value": "x"}], atomic_mode="NONE")
    assert summary.status == "WARNING"
    assert (summary.imported, summary.ignored) == (1, 1)
    assert len(summary.conflicts) == 1
    assert written() == 1


def test_a_period_of_the_wrong_type_for_the_data_set_is_refused(clerk):
    values = json.dumps({"dataSet": "LABOUR", "dataValues": [{**GOOD, "period": "2019Q1"}]})
    (conflict,) = run(clerk, values).conflicts
    assert conflict["errorCode"] == "E7632"
    assert conflict["objects"] == {"period": "2019Q1", "dataElement": "job_fairs"}
    assert "strictPeriods=true" in conflict["value"]  # DHIS2 would take it without the option
    assert written() == 0


def test_a_data_element_not_in_the_data_set_is_refused(clerk):
    values = json.dumps(
        {
            "dataSet": "LABOUR",
            "dataValues": [{**GOOD, "dataElement": "aid_money_goods", "period": "2019"}],
        }
    )
    (conflict,) = run(clerk, values).conflicts
    assert (conflict["errorCode"], conflict["property"]) == ("E7633", "dataElement")
    assert conflict["objects"]["dataSet"] == DataSet.objects.get(code="LABOUR").uid
    assert "劳务协作" in conflict["value"]


@pytest.mark.parametrize(
    ("header", "code", "objects"),
    [
        ({"dataSet": "NO_SUCH"}, "E7600", {"dataSet": "NO_SUCH"}),
        (
            {"dataSet": "LABOUR", "orgUnit": "459999"},
            "E7603",
            {"organisationUnit": "459999", "dataSet": "LABOUR"},
        ),
        (
            {"attributeOptionCombo": "abcdefghijk"},
            "E7604",
            {"categoryOptionCombo": "abcdefghijk", "dataSet": ""},
        ),
    ],
)
def test_an_unknown_data_set_place_or_attribute_combo_in_the_header_aborts_the_import(
    clerk, header, code, objects
):
    summary = run(clerk, json.dumps({**header, "dataValues": [GOOD]}), atomic_mode="NONE")
    assert summary.status == "ERROR" and next(iter(objects.values())) in summary.error
    (conflict,) = summary.conflicts
    assert (conflict["errorCode"], conflict["objects"]) == (code, objects)
    assert "indexes" not in conflict  # about the file, not a value of it
    assert written() == 0


def test_values_for_an_approved_period_are_locked(clerk):
    Approval.objects.create(
        data_set=DataSet.objects.get(code="LABOUR"),
        place=Place.objects.get(code="451024"),
        period="201901",
        state=Approval.State.APPROVED,
    )
    summary = run(clerk, [GOOD, {**GOOD, "period": "201902"}], atomic_mode="NONE")
    (conflict,) = summary.conflicts
    assert conflict["errorCode"] == "E7642" and "已审核" in conflict["value"]
    assert conflict["objects"] == {
        "organisationUnit": "451024",
        "period": "201901",
        "categoryOptionCombo": "HllvX50cXC0",  # the default attribute option combo
        "dataSet": DataSet.objects.get(code="LABOUR").uid,
    }
    assert written() == 1


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        (
            "json",
            '{"dataValues": [{"dataElement": "job_fairs",',
            "文件不是有效的 JSON：在第 44 字节附近出错。",
        ),
        ("json", "[1, 2]", "dataValues"),
        ("json", '{"period": "201901"}', "dataValues"),
        ("csv", 'dataelement,period,orgunit,value\n"job_fairs,201901\n', "CSV"),
        ("csv", "dataelement,value\njob_fairs,1\n", "orgunit"),
        ("adx", '<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="451024"', "XML"),
        ("adx", "<html><body>hello</body></html>", "根元素是 <html>，应为 <adx> 或 <dataValueSet>"),
        ("xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("xml", '<!DOCTYPE x [<!ENTITY a "b">]><dataValueSet/>', "DOCTYPE"),
        # padded past the first 64 KiB, where a look at the head alone would miss it
        (
            "xml",
            '<?xml version="1.0"?>'
            + "<!-- padding -->" * 5000
            + '<!DOCTYPE x [<!ENTITY a "'
            + "b" * 100
            + '"><!ENTITY c "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + '<dataValueSet><dataValue dataElement="job_fairs" period="201901" orgUnit="451024"'
            + ' value="3" comment="&c;"/></dataValueSet>',
            "DOCTYPE",
        ),
    ],
)
def test_a_malformed_file_is_refused_whole(clerk, fmt, content, message):
    summary = run(clerk, content, fmt)
    assert summary.status == "ERROR"
    assert message in summary.error, summary.error
    assert summary.as_dict()["importCount"]["imported"] == 0
    assert written() == 0


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        ("csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("xlsx", b"dataelement,period,orgunit,value\n", "不是工作簿"),
        ("xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        ("json", b'<?xml version="1.0"?><adx/>', "XML"),
        ("csv", b'{"dataValues": []}', "JSON"),
        ("adx", b'{"dataValues": []}', "JSON"),
        ("json", b"%PDF-1.4", "PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(clerk, fmt, content, message):
    summary = run(clerk, content, fmt)
    assert summary.status == "ERROR"
    assert message in summary.error, summary.error
    assert written() == 0


def test_a_broken_file_refuses_even_the_values_before_the_break_in_mode_none(clerk):
    text = json.dumps({"dataValues": [GOOD]})[:-3]
    summary = run(clerk, text, atomic_mode="NONE")
    assert summary.status == "ERROR"
    assert written() == 0


def test_an_empty_file_is_refused(clerk):
    assert "空" in run(clerk, b"  \n", "csv").error


def test_a_million_bad_values_keep_a_bounded_list_of_conflicts(clerk, monkeypatch):
    from xiezuo.indicators.imports import summary as summary_module

    monkeypatch.setattr(summary_module, "MAX_CONFLICTS", 5)
    summary = run(clerk, [{**GOOD, "value": f"x{n}"} for n in range(20)])
    assert summary.conflict_count == 20 and len(summary.conflicts) == 5
    assert len(summary.as_dict()["refusedValues"]) == 5
    assert summary.description.startswith("20 个数值中有 20 个被拒绝")
    assert summary.description.endswith("仅列出前 5 个错误。")
