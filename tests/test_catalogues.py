"""Every catalogue says what English says: the same keys, the same placeholders, and for a
plural message every form the language's CLDR plural rules ask for.

A catalogue is `cpkit/i18n/<tag>.yaml` (the published plan's and `init`'s words) or
`cpkit/i18n/<domain>/<tag>.yaml` (cli, rules, forms, ... : one folder per domain). A
translator who adds a language or a message runs this test; docs/translating.md says how.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpkit.core.language import (
    I18N,
    LOCALES,
    PLURAL_CATEGORIES,
    catalogue_keys,
    language,
    placeholders,
)


def domains() -> list[str]:
    """ "" for cpkit/i18n/*.yaml, else the name of each folder cpkit/i18n/*/ with an en.yaml."""
    return ["", *sorted(p.parent.name for p in I18N.glob("*/en.yaml"))]


def files(domain: str) -> list[Path]:
    folder = I18N / domain if domain else I18N
    return sorted(folder.glob("*.yaml"))


CASES = [(d, p.stem) for d in domains() for p in files(d) if p.stem != "en"]


def test_every_domain_has_a_catalogue_per_language() -> None:
    for domain in domains():
        assert {p.stem for p in files(domain)} == set(LOCALES), domain or "render"


def test_every_catalogue_is_checked() -> None:
    # cli is the commands' own words; the other domains are checked the same way
    assert ("cli", "cs") in CASES and ("cli", "zh-Hant") in CASES and ("", "cs") in CASES


def _plural(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and value.keys() <= PLURAL_CATEGORIES


@pytest.mark.parametrize(("domain", "tag"), CASES, ids=[f"{d or 'render'}-{t}" for d, t in CASES])
def test_catalogue_has_the_keys_and_placeholders_of_english(domain: str, tag: str) -> None:
    english = catalogue_keys(domain, "en")
    other = catalogue_keys(domain, tag)
    assert sorted(set(english) - set(other)) == [], f"keys missing from {tag}"
    assert sorted(set(other) - set(english)) == [], f"keys English lacks in {tag}"
    differ = [
        (key, sorted(placeholders(english[key])), sorted(placeholders(other[key])))
        for key in english
        if placeholders(english[key]) != placeholders(other[key])
    ]
    assert differ == [], "placeholders differ from English"


@pytest.mark.parametrize(("domain", "tag"), CASES + [(d, "en") for d in domains()])
def test_plural_messages_have_every_form_the_language_needs(domain: str, tag: str) -> None:
    """cs needs one (1), few (2–4), many (1,5) and other (5); zh-Hant only other; en one and
    other: what CLDR's plural rules of the language can choose."""
    needed = set(language(tag).locale.plural_form.tags) | {"other"}
    for key, value in catalogue_keys(domain, tag).items():
        if _plural(value):
            assert set(value) >= needed, (key, sorted(needed - set(value)))
            assert set(value) <= needed, (key, "forms the language never uses", set(value) - needed)


def test_a_catalogue_that_drifts_fails() -> None:
    """The check itself: a key missing and a placeholder renamed are found."""
    english = {"a": "x {n}", "b": {"one": "{count} file", "other": "{count} files"}}
    drifted = {"a": "x {m}"}
    assert set(english) - set(drifted) == {"b"}
    assert placeholders(english["a"]) != placeholders(drifted["a"])
    assert placeholders(english["b"]) == {"count"}


def test_czech_plural_forms_are_chosen_by_count() -> None:
    cs = language("cs")
    # 1 soubor, 3 soubory, 7 souborů: the three forms of Czech
    assert cs.t("rollup.wrote", "cli", count=1, output="x") == "Zapsán 1 soubor do x"
    assert cs.t("rollup.wrote", "cli", count=3, output="x") == "Zapsány 3 soubory do x"
    assert cs.t("rollup.wrote", "cli", count=7, output="x") == "Zapsáno 7 souborů do x"
