"""The assessment cycle as its users meet it, in a real Chromium against gunicorn on the
demo (with a test method added, the demo shipping none yet): the programme's coordinator
opens 2017 for Debao; Debao's clerk answers, attaches the meeting's minutes, scores the
innovation and submits; Shenzhen (Nanshan helps Debao) comments; Baise's approver
cross-verifies, lowering a score with a reason; the coordinator approves and publishes —
and a reader of Guangxi sees the grade on the results."""

import re
import subprocess

import pytest

from tests.live_server import BIN

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.browser

METHOD = "browser-2017"
MAKE_METHOD = (
    "from xiezuo.reports.assessment.tests.factories import method; "
    f"from xiezuo.reports.assessment.models import Method; "
    f"Method.objects.filter(code='{METHOD}').exists() or method('{METHOD}')"
)


@pytest.fixture
def test_method(live):
    subprocess.run([str(BIN / "xiezuo"), "shell", "-c", MAKE_METHOD], env=live.env,
                   cwd=live.var, check=True, capture_output=True)  # fmt: skip
    return METHOD


def step(page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def test_an_assessment_goes_through_its_steps_to_a_published_grade(page, test_method, tmp_path,
                                                                    screenshot):  # fmt: skip
    sign_in(page, "coordinator")
    page.goto("/assessments/open/")
    page.select_option("#open-form select[name=method]", METHOD)
    page.fill("#open-form input[name=year]", "2017")
    page.fill("#open-form input[name=within]", "451024")
    step(page, "#open-form")
    page.locator("#assessments a", has_text="德保县").click()
    page.wait_for_url(re.compile(r".*/assessments/\w{11}/$"))
    uid_url = page.url
    assert page.locator("#status").inner_text() == "自评中"
    sign_out(page)

    sign_in(page, "clerk")
    page.goto(uid_url)
    minutes = tmp_path / "联席会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    page.fill("#evidence-form input[name=title]", "联席会议纪要")
    page.select_option("#evidence-form select[name=criterion]", label="召开联席会议")
    page.set_input_files("#evidence-form input[name=file]", str(minutes))
    step(page, "#evidence-form")
    # submitting without answering is refused, naming the criterion
    page.click("#submit-self")
    page.wait_for_load_state()
    assert "召开联席会议：请回答是或否" in page.locator("#errors").inner_text()
    page.select_option("#criterion-meeting select", "yes")
    page.fill("#criterion-innovation input", "20")
    page.fill("textarea[name=narrative]", "德保县全面完成年度协作任务。")
    with page.expect_navigation():
        page.click("#submit-self")
    assert page.locator("#status").inner_text() == "自评已提交"
    sign_out(page)

    sign_in(page, "shenzhen")
    page.goto(uid_url)
    page.fill("#comment-form textarea", "南山区认可德保县自评。")
    step(page, "#comment-form")
    assert "南山区认可德保县自评。" in page.locator("#partner-comment").inner_text()
    sign_out(page)

    sign_in(page, "approver")
    page.goto(uid_url)
    page.fill("#criterion-innovation input[name^=verified]", "15")
    page.click("#verify")
    page.wait_for_load_state()
    assert "调整得分须说明理由" in page.locator("#errors").inner_text()
    page.fill("#criterion-innovation input[name^=verified]", "15")
    page.fill("#criterion-innovation input[name^=reason]", "创新案例材料不足")
    with page.expect_navigation():
        page.click("#verify")
    assert page.locator("#status").inner_text() == "已交叉核查"
    assert "创新案例材料不足" in page.locator("#criterion-innovation").inner_text()
    sign_out(page)

    sign_in(page, "coordinator")
    page.goto(uid_url)
    step(page, "#approve-form")
    step(page, "#publish-form")
    assert page.locator("#status").inner_text() == "已公布"
    grade = page.locator("#grade").inner_text()
    assert grade in ("好", "较好", "一般", "较差")
    assert page.locator("#steps tbody tr").count() == 5
    screenshot(page, "assessment-published")
    sign_out(page)

    sign_in(page, "viewer")
    page.goto(f"/assessments/results/?method={METHOD}&year=2017")
    row = page.locator("#result-451024")
    assert row.locator(".grade").inner_text() == grade and row.locator(".rank").inner_text() == "1"
    screenshot(page, "assessment-results")
