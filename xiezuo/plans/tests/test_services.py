"""The work plan's writes: each refuses bad input beside its field, and writes nothing then."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xiezuo.indicators.models import Indicator
from xiezuo.places.models import Place
from xiezuo.plans import services
from xiezuo.plans.models import Category, Document, Evidence, ProgressUpdate, WorkItem

from .factories import BAISE, DEBAO, GUANGDONG, PNG, document, org, png, target, work_item

pytestmark = pytest.mark.django_db


def memorandum(**fields) -> Document:
    return document(
        **{"title": "测试备忘录（服务）", "categories": ["组织领导", "产业合作"], **fields}
    )


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def upload(name: str, content: bytes = PNG, content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- documents and categories ----------------------------------------------------------


def test_a_document_is_recorded_with_its_parties_and_categories_numbered_in_order():
    document = memorandum(parties=[org(GUANGDONG)])
    assert [(c.number, c.name) for c in document.categories.all()] == [
        (1, "组织领导"),
        (2, "产业合作"),
    ]
    assert [p.name for p in document.parties.all()] == ["广东省扶贫开发领导小组办公室"]
    assert document.year == 2018 and document.span_label == "2018"


def test_a_document_ending_before_it_starts_is_refused_beside_the_end_date():
    with pytest.raises(ValidationError) as exc:
        memorandum(ends_on=date(2017, 12, 31))
    assert "早于" in errors_of(exc)["ends_on"][0]  # the end date is before the start
    assert not Document.objects.filter(title="测试备忘录（服务）").exists()


def test_a_repeated_category_refuses_the_whole_document():
    with pytest.raises(ValidationError):
        memorandum(categories=["产业合作", "产业合作"])
    assert not Document.objects.filter(title="测试备忘录（服务）").exists()
    assert not Category.objects.filter(
        name="产业合作", document__title="测试备忘录（服务）"
    ).exists()


def test_a_category_added_later_is_numbered_after_the_last():
    document = memorandum()
    assert services.category_create(document=document, name="劳务协作").number == 3


# --- work items --------------------------------------------------------------------------


def test_an_item_is_numbered_after_the_last_and_its_lead_is_not_also_supporting():
    document = memorandum()
    first = work_item(document)
    second = work_item(document, supporting=[org(BAISE), org(DEBAO)])
    assert (first.number, second.number) == (1, 2)
    assert [o.name for o in second.supporting.all()] == ["德保县扶贫开发办公室"]


def test_an_item_due_before_its_start_is_refused_beside_the_due_date():
    with pytest.raises(ValidationError) as exc:
        work_item(memorandum(), starts_on=date(2018, 6, 1), due_on=date(2018, 5, 31))
    assert errors_of(exc)["due_on"] == ["完成时限早于开始日期。"]
    assert not WorkItem.objects.filter(title="组织贫困劳动力技能培训").exists()


def test_an_item_in_a_category_of_another_document_is_refused():
    other = memorandum(title="另一份备忘录")
    with pytest.raises(ValidationError) as exc:
        work_item(memorandum(), other.categories.first())
    assert "category" in errors_of(exc)


def test_an_item_update_changes_its_places_and_keeps_checking_dates():
    item = work_item(memorandum())
    services.item_update(item=item, places=[Place.objects.get(code="451228")], title="新标题")
    item.refresh_from_db()
    assert item.title == "新标题"
    assert [p.code for p in item.places.all()] == ["451228"]
    with pytest.raises(ValidationError) as exc:
        services.item_update(item=item, due_on=date(2017, 1, 1))
    assert "due_on" in errors_of(exc)
    item.refresh_from_db()
    assert item.due_on == date(2018, 12, 31)


# --- targets -------------------------------------------------------------------------------


def test_a_target_is_stored_with_its_period_and_options_normalised():
    made = target(work_item(memorandum()), options=" poverty = poor ", period="2018S1")
    assert (made.options, made.period, made.value) == ("poverty=poor", "2018S1", Decimal(1000))
    assert made.expression == "people_trained[poverty=poor]"


@pytest.mark.parametrize(
    ("value", "stored"), [("10,000", Decimal(10000)), (" 12.5 ", Decimal("12.5"))]
)
def test_a_target_value_may_carry_thousands_separators(value, stored):
    assert target(work_item(memorandum()), value=value).value == stored


@pytest.mark.parametrize("value", ["many", "0", "-3", "NaN"])
def test_a_target_value_that_is_no_positive_number_is_refused_naming_it(value):
    item = work_item(memorandum())
    with pytest.raises(ValidationError) as exc:
        target(item, value=value)
    assert f"“{value}”" in errors_of(exc)["value"][0]
    assert not item.targets.exists()


def test_a_target_on_an_unknown_option_is_refused_naming_it():
    item = work_item(memorandum())
    with pytest.raises(ValidationError) as exc:
        target(item, options="poverty=rich")
    assert "poverty=rich" in errors_of(exc)["options"][0]
    assert not item.targets.exists()


def test_options_on_an_indicator_are_refused():
    with pytest.raises(ValidationError) as exc:
        target(
            work_item(memorandum()),
            figure=Indicator.objects.get(code="poor_share_trained"),
            options="poverty=poor",
        )
    assert "options" in errors_of(exc)


def test_a_bad_period_and_a_value_of_zero_are_both_reported():
    with pytest.raises(ValidationError) as exc:
        target(work_item(memorandum()), period="2018年", value=0)
    assert set(errors_of(exc)) == {"period", "value"}


# --- milestones ----------------------------------------------------------------------------


def test_a_milestone_is_ticked_with_evidence_and_can_be_unticked(make_user):
    clerk = make_user("clerk", scope=["451024"])
    milestone = services.milestone_create(
        item=work_item(memorandum()), title="签订协议", due_on=date(2018, 3, 31)
    )
    services.milestone_tick(
        milestone=milestone,
        user=clerk,
        done_on=date(2018, 3, 20),
        note="已签约",
        files=[upload("协议.png")],
    )
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.done_by, milestone.note) == (
        date(2018, 3, 20),
        clerk,
        "已签约",
    )
    assert [e.name for e in milestone.evidence.all()] == ["协议.png"]
    services.milestone_untick(milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.done_on is None and milestone.done_by is None


def test_a_milestone_cannot_be_ticked_in_the_future(make_user):
    milestone = services.milestone_create(
        item=work_item(memorandum()), title="签订协议", due_on=date(2018, 3, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.milestone_tick(
            milestone=milestone,
            user=make_user("clerk"),
            done_on=timezone.localdate() + timedelta(days=1),
        )
    assert "done_on" in errors_of(exc)
    milestone.refresh_from_db()
    assert milestone.done_on is None


# --- progress updates ----------------------------------------------------------------------


@pytest.mark.parametrize("percent", [0, 100, None])
def test_an_update_may_give_a_percentage_from_0_to_100_or_none(make_user, percent):
    update = services.update_create(
        item=work_item(memorandum()), user=make_user("clerk"), text="已完成培训", percent=percent
    )
    assert update.percent == percent
    assert update.reported_on == timezone.localdate()


@pytest.mark.parametrize("percent", [-1, 101])
def test_an_update_percentage_outside_0_to_100_is_refused(make_user, percent):
    item = work_item(memorandum())
    with pytest.raises(ValidationError) as exc:
        services.update_create(item=item, user=make_user("clerk"), text="进展", percent=percent)
    assert errors_of(exc)["percent"] == ["百分比必须在 0 到 100 之间。"]
    assert not item.updates.exists()


def test_an_update_without_text_or_dated_in_the_future_is_refused(make_user):
    with pytest.raises(ValidationError) as exc:
        services.update_create(
            item=work_item(memorandum()),
            user=make_user("clerk"),
            text="  ",
            reported_on=timezone.localdate() + timedelta(days=1),
        )
    assert set(errors_of(exc)) == {"text", "reported_on"}


def test_an_update_keeps_its_files_under_their_uid_with_the_original_name(make_user, media):
    update = services.update_create(
        item=work_item(memorandum()),
        user=make_user("clerk"),
        text="培训现场",
        files=[upload("现场照片.PNG"), upload("名单.xlsx", b"PK", "application/octet-stream")],
    )
    photo, sheet = update.evidence.all()
    assert (photo.name, photo.is_image, photo.size) == ("现场照片.PNG", True, len(PNG))
    assert photo.file.name == f"plans/evidence/{photo.uid}.png"
    assert (media / photo.file.name).read_bytes() == PNG
    assert (sheet.name, sheet.is_image) == ("名单.xlsx", False)


def test_a_file_of_an_unaccepted_kind_refuses_the_update_and_writes_nothing(make_user, media):
    item = work_item(memorandum())
    with pytest.raises(ValidationError) as exc:
        services.update_create(
            item=item,
            user=make_user("clerk"),
            text="进展",
            files=[upload("photo.png"), upload("run.exe", b"MZ", "application/octet-stream")],
        )
    assert "run.exe" in errors_of(exc)["files"][0]
    assert not ProgressUpdate.objects.filter(item=item).exists()
    assert not Evidence.objects.exists()
    assert not any(Path(media).rglob("*.png"))


def test_a_file_larger_than_20_mb_is_refused(make_user):
    big = upload("scan.pdf", b"%PDF", "application/pdf")
    big.size = services.MAX_EVIDENCE_BYTES + 1
    with pytest.raises(ValidationError) as exc:
        services.update_create(
            item=work_item(memorandum()), user=make_user("clerk"), text="进展", files=[big]
        )
    assert "20 MB" in errors_of(exc)["files"][0]


def test_a_failing_file_leaves_no_stored_file_behind(media, make_user, monkeypatch):
    """Should storing the second file fail, the first is removed and nothing is written."""
    work = work_item(memorandum())
    calls = {"n": 0}
    real = services._attach

    def flaky(upload, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(upload, **kwargs)

    monkeypatch.setattr(services, "_attach", flaky)
    with pytest.raises(OSError):
        services.update_create(
            item=work, user=make_user("clerk"), text="现场照片", files=[png("1.png"), png("2.png")]
        )
    assert not ProgressUpdate.objects.filter(item=work).exists()
    assert not Evidence.objects.filter(update__item=work).exists()
    assert calls["n"] == 2  # the first file was stored before the second failed …
    assert list(media.rglob("*.png")) == []  # … and is gone
