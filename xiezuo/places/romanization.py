"""A place's English form: its name in pinyin with the kind of division in English.

德保县 → "Debao County", 广西壮族自治区 → "Guangxi Zhuang Autonomous Region",
东风村委会 → "Dongfeng Village", 西安市 → "Xi'an City".

The rule: the longest known administrative suffix (省, 自治区, 市, 县, 区, 镇, 乡, 街道,
村委会 …, see SUFFIXES) is cut off and put in English; ethnic groups just before an
autonomous or ethnic suffix (壮族, 瑶族 …) become one word each; what is left is written
in pinyin without tones as one capitalised word, with an apostrophe before a syllable
that starts with a, o or e (Xi'an, Du'an). A name with no known suffix is pinyin only.

Readings come from pypinyin's dictionaries. Its `lazy_pinyin` costs about 75 µs a name,
which would add some 50 s to loading the whole country (665,276 places); `_syllables`
does the same work (each character's most common reading, corrected by the longest
known phrase) in a few microseconds and gives the same answer (tests/test_romanization
compares the two). PLACE_READINGS corrects the few place names whose reading differs
from the ordinary word (长洲 Changzhou, 都安 Du'an).
"""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

# Longest first: the first suffix the name ends with wins.
SUFFIXES: list[tuple[str, str]] = sorted(
    [
        ("省", "Province"),
        ("自治区", "Autonomous Region"),
        ("自治州", "Autonomous Prefecture"),
        ("自治县", "Autonomous County"),
        ("自治旗", "Autonomous Banner"),
        ("地区", "Prefecture"),
        ("盟", "League"),
        ("市", "City"),
        ("县", "County"),
        ("旗", "Banner"),
        ("区", "District"),
        ("新区", "New Area"),
        ("林区", "Forest District"),
        ("特区", "Special District"),
        ("开发区", "Development Zone"),
        ("镇", "Town"),
        ("乡", "Township"),
        ("民族乡", "Ethnic Township"),
        ("苏木", "Sumu"),
        ("街道", "Subdistrict"),
        ("街道办事处", "Subdistrict"),
        ("办事处", "Subdistrict"),
        ("农场", "Farm"),
        ("村", "Village"),
        ("村委会", "Village"),
        ("村民委员会", "Village"),
        ("嘎查", "Gacha"),
        ("社区", "Community"),
        ("居委会", "Community"),
        ("居民委员会", "Community"),
        ("社区居委会", "Community"),
        ("社区居民委员会", "Community"),
    ],
    key=lambda pair: -len(pair[0]),
)
# The suffixes by their last character: a name is checked against two or three, not 32.
_SUFFIXES_BY_LAST: dict[str, list[tuple[str, str]]] = {}
for _suffix, _english in SUFFIXES:
    _SUFFIXES_BY_LAST.setdefault(_suffix[-1], []).append((_suffix, _english))
# A village committee's name often repeats 村 or 社区 (东贺堡村村委会): cut it as well.
REPEATED = ("村", "社区")
# Whole names with a settled English form that pinyin does not give.
NAMES = {
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "陕西省": "Shaanxi Province",
    "市辖区": "City districts",
    "县": "Counties",
    "省直辖县级行政区划": "County-level divisions under the province",
    "自治区直辖县级行政区划": "County-level divisions under the autonomous region",
}
# Ethnic groups named in autonomous divisions; the others are written in pinyin.
ETHNIC_GROUPS = {
    "蒙古": "Mongol",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "朝鲜": "Korean",
    "各": "Multi-ethnic",
}
ETHNIC_NAMES = sorted(
    [
        *ETHNIC_GROUPS,
        *"回苗彝壮满侗瑶白傣黎佤畲水土羌怒京",
        *[
            "布依",
            "土家",
            "哈尼",
            "哈萨克",
            "傈僳",
            "高山",
            "拉祜",
            "东乡",
            "纳西",
            "景颇",
            "柯尔克孜",
            "达斡尔",
            "仫佬",
            "布朗",
        ],
        *[
            "撒拉",
            "毛南",
            "仡佬",
            "锡伯",
            "阿昌",
            "普米",
            "塔吉克",
            "乌孜别克",
            "俄罗斯",
            "鄂温克",
            "德昂",
            "保安",
            "裕固",
        ],
        *["塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"],
    ],
    key=len,
    reverse=True,
)
# Place names read otherwise than the ordinary word (pypinyin's reading in brackets).
PLACE_READINGS = {
    "长洲": ["chang", "zhou"],  # (zhang)
    "长治": ["chang", "zhi"],  # (zhang)
    "都安": ["du", "an"],  # (dou)
    "朝阳": ["chao", "yang"],  # (zhao)
    "东涌": ["dong", "chong"],  # (yong)
    "解州": ["xie", "zhou"],  # (jie)
    "单": ["shan"],  # 单县 (dan)
}


