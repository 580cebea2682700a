"""Chinese pages and messages carry no English word: a period type, a status or a
label inserted into a Chinese sentence is translated too. Codes, units and the names
of formats and standards (DHIS2, Excel, CSV…) are allowed, and so are literals a
message quotes from its English source (a parameter name, a code)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.utils import translation

from xiezuo import periods
from xiezuo.indicators.models import PERIOD_TYPE_CHOICES, period_type_label

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
ALLOWED = frozenset(
    [
        "DHIS",
        "API",
        "Excel",
        "CSV",
        "JSON",
        "IATI",
        "ADX",
        "XML",
        "PDF",
        "URL",
        "UID",
        "HTTP",
        "HTTPS",
        "CSRF",
        "UTF",
        "YYYY",
        "PNG",
        "JPEG",
        "GIF",
        "ZIP",
        "RAR",
        "Office",
        "Word",
        "Ctrl",
        "Mac",
        "xlsx",
        "gzip",
        "Xiezuo",
    ]
)
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]{3,}(?![A-Za-z0-9_])")


def english_words(text: str, source: str = "") -> set[str]:
    """The English words of a Chinese text, but those allowed, those quoted from `source`
    and identifiers (camelCase: dataValueSets, orgUnit)."""
    text = re.sub(r"%\(\w+\)[-#0 +]*\d*[sdifxX]|%[sd]|https?://\S+|</?\w+>", "", text)
    return {
        w
        for w in WORD.findall(text)
        if w not in ALLOWED
        and not re.search(r"[a-z][A-Z]", w)
        and not re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", source)
    }


def test_no_chinese_translation_holds_an_english_word():
    found = {
        entry.msgstr: words
        for entry in polib.pofile(str(PO))
        if entry.msgstr and not entry.obsolete
        for words in [english_words(entry.msgstr, entry.msgid)]
        if words
    }
    assert found == {}


def test_english_words_are_found_where_they_do_not_belong():
    # the check itself: an untranslated period type in a Chinese sentence is caught
    assert english_words("报表“劳务”按Yearly报告", "is reported %(type)s") == {"Yearly"}
    assert english_words("请发送 application/json", "Send application/json") == set()


@pytest.mark.parametrize("name", [name for name, _label in PERIOD_TYPE_CHOICES])
def test_every_message_naming_a_period_type_reads_chinese(name):
    """The messages that insert a period type, with each type, read as Chinese: no
    English word and no space between two Chinese words."""
    from django.utils.translation import gettext as _

    with translation.override("zh-hans"):
        values = {
            "data_set": "劳务协作",
            "element": "培训人数",
            "period": "2019Q2",
            "type": period_type_label(periods.PeriodType.from_name(name)),
            "types": period_type_label(name),
        }
        messages = [
            _("%(data_set)s is reported %(type)s; “%(period)s” is not such a period") % values,
            _("%(element)s is reported %(types)s; “%(period)s” is a %(type)s period") % values,
            _("%(data_set)s is reported %(type)s: give periods of that type or longer.") % values,
            _("the data set %(data_set)s is reported %(type)s; “%(period)s” is not") % values,
        ]
    for message in messages:
        assert CJK.search(message), message
        assert english_words(message) == set(), message
        assert not re.search(rf"{CJK.pattern} +{CJK.pattern}", message), message


class _Text(HTMLParser):
    """The texts of a page, but those of code, scripts and styles."""

    SKIP = frozenset({"script", "style", "code", "pre", "kbd", "samp", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label") and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.texts.append(data.strip())


@pytest.mark.parametrize(
    "path",
    [
        "/data/",
        "/data/?data_set=LABOUR&place=451024&period=2019Q2",  # refused: another period type
        "/data/entry/LABOUR/451024/201906/",
        "/data/import/",
    ],
)
def test_the_entry_pages_in_chinese_hold_no_english_word(debao_clerk, clerk, path):
    page = debao_clerk.get(path)
    assert page.status_code in (200, 422)
    parser = _Text()
    parser.feed(page.content.decode())
    # the signed-in user's name (clerk-1 · 填报员) is theirs, not a message
    chinese = [t for t in parser.texts if CJK.search(t) and clerk.username not in t]
    assert chinese
    assert {t: english_words(t) for t in chinese if english_words(t)} == {}
