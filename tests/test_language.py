"""Formats come from CLDR (Babel): the forms below are what each language's readers write."""

from __future__ import annotations

import pytest

from cpkit.core.language import UnknownLanguage, language, resolve, user_language

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("tag", "money", "percent"),
    [
        # Czech writes the symbol after the amount, groups with a no-break space, and puts a
        # no-break space before %; Hong Kong writes HK$ before the amount. A currency code
        # of letters is kept from the digits by a no-break space (CLDR's currencySpacing).
        ("cs", f"3{NBSP}848{NBSP}250{NBSP}Kč", f"63{NBSP}%"),
        ("en", f"CZK{NBSP}3,848,250", "63%"),
        ("zh-Hant", f"CZK{NBSP}3,848,250", "63%"),
    ],
)
def test_money_and_percent_follow_the_locale(tag: str, money: str, percent: str) -> None:
    lang = language(tag)
    assert lang.money(3848250, "CZK") == money
    assert lang.percent(62.5) == percent  # half up: 62.5 → 63, not Python's 62


def test_whole_amounts_have_no_decimals_and_cents_keep_two() -> None:
    zh = language("zh-Hant")
    assert zh.money(1_200_000, "HKD") == "HK$1,200,000"
    assert zh.money(12.5, "HKD") == "HK$12.50"


def test_formats_kept_for_reuse_do_not_leak_into_each_other() -> None:
    """A Language keeps its parsed patterns and the dates it wrote (a plan repeats them in
    thousands of cells): a whole amount then cents, cents then a whole amount, a day then
    its month and year each come out as they do alone."""
    cs = language("cs")
    assert [cs.money(2, "CZK"), cs.money(1.5, "CZK"), cs.money(3, "CZK")] == [
        f"2{NBSP}Kč", f"1,50{NBSP}Kč", f"3{NBSP}Kč",
    ]  # fmt: skip
    assert [cs.percent(12.34, 1), cs.percent(12.34), cs.percent(12.34, 1)] == [
        f"12,3{NBSP}%", f"12{NBSP}%", f"12,3{NBSP}%",
    ]  # fmt: skip
    assert [cs.number(1234.5), cs.number(1234), cs.number(1234.5, 2)] == [
        f"1{NBSP}234,5", f"1{NBSP}234", f"1{NBSP}234,50",
    ]  # fmt: skip
    assert [cs.date(2025, 3, 4), cs.date(2025, 3), cs.date(2025), cs.date(2025, 3, 4)] == [
        "4. března 2025", "březen 2025", "2025", "4. března 2025",
    ]  # fmt: skip


def test_czech_has_three_plural_forms() -> None:
    cs = language("cs")
    # 1 chyba, 2–4 chyby, 5 chyb, 22 chyb (Czech, unlike Polish, does not repeat "few"
    # after 20), 1,5 chyby (CLDR's "many" is for decimals)
    assert [cs.plural(n) for n in (1, 2, 4, 5, 22, 1.5)] == [
        "one", "few", "few", "other", "other", "many",
    ]  # fmt: skip


def test_dates_as_precise_as_written() -> None:
    assert language("cs").date(2025, 3, 4) == "4. března 2025"
    assert language("zh-Hant").date(2025, 3) == "2025年3月"
    assert language("en").date(2025) == "2025"


def test_chinese_lists_and_labels_use_full_width_marks() -> None:
    zh = language("zh-Hant")
    assert zh.join(["匯港家庭服務社", "區內中小學"]) == "匯港家庭服務社、區內中小學"
    assert zh.label("協調小組", "社會福利署") == "協調小組：社會福利署"
    assert zh.paren("聯合") == "（聯合）"
    assert language("en").join(["a", "b"]) == "a, b"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "cs_CZ.UTF-8"}, "cs"),
        ({"LC_ALL": "C", "LANG": "cs_CZ.UTF-8"}, "en"),  # LC_ALL wins, and C is English
        ({"LC_MESSAGES": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # a language cpkit does not speak
        ({}, "en"),
    ],
)
def test_user_language_from_the_environment(env: dict[str, str], expected: str) -> None:
    assert user_language(env) == expected


def test_unknown_language_is_refused() -> None:
    assert resolve("cs-CZ") == "cs"
    with pytest.raises(UnknownLanguage):
        resolve("klingon")
