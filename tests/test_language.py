from django.utils import translation

from xiezuo.accounts.models import User
from xiezuo.language import period_label, pick
from xiezuo.periods import parse


def test_the_chinese_text_is_shown_unless_the_reader_chose_english():
    assert pick("德保县", "Debao") == "德保县"
    with translation.override("en"):
        assert pick("德保县", "Debao") == "Debao"


def test_a_period_is_written_in_the_readers_language():
    assert period_label(parse("201805")) == "2018年5月"
    assert period_label(parse("2018Q2")) == "2018年第二季度"
    with translation.override("en"):
        assert period_label(parse("201805")) == "May 2018"


def test_a_user_is_called_by_the_full_name_else_the_username():
    assert User(username="clerk", first_name="", last_name="").display_name == "clerk"
    assert User(username="clerk", first_name="明", last_name="李").display_name == "明 李"


def test_text_in_the_other_language_is_marked_with_its_language():
    from xiezuo.web.templatetags.xiezuo import in_own_language

    assert in_own_language("德保县<b>") == "德保县&lt;b&gt;"  # a Chinese page: as it is
    assert in_own_language("TALENT") == "TALENT"
    with translation.override("en"):
        assert in_own_language("德保县<b>") == '<span lang="zh-Hans">德保县&lt;b&gt;</span>'
        assert in_own_language("Debao County") == "Debao County"
        assert in_own_language("451024") == "451024"
        assert in_own_language(None) == ""
