"""Content typed by staff in Vietnamese with an optional English text beside it (questions,
choices, feedback categories, codes of conduct): the English one on an English page when it is
filled in, the Vietnamese one otherwise."""

from __future__ import annotations

from django.utils import translation


def english() -> bool:
    return (translation.get_language() or "vi").split("-")[0] == "en"


def shown(vietnamese: str, english_text: str) -> str:
    """The text for the page's language, falling back to the Vietnamese."""
    return english_text if english_text and english() else vietnamese


def shown_list(vietnamese: list[str], english_texts: list[str]) -> list[str]:
    """Items of a list one by one (choices): each English item that is given, else the
    Vietnamese one at the same place."""
    if not english():
        return list(vietnamese)
    english_texts = english_texts or []
    return [
        english_texts[i] if i < len(english_texts) and english_texts[i] else item
        for i, item in enumerate(vietnamese)
    ]
