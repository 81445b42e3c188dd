"""The wording of official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I), shared by every PDF:
the issuing body in full and on its lines, the place and date line, the signature block, and
typographic quotes. Pure functions of text and dates: each app gives its own data."""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path

from django.utils.translation import gettext as _
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
# The level words a unit's name starts with, longest first ("thành phố" before a bare word).
_LEVELS = ("THÀNH PHỐ", "THỊ TRẤN", "THỊ XÃ", "ĐẶC KHU", "PHƯỜNG", "HUYỆN", "QUẬN", "TỈNH", "XÃ")
_ABBREVIATED = re.compile(r"^(UBND|UỶ BAN NHÂN DÂN|ỦY BAN NHÂN DÂN)\s+", re.IGNORECASE)
# A signature's authority: "TM." (on behalf of a collective body), "KT." (deputy), "Q." (acting),
# "TL." and "TUQ." (by delegation).
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*")
_DEPUTY = re.compile(r"^(?P<authority>(?:KT|Q)\.\s*\S.*?)\s+(?P<own>PHÓ\s.*)$")


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def issuer_lines(issuer: str) -> list[str]:
    """The issuing body in full, on the lines it is printed on: "UBND TỈNH LẠNG SƠN" ->
    ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"]; a body that is not a People's Committee on one line."""
    text = _upper(issuer)
    if not text:
        return []
    if match := _ABBREVIATED.match(text):
        unit = text[match.end() :]
        return [PEOPLES_COMMITTEE, unit] if unit else [PEOPLES_COMMITTEE]
    return [text]


def is_peoples_committee(issuer: str) -> bool:
    return bool(_ABBREVIATED.match(_upper(issuer)))


def body_name(issuer: str) -> str:
    """The issuing body's full name inside a sentence: "UBND XÃ TIẾN ĐỨC" -> "Ủy ban nhân dân xã
    Tiến Đức" (the level word in small letters, the place's name capitalised)."""
    lines = issuer_lines(issuer)
    if not lines:
        return ""
    if lines[0] != PEOPLES_COMMITTEE:
        return lines[0][:1] + lines[0][1:].lower()
    if len(lines) == 1:
        return _("Ủy ban nhân dân")
    return _("Ủy ban nhân dân %(unit)s") % {"unit": unit_name(lines[1])}


def unit_name(unit: str) -> str:
    """ "XÃ TIẾN ĐỨC" or "Xã Tiến Đức" -> "xã Tiến Đức": a unit's name inside a sentence."""
    text = _upper(unit)
    for level in _LEVELS:
        if text.startswith(level + " "):
            return f"{level.lower()} {text[len(level) + 1 :].title()}"
    return text.title()


def official_month(day: datetime.date) -> str:
    """Days below 10 and the months January and February take a leading zero: "01", "02", "3"..."12"."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def place_and_date(place: str, day: datetime.date | None) -> str:
    """ "Lạng Sơn, ngày 16 tháng 01 năm 2025", "Bàu Bàng, ngày 08 tháng 8 năm 2017"; without a
    day, the line left to fill in by hand."""
    if day is None:
        return _("%(place)s, ngày     tháng     năm     ") % {"place": place}
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": official_month(day),
        "year": day.year,
    }


def title_lines(title: str) -> list[str]:
    """A signer's title as typed ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", or one per line), in capitals, one
    line each."""
    lines = []
    for part in re.split(r"\s*[/;\n]\s*", title.strip()):
        if not part.strip():
            continue
        text = _upper(part)
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH THƯỜNG TRỰC" typed on one line: the deputy's own title below.
        if (match := _DEPUTY.match(text)) and match["own"]:
            lines.extend([match["authority"], match["own"]])
        else:
            lines.append(text)
    return lines


def signature_lines(*, issuer: str, title: str, collective: bool) -> list[str]:
    """The lines above the signature: a document a People's Committee issues as a body (a report,
    an apology slip) is signed "TM. ỦY BAN NHÂN DÂN" then the signer's title ("CHỦ TỊCH", or
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"); a decision within the chairman's own power is not
    (`collective=False`)."""
    lines = title_lines(title)
    if collective and is_peoples_committee(issuer) and not (lines and lines[0].startswith("TM.")):
        lines = [f"TM. {PEOPLES_COMMITTEE}", *lines]
    return lines


def authority_title(title: str) -> str:
    """The signer's own office, without the authority mark: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" ->
    "CHỦ TỊCH" (whose power the deputy signs under)."""
    lines = title_lines(title)
    return _AUTHORITY.sub("", lines[0]) if lines else ""


def typographic_quotes(text: str) -> str:
    """Straight double quotes as the typographic pair: "5 biết" -> “5 biết”."""
    opened = False
    out = []
    for char in text:
        if char == '"':
            out.append("”" if opened else "“")
            opened = not opened
        else:
            out.append(char)
    return "".join(out)


_ABBREVIATIONS = (
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
)


def full_names(text: str) -> str:
    """Bodies named in full, as an official document names them: "Chủ tịch UBND xã Hoàng Đồng" ->
    "Chủ tịch Ủy ban nhân dân xã Hoàng Đồng"."""
    for pattern, name in _ABBREVIATIONS:
        text = pattern.sub(name, text)
    return text


def lower_first(text: str) -> str:
    """A phrase continued inside a sentence: "Đã có thành tích" -> "đã có thành tích"."""
    return text[:1].lower() + text[1:]


# --- The draft mark -----------------------------------------------------------------------------

_BOLD_FONT = Path(__file__).resolve().parent.parent / "static/fonts/liberation-serif/LiberationSerif-Bold.ttf"


@functools.cache
def draft_mark_svg(text: str) -> str:
    """The draft mark ("DỰ THẢO") drawn across a page as the outlines of the project's bold serif:
    a shape, not text, so that it does not break the lines a reader (or pdftotext) takes from the
    page. The word itself is printed as text once, above the heading."""
    font = TTFont(_BOLD_FONT)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    em = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent, font["hhea"].descent
    paths, x = [], 0
    for char in text:
        name = cmap.get(ord(char))
        if name is None:
            continue
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(pen)
        if commands := pen.getCommands():
            paths.append(f'<path transform="translate({x} 0)" d="{commands}"/>')
        x += glyphs[name].width
    height = ascent - descent
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {height}" '
        f'width="{x / em:.3f}em" height="{height / em:.3f}em">'
        f'<g fill="#d9d9d9" transform="translate(0 {ascent}) scale(1 -1)">'
        f"{''.join(paths)}</g></svg>"
    )
