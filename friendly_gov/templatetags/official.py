"""The parts of an official document (Nghị định 30/2020/NĐ-CP, Phụ lục I) every PDF template
shares: `{% official_heading %}` (issuing body, number, national heading and motto, place and
date) and `{% signature_block %}` (nơi nhận and the signature), and the `quotes` filter."""

from django import template
from django.utils.safestring import mark_safe

from friendly_gov import official

register = template.Library()


@register.inclusion_tag("pdf/_heading.html")
def official_heading(*, issuer: str, number: str = "", place: str = "", day=None, dated: bool = True):
    """`number` as printed after "Số:" ("01/BC-UBND", or "   /BC-UBND" for a draft)."""
    return {
        "issuer_lines": official.issuer_lines(issuer),
        "number": number,
        "date_line": official.place_and_date(place, day) if dated else "",
    }


@register.inclusion_tag("pdf/_signature.html")
def signature_block(*, signer_lines, signer_name: str = "", recipients=()):
    """`recipients`: the lines of "Nơi nhận", each with its own punctuation."""
    return {"signer_lines": signer_lines, "signer_name": signer_name, "recipients": list(recipients)}


@register.filter
def quotes(text):
    """Straight double quotes as the typographic pair."""
    return official.typographic_quotes(str(text)) if text else text


@register.filter
def full_names(text):
    """ "UBND xã ..." -> "Ủy ban nhân dân xã ...": bodies named in full."""
    return official.full_names(str(text)) if text else text


@register.filter
def issuer_lines(issuer):
    """ "UBND XÃ LONG HƯNG" -> ["ỦY BAN NHÂN DÂN", "XÃ LONG HƯNG"]: the issuing body in full, by line."""
    return official.issuer_lines(str(issuer or ""))


@register.filter
def issuer_in_full(issuer):
    """ "UBND XÃ LONG HƯNG" -> "ỦY BAN NHÂN DÂN XÃ LONG HƯNG" on one line (a badge's band)."""
    return " ".join(official.issuer_lines(str(issuer or "")))


@register.simple_tag
def draft_mark(text):
    """The draft mark across a page, as outlines (see official.draft_mark_svg)."""
    return mark_safe(official.draft_mark_svg(str(text)))  # noqa: S308 - drawn from the font, no user text
