"""The labour registers in Excel: imports all rows or none, with a message per row and column;
exports that mask personal information (and record the unmasked one), keep the lists'
filters, and never turn typed text into a formula."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from xiezuo.importing import ImportRefused
from xiezuo.labour import services
from xiezuo.labour.excel import imports, workbooks
from xiezuo.labour.excel.layout import (
    PLACEMENT_COLUMNS,
    POSTING_COLUMNS,
    TRAINEE_COLUMNS,
    WORKER_COLUMNS,
)
from xiezuo.labour.models import JobFair, Placement, Posting, Trainee, Worker
from xiezuo.occupations.models import Occupation
from xiezuo.personal.identity import mask_identity, synthetic_identity
from xiezuo.personal.models import PersonalDataView
from xiezuo.places.models import Organisation, Place
from xiezuo.spreadsheets import header, workbook_bytes

pytestmark = pytest.mark.django_db

BORN = date(1977, 7, 7)  # no other test's synthetic people are born that day


def number(n: int) -> str:
    return synthetic_identity(48000 + n, BORN, "female", "45")


@pytest.fixture
def village() -> Place:
    """A village of Debao county (451024), or the town the demo projects use."""
    found = Place.objects.filter(level=5, code__startswith="451024").order_by("code").first()
    return found or Place.objects.get(code="451024105")


@pytest.fixture
def clerk(make_user):
    return make_user("clerk", scope=["451024"])


@pytest.fixture
def occupation() -> Occupation:
    return Occupation.objects.units().filter(code__startswith="6-").order_by("code").first()


def workbook(columns, *rows: dict) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header(columns))
    for cells in rows:
        sheet.append([cells.get(c.key, "") for c in columns])
    return io.BytesIO(workbook_bytes(book))


def refused(run, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRefused) as exc:
        run(**kwargs)
    return [(e.row, e.column, e.message) for e in exc.value.errors]


def worker_row(n: int, village: Place, **extra) -> dict:
    return {
        "name": f"韦测试{n}",
        "identity": number(n),
        "home": f"{village.code} {village.name}",
        "poverty_status": "建档立卡贫困户",
        "education": "高中",
        "phone": "138 0013 8000",
        "certificates": "电工证、焊工证",
        **extra,
    }


def register(actor, n: int, home: Place, **extra) -> Worker:
    return services.worker_register(
        actor=actor, identity=number(n), name=f"韦已登记{n}", home=home,
        poverty_status="poor", **extra,
    )  # fmt: skip


# --- workers


def test_a_good_file_registers_every_worker_through_the_service(clerk, village, occupation):
    source = workbook(
        WORKER_COLUMNS,
        worker_row(1, village, wish_occupations=f"{occupation.code}、{occupation.name}",
                   wish_destination="帮扶省份", expected_wage="4,000",
                   available_from="2019/3/1"),
        worker_row(2, village, poverty_status="not_poor", education="",
                   wish_destination="4419 东莞市"),
    )  # fmt: skip
    created = imports.import_workers(source=source, user=clerk)
    assert [w.name for w in created] == ["韦测试1", "韦测试2"]
    first, second = (Worker.objects.get(pk=w.pk) for w in created)
    assert (first.identity, first.sex, first.birth_date) == (number(1), "female", BORN)
    assert first.home == village and first.poverty_status == "poor"
    assert first.education == 3 and first.phone == "13800138000"
    assert first.certificates == "电工证\n焊工证"
    assert list(first.wish_occupations.all()) == [occupation]  # code and name: the same one
    assert (first.wish_destination, first.expected_wage) == ("helper", 4000)
    assert first.available_from == date(2019, 3, 1) and first.created_by == clerk
    assert (second.wish_destination, second.wish_place.code) == ("place", "4419")
    assert second.education == 2  # empty: junior secondary, as the form's default


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row_and_column(
    clerk, village, make_user
):
    already = register(make_user("administrator"), 9, village)
    source = workbook(
        WORKER_COLUMNS,
        worker_row(1, village),
        worker_row(2, village, identity=number(2)[:17] + ("0" if number(2)[17] != "0" else "1")),
        worker_row(3, village, home="451024999999"),
        worker_row(4, village, wish_occupations="不存在的职业"),
        worker_row(5, village, identity=number(1)),  # the person of row 2
        worker_row(6, village, identity=number(9)),  # registered already
    )
    before = Worker.objects.count()
    errors = refused(imports.import_workers, source=source, user=clerk)
    assert Worker.objects.count() == before
    assert errors == [
        (3, "身份证号码", "最后一位校验码与前17位不符：有数字输错或两位数字颠倒。"),
        (4, "户籍所在地", "没有代码为“451024999999”的行政区划。"),
        (5, "意向职业", "没有名为“不存在的职业”的职业，请写职业代码。"),
        (6, "身份证号码", "与第 2 行是同一人。"),
        (7, "身份证号码", f"此人已在{village.name}登记（劳动力编号 {already.uid}）。"),
    ]


def test_a_village_outside_the_scope_is_refused(clerk):
    elsewhere = Place.objects.filter(code__startswith="451228").order_by("-level").first()
    source = workbook(WORKER_COLUMNS, worker_row(1, elsewhere))
    errors = refused(imports.import_workers, source=source, user=clerk)
    assert errors == [
        (
            2,
            "户籍所在地",
            f"{elsewhere.code} {elsewhere.name}不在您的范围内：您只能在自己的地区登记。",
        )
    ]
    assert not Worker.objects.filter(name="韦测试1").exists()


def test_the_import_page_lists_the_refusal_and_writes_nothing(client_for, village):
    client = client_for("clerk", scope=["451024"])
    rows = [worker_row(1, village, poverty_status="富裕"), worker_row(2, village, phone="12")]
    upload = SimpleUploadedFile("workers.xlsx", workbook(WORKER_COLUMNS, *rows).getvalue())
    response = client.post("/labour/excel/workers/import/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="import-refused"' in page and "“富裕”不是允许的取值。" in page
    assert '<tr data-row="3"><td class="num">3</td><td>电话</td>' in page
    assert not Worker.objects.filter(name__in=["韦测试1", "韦测试2"]).exists()

    good = workbook(WORKER_COLUMNS, rows[0] | {"poverty_status": "monitored"})
    upload = SimpleUploadedFile("workers.xlsx", good.getvalue())
    response = client.post("/labour/excel/workers/import/", {"file": upload})
    assert response.status_code == 302
    assert Worker.objects.get(name="韦测试1").poverty_status == "monitored"


def test_a_viewer_may_not_import(client_for, village):
    client = client_for("viewer", scope=["451024"])
    upload = SimpleUploadedFile("w.xlsx", workbook(WORKER_COLUMNS, worker_row(1, village)).read())
    assert client.post("/labour/excel/workers/import/", {"file": upload}).status_code == 403
    assert not Worker.objects.filter(name="韦测试1").exists()


# --- postings


@pytest.fixture
def employer() -> Organisation:
    return Organisation.objects.create(
        name="德保县测试电子厂", kind="enterprise", side="helped",
        place=Place.objects.get(code="451024"),
    )  # fmt: skip


def posting_row(employer, occupation, /, **extra) -> dict:
    return {
        "employer": employer.name, "title": "电子装配工", "occupation": occupation.code,
        "place_of_work": "451024 德保县", "openings": 3, "wage_min": 3000, "wage_max": "4000",
        "meals": "是", "housing": "否", "age_min": 18, "age_max": 45, "education_min": "初中",
        "certificates": "健康证", "valid_from": "2019-03-01", "valid_to": date(2019, 6, 30),
        **extra,
    }  # fmt: skip


def test_postings_import_through_the_service_or_not_at_all(clerk, employer, occupation):
    source = workbook(POSTING_COLUMNS, posting_row(employer, occupation))
    (posting,) = imports.import_postings(source=source, user=clerk)
    posting.refresh_from_db()
    assert (posting.employer, posting.occupation, posting.place_of_work.code) == (
        employer, occupation, "451024",
    )  # fmt: skip
    assert (posting.meals, posting.housing, posting.education_min) == (True, False, 2)
    assert posting.valid_to == date(2019, 6, 30) and posting.created_by == clerk

    group = occupation.parent
    source = workbook(
        POSTING_COLUMNS,
        posting_row(employer, occupation, title="好的一行"),
        posting_row(employer, occupation, employer="没有这家企业"),
        posting_row(employer, occupation, occupation=group.code),
        posting_row(employer, occupation, wage_min=5000),  # above the highest: the service
    )
    before = Posting.objects.count()
    errors = refused(imports.import_postings, source=source, user=clerk)
    assert Posting.objects.count() == before
    assert errors[:2] == [
        (3, "用人单位", "没有名为“没有这家企业”的单位。"),
        (4, "职业（细类）", f"{group.code} {group.name} 是职业类别，请选择其下的具体职业。"),
    ]
    assert len(errors) == 2  # the service's own checks come once every cell is good
    source = workbook(POSTING_COLUMNS, posting_row(employer, occupation, wage_min=5000))
    assert refused(imports.import_postings, source=source, user=clerk) == [
        (2, "最高月工资（元）", "最高工资低于最低工资。")
    ]


def test_a_posting_for_school_leavers_names_the_place_it_is_offered_to(clerk, employer, occupation):
    row = posting_row(employer, occupation, for_school_leavers="是", offered_to="德保县")
    (posting,) = imports.import_postings(source=workbook(POSTING_COLUMNS, row), user=clerk)
    posting.refresh_from_db()
    assert posting.for_school_leavers and posting.offered_to.code == "451024"
    exported = load_workbook(
        io.BytesIO(workbooks.postings_workbook([posting])), read_only=True
    ).worksheets[0]
    rows = [list(r) for r in exported.iter_rows(values_only=True)]
    assert rows[0] == header(POSTING_COLUMNS)
    by_key = dict(zip([c.key for c in POSTING_COLUMNS], rows[1], strict=False))
    assert (by_key["offered_to"], by_key["for_school_leavers"]) == ("451024 德保县", "是")

    source = workbook(POSTING_COLUMNS, posting_row(employer, occupation, for_school_leavers="是"))
    assert refused(imports.import_postings, source=source, user=clerk) == [
        (2, "面向地区（受援地）", "适合两后生的岗位须写明面向哪个受援地区。")
    ]


def test_a_posting_outside_the_scope_is_refused(make_user, employer, occupation):
    elsewhere = make_user("clerk", scope=["451228"])
    source = workbook(POSTING_COLUMNS, posting_row(employer, occupation))
    ((row, column, _message),) = refused(imports.import_postings, source=source, user=elsewhere)
    assert (row, column) == (2, "用人单位")


# --- trainees of a class


@pytest.fixture
def training_class(clerk):
    return services.training_class_create(
        actor=clerk, name="德保县电工培训班", kind="skills",
        place=Place.objects.get(code="451024"), starts_on=date(2019, 3, 1),
        ends_on=date(2019, 3, 20),
    )  # fmt: skip


def test_trainees_are_enrolled_and_completed_or_nothing(clerk, village, training_class):
    first, second = register(clerk, 1, village), register(clerk, 2, village)
    source = workbook(
        TRAINEE_COLUMNS,
        {"identity": number(1), "name": first.name, "completed": "是", "certificate": "电工证"},
        {"identity": number(2), "completed": ""},
    )
    created = imports.import_trainees(source=source, user=clerk, training_class=training_class)
    assert [(t.worker, t.completed, t.certificate) for t in created] == [
        (first, True, "电工证"), (second, False, ""),
    ]  # fmt: skip

    source = workbook(
        TRAINEE_COLUMNS,
        {"identity": number(1)},  # in the class already
        {"identity": number(3)},  # nobody registered
        {"identity": number(2), "name": "别人"},
    )
    errors = refused(
        imports.import_trainees, source=source, user=clerk, training_class=training_class
    )
    assert errors == [
        (2, "身份证号码", f"{first.name} 已在本培训班。"),
        (3, "身份证号码", "没有以此身份证号码登记的劳动力；请先登记。"),
        (4, "姓名", f"此身份证号码的劳动力登记的姓名是{second.name}。"),
    ]
    assert Trainee.objects.filter(training_class=training_class).count() == 2

    # the list at the class's end: who completed it, of those enrolled at its start
    row = {"identity": number(2), "completed": "是", "found_job_on": "2019-04-01"}
    source = workbook(TRAINEE_COLUMNS, row)
    (completed,) = imports.import_trainees(source=source, user=clerk, training_class=training_class)
    completed.refresh_from_db()
    assert (completed.worker, completed.completed, completed.found_job_on) == (
        second, True, date(2019, 4, 1),
    )  # fmt: skip
    assert Trainee.objects.filter(training_class=training_class).count() == 2


# --- placements


def test_placements_import_with_the_fair_or_not_at_all(clerk, village, employer, occupation):
    worker = register(clerk, 1, village)
    other = register(clerk, 2, village)
    fair = services.job_fair_record(
        actor=clerk, name="德保县春风行动招聘会", held_on=date(2019, 2, 20),
        place=Place.objects.get(code="451024"),
    )  # fmt: skip
    posting = services.posting_create(
        actor=clerk, **{k: v for k, v in {
            "employer": employer, "title": "装配工", "occupation": occupation,
            "place_of_work": Place.objects.get(code="451024"), "openings": 2, "wage_min": 3000,
            "wage_max": 4000, "valid_from": date(2019, 1, 1), "valid_to": date(2019, 12, 31),
        }.items()},
    )  # fmt: skip
    source = workbook(
        PLACEMENT_COLUMNS,
        {"identity": number(1), "posting": posting.uid, "started_on": "2019-03-01",
         "channel": "组织输出", "fair": fair.name},
        {"identity": number(2), "employer": "东莞某厂", "place_of_work": "4419",
         "occupation": occupation.code, "started_on": "2019-04-01", "channel": "self_found",
         "monthly_income": 4500},
    )  # fmt: skip
    first, second = imports.import_placements(source=source, user=clerk)
    assert (first.worker, first.posting, first.fair, first.channel) == (
        worker, posting, fair, "organised",
    )  # fmt: skip
    assert (second.worker, second.spell.employer_name, second.destination) == (
        other, "东莞某厂", "helper",
    )  # fmt: skip

    source = workbook(
        PLACEMENT_COLUMNS,
        {"identity": number(3), "place_of_work": "4419", "employer": "某厂",
         "started_on": "2019-05-01", "channel": "organised"},
        {"identity": number(1), "posting": "NOSUCH", "started_on": "2019-05-01",
         "channel": "organised"},
        {"identity": number(2), "place_of_work": "4419", "employer": "某厂",
         "started_on": "2019-05-01", "channel": "随便", "fair": "没有的招聘会"},
    )  # fmt: skip
    before = Placement.objects.count()
    errors = refused(imports.import_placements, source=source, user=clerk)
    assert Placement.objects.count() == before
    assert errors == [
        (2, "身份证号码", "没有以此身份证号码登记的劳动力；请先登记。"),
        (3, "岗位编号", "没有编号为“NOSUCH”的岗位。"),
        (4, "渠道", "“随便”不是允许的取值。"),
        (4, "招聘会", "没有名为“没有的招聘会”的招聘会。"),
    ]
    assert JobFair.objects.filter(pk=fair.pk).exists()


def test_a_placement_of_a_worker_outside_the_scope_is_refused(clerk, make_user):
    home = Place.objects.filter(code__startswith="451228").order_by("-level").first()
    register(make_user("administrator"), 1, home)
    source = workbook(
        PLACEMENT_COLUMNS,
        {"identity": number(1), "place_of_work": "4419", "employer": "某厂",
         "started_on": "2019-05-01", "channel": "organised"},
    )  # fmt: skip
    ((row, column, message),) = refused(imports.import_placements, source=source, user=clerk)
    assert (row, column) == (2, "身份证号码") and "不在您的范围内" in message


# --- exports


def opened(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workers_export_masks_and_keeps_the_filters(client_for, village):
    client = client_for("viewer", scope=["451024"])
    admin = client.user
    register(admin, 1, village, phone="13800138000")
    services.worker_register(
        actor=admin, identity=number(2), name="韦不穷", home=village, poverty_status="not_poor"
    )
    rows = opened(client.get("/labour/excel/workers/", {"name": "韦", "poverty_status": "poor"}))
    head, body = rows[0], rows[1:]
    assert head[:3] == ["编号 (uid)", "姓名 (name)", "身份证号码 (identity)"]
    found = {row[1]: row for row in body}
    assert "韦已登记1" in found and "韦不穷" not in found
    identity, phone = found["韦已登记1"][2], found["韦已登记1"][head.index("电话 (phone)")]
    assert identity == mask_identity(number(1)) and number(1) not in str(rows)
    assert phone == "138****8000"
    assert not PersonalDataView.objects.filter(user=client.user).exists()
    # a viewer may not ask for the numbers in full
    assert client.get("/labour/excel/workers/", {"unmasked": "1"}).status_code == 403


def test_the_unmasked_export_shows_the_scope_in_full_and_is_recorded(
    client_for, village, make_user
):
    client = client_for("clerk", scope=["451024"])
    admin = make_user("administrator")
    mine = register(admin, 1, village)
    home = Place.objects.filter(code__startswith="451228").order_by("-level").first()
    theirs = register(admin, 2, home)
    rows = opened(client.get("/labour/excel/workers/", {"name": "韦已登记", "unmasked": "1"}))
    identities = {row[1]: row[2] for row in rows[1:]}
    assert identities[mine.name] == number(1)  # in the clerk's scope: in full
    assert identities[theirs.name] == mask_identity(number(2))  # outside: masked
    (record,) = PersonalDataView.objects.filter(user=client.user)
    assert (record.action, record.model, record.object_ids) == (
        "export", "labour.Worker", [mine.pk],
    )  # fmt: skip
    assert "unmasked=1" in record.where and "name=" in record.description


def test_text_that_looks_like_a_formula_stays_text(client_for, village):
    client = client_for("clerk", scope=["451024"])
    services.worker_register(
        actor=client.user, identity=number(1), name="=HYPERLINK(\"http://x\",\"点\")",
        home=village, poverty_status="poor", skills="=1+1",
    )  # fmt: skip
    response = client.get("/labour/excel/workers/", {"name": "HYPERLINK"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    name, skills = sheet.cell(row=2, column=2), sheet.cell(row=2, column=10)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x","点")', "s")
    assert (skills.value, skills.data_type) == ("=1+1", "s")


def test_the_placements_export_has_the_follow_ups_and_the_filters(client_for, village):
    client = client_for("clerk", scope=["451024"])
    worker = register(client.user, 1, village)
    started = timezone.localdate() - timedelta(days=120)
    placement = services.placement_record(
        actor=client.user, worker=worker, started_on=started, channel="organised",
        job=services.Job(place_of_work=Place.objects.get(code="4419"), employer_name="=某厂"),
    )  # fmt: skip
    checked = services.follow_up_due(placement, 3)
    services.follow_up_record(
        actor=client.user, placement=placement, months=3, checked_on=checked, employed=True
    )
    rows = opened(client.get("/labour/excel/placements/", {"place": "451024",
                                                           "year": started.year}))  # fmt: skip
    head = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == placement.uid]
    assert row[1] == mask_identity(number(1)) and row[head.index("用人单位 (employer)")] == "=某厂"
    assert row[head.index("3个月回访 (follow_up_3)")] == f"仍在岗（{checked.isoformat()}核实）"
    due6 = services.follow_up_due(placement, 6)
    assert row[head.index("6个月回访 (follow_up_6)")] == f"{due6.isoformat()}到期"
    elsewhere = opened(client.get("/labour/excel/placements/", {"place": "451228"}))
    assert placement.uid not in [r[0] for r in elsewhere[1:]]


def test_the_postings_and_trainees_exports_open(client_for, village, training_class):
    client = client_for("viewer", scope=["451024"])
    worker = register(training_class.created_by, 1, village)
    services.trainee_enrol(training_class=training_class, worker=worker)
    rows = opened(client.get(f"/labour/excel/training/{training_class.uid}/trainees/"))
    assert rows[1][:3] == [mask_identity(number(1)), worker.name, "否"]
    assert opened(client.get("/labour/excel/postings/"))[0][0] == "编号 (uid)"


def test_each_template_has_its_columns_and_an_example(client_for):
    client = client_for("viewer", scope=["451024"])
    for register_, columns in (
        ("workers", WORKER_COLUMNS), ("postings", POSTING_COLUMNS),
        ("placements", PLACEMENT_COLUMNS), ("trainees", TRAINEE_COLUMNS),
    ):  # fmt: skip
        rows = opened(client.get(f"/labour/excel/{register_}/template/"))
        assert rows[0] == header([c for c in columns if c.imported])


def test_the_lists_link_to_their_exports_and_imports(client_for, training_class):
    clerk = client_for("clerk", scope=["451024"])
    page = clerk.get("/labour/", {"place": "451024"}).content.decode()
    assert 'href="/labour/excel/workers/?place=451024"' in page
    assert 'href="/labour/excel/workers/?place=451024&amp;unmasked=1"' in page
    assert 'href="/labour/excel/workers/import/"' in page
    for list_page, import_page in (
        ("/labour/postings/", "/labour/excel/postings/import/"),
        ("/labour/placements/", "/labour/excel/placements/import/"),
        ("/labour/training/", f"/labour/excel/training/{training_class.uid}/trainees/import/"),
    ):
        assert f'href="{import_page}"' in clerk.get(list_page).content.decode()
        form = clerk.get(import_page)
        assert form.status_code == 200 and 'id="import-template"' in form.content.decode()
    viewer = client_for("viewer", scope=["451024"])
    page = viewer.get("/labour/").content.decode()
    assert 'href="/labour/excel/workers/?"' in page
    assert "unmasked=1" not in page and "/labour/excel/workers/import/" not in page
    assert viewer.get("/labour/excel/postings/import/").status_code == 403
