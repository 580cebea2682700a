"""A place's English form: pinyin for the name, English for the kind of division."""

import pytest
from pypinyin import Style, lazy_pinyin

from xiezuo.places.divisions import read_level
from xiezuo.places.romanization import PLACE_READINGS, _syllables, english_name


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("德保县", "Debao County"),
        ("百色市", "Baise City"),
        ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
        ("广东省", "Guangdong Province"),
        ("大化瑶族自治县", "Dahua Yao Autonomous County"),
        ("龙胜各族自治县", "Longsheng Multi-ethnic Autonomous County"),
        ("右江区", "Youjiang District"),
        ("城关镇", "Chengguan Town"),
        ("东凌乡", "Dongling Township"),
        ("城关街道", "Chengguan Subdistrict"),
        ("东风村委会", "Dongfeng Village"),
        ("东贺堡村村民委员会", "Donghebao Village"),
        ("凤凰社区居委会", "Fenghuang Community"),
        ("西安市", "Xi'an City"),  # apostrophe before a syllable starting with a, o or e
        ("长沙市", "Changsha City"),  # 长 read chang, from pypinyin's phrases
        ("长洲区", "Changzhou District"),  # from the table of place readings
        ("都安瑶族自治县", "Du'an Yao Autonomous County"),
        ("吕梁市", "Lüliang City"),
        ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
        ("市辖区", "City districts"),
    ],
)
def test_a_place_name_reads_in_pinyin_with_its_kind_in_english(name, english):
    assert english_name(name) == english


def test_the_fast_reading_agrees_with_pypinyin_on_real_township_names():
    names = [name for i, (_, name) in enumerate(read_level(4)) if i % 10 == 0]
    assert len(names) > 4000
    differ = [
        name
        for name in names
        if not any(place in name for place in PLACE_READINGS)  # corrected on purpose
        and _syllables(name) != lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)
    ]
    assert differ == []
