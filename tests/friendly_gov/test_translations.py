"""English is the second language: every Vietnamese string has a reviewed translation."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated_and_none_is_fuzzy():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [
        m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and message.python_format:
            assert message.check() == [], message.id
