"""The shipped record reproduces the seed article's figures from the demo data."""

from __future__ import annotations

import pytest

from .conftest import report_text

pytestmark = pytest.mark.django_db

# the seed's figures, as the article writes them (广西日报 2018-06-14)
SEED_TEXTS = [
    "捐款捐物共计20多亿元",
    "第三次" and "3次粤桂扶贫协作联席会议",
    "12万亩", "年供应广东蔬菜25万吨以上",
    "展销、对接活动4场", "成功签约项目61个", "计划总投资276.5亿元",
    "共引进6个农业产业扶贫项目", "计划总投资56.7亿元",
    "入区企业达320家", "工业总产值171.83亿元", "到位资金78.05亿元",
    "提供4个免租", "13家农业合作社", "面积5.12万亩",
    "135场扶贫劳务招聘会", "培训班237期", "培训1.8万多人次", "其中贫困人口1.4万多人次",
    "梳理了5万多个", "共有949名", "新增引导5.59万贫困劳动力", "帮助1.7万多人实现就业脱贫",
    "选派71名干部", "选派162名专业技术人才", "广西选派92名干部", "其中有33名贫困县",
    "举办3期扶贫干部培训班", "业务骨干227人次", "举办5期贫困村致富带头人", "培训学员483人次",
    "签订种植养殖意向书954份",
    "共举办培训班7期", "培训学员700多人", "签订种养意向书954份", "将216人培育成",
    "实习基地14个", "广西大学6名", "有56名", "资助贫困高中生750人", "贫困职校生238人",
    "培训中职校长50名", "15家县级综合医院", "各派45名、45名", "选送65名",
    "明确28个旅游", "83个景区", "接待广东游客4929.12万人次", "同比增长66.68%",
    "社会帮扶资金已达1.83亿元", "捐赠款项1亿元", "捐款2300多万元", "教学物资2200多万元",
    "超过2000万元", "累计捐款19万元",
    "广西33个贫困县", "82个贫困乡镇", "106个贫困村",
]  # fmt: skip


@pytest.mark.parametrize("text", SEED_TEXTS)
def test_the_record_for_guangxi_as_of_june_2018_says_the_seeds_figure(guangxi_record, text):
    assert text in report_text(guangxi_record)


def test_the_record_has_an_introduction_and_a_section_per_area(guangxi_record):
    headings = [s.heading for s in guangxi_record.sections]
    assert headings == [
        "引言", "组织领导", "资金支持", "产业合作与投资", "劳务协作", "人才交流",
        "消费扶贫", "教育和医疗卫生", "社会帮扶", "携手奔小康",
    ]  # fmt: skip
    title = "携手共圆小康梦——粤桂推动东西扶贫协作纪实（2018年6月）"  # the article's own
    assert guangxi_record.title == title


def test_every_figure_in_the_html_links_to_its_pivot(guangxi_record):
    from xiezuo.reports.progress.vocabulary import Paragraph

    labour = next(s for s in guangxi_record.sections if s.heading == "劳务协作")
    html = str(next(b for b in labour.blocks if isinstance(b, Paragraph)).html)
    assert (
        '<a class="fig" href="/pivot/?dx=workers_placed%5Bpoverty%3Dpoor%5D'
        "&amp;pe=2017%3B201801%3B201802%3B201803&amp;ou=45" in html
    )
    assert ">5.59万</a>" in html


def test_the_figures_agree_with_the_key_figures_from_the_analytics():
    """Each key figure (the seed's, on /figures/) asked through the template language
    gives the value the analytics give it."""
    from xiezuo.reports.models import Figure
    from xiezuo.reports.progress.scope import parse_period, scope_get
    from xiezuo.reports.progress.vocabulary import Figures
    from xiezuo.reports.selectors import figure_value

    figures = Figures(scope_get(place="45"), parse_period("2018"), unapproved_within=None)
    checked = 0
    for figure in Figure.objects.filter(growth=False):
        ours = figures.value(figure.item, place=figure.places, period=";".join(figure.period_ids))
        assert ours == figure_value(figure, unapproved_within=None).value, figure.code
        checked += 1
    assert checked > 50