# Tone marks off (pypinyin's own style converter does the same, ten times slower).
_TONELESS = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿếề", "aaaaeeeeiiiioooouuuuüüüünnnmêê", "\u0300\u0301\u0304\u030c"
)


def _plain(syllable: str) -> str:
    return syllable.translate(_TONELESS)


@cache
def _reading(char: str) -> str:
    """The most common reading of one character, without tone (the character itself if
    it has none: digits, Latin letters, brackets)."""
    return lazy_pinyin(char, style=Style.NORMAL, v_to_u=True)[0]


@cache
def _heteronyms() -> frozenset[str]:
    """Characters with more than one toneless reading."""
    return frozenset(
        chr(point)
        for point, readings in pinyin_dict.items()
        if len({_plain(r) for r in readings.split(",")}) > 1
    )


@cache
def _phrases() -> dict[str, list[str]]:
    """pypinyin's phrases of two to four characters that hold a heteronym, toneless,
    with the place readings on top."""
    heteronyms = _heteronyms()
    table = {
        phrase: [_plain(readings[0]) for readings in syllables]
        for phrase, syllables in phrases_dict.items()
        if 2 <= len(phrase) <= 4 and any(c in heteronyms for c in phrase)
    }
    table.update(PLACE_READINGS)
    return table


def _syllables(text: str) -> list[str]:
    if text in PLACE_READINGS:
        return list(PLACE_READINGS[text])
    out = [_reading(c) for c in text]
    heteronyms = _heteronyms()
    if any(c in heteronyms for c in text):
        phrases = _phrases()
        i = 0
        while i < len(text):
            for length in (4, 3, 2):
                window = text[i : i + length]
                if len(window) == length and window in phrases:
                    out[i : i + length] = phrases[window]
                    i += length - 1
                    break
            i += 1
    return out


def pinyin_word(text: str) -> str:
    """Chinese text as one capitalised pinyin word: 德保 → "Debao", 西安 → "Xi'an"."""
    word = ""
    for syllable in _syllables(text):
        if word and syllable[:1] in ("a", "o", "e") and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def english_name(name: str) -> str:
    """The English form of a place's Chinese name (the module's docstring has the rule)."""
    name = name.strip()
    if name in NAMES:
        return NAMES[name]
    base, kind = name, ""
    for suffix, english in _SUFFIXES_BY_LAST.get(name[-1:], ()):
        if name.endswith(suffix) and len(name) > len(suffix):
            base, kind = name[: -len(suffix)], english
            break
    if kind:
        for repeated in REPEATED:
            if base.endswith(repeated) and len(base) > len(repeated):
                base = base[: -len(repeated)]
    groups: list[str] = []
    while base.endswith("族") and len(base) > 2:
        group = next((g for g in ETHNIC_NAMES if base[:-1].endswith(g)), None)
        if group is None or len(base) - 1 == len(group):
            break
        groups.insert(0, ETHNIC_GROUPS.get(group) or pinyin_word(group))
        base = base[: -1 - len(group)]
    return " ".join(part for part in [pinyin_word(base), *groups, kind] if part)
