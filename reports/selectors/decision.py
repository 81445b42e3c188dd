"""What an award decision's documents state: the decision itself (Quyết định khen thưởng, in the
form of Nghị định 30/2020/NĐ-CP, citing the law and the decree in force on its date from the table
of legal references) with its attached list, and its certificates (bằng khen, giấy khen)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from communes.models import LegalReference
from communes.selectors.legal import laws_in_force
from friendly_gov import official

from ..models import Award, AwardDecision
from .awards import award_totals_phrase, decision_awards, stated_totals
from .document import review_heading


def _day(day) -> str:
    """ "ngày 15 tháng 6 năm 2022", as a citation writes a date."""
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}",
        "month": official.official_month(day),
        "year": day.year,
    }


def citation(reference: LegalReference) -> str:
    """One "Căn cứ" line: a law by its name and date, any other text by its kind, number, date,
    issuer and title."""
    if reference.kind.lower() == "luật":
        return _("Căn cứ %(title)s %(date)s;") % {"title": reference.title, "date": _day(reference.issued_on)}
    return _("Căn cứ %(kind)s số %(number)s %(date)s của %(issuer)s %(title)s;") % {
        "kind": reference.kind,
        "number": reference.number,
        "date": _day(reference.issued_on),
        "issuer": reference.issuer,
        "title": official.lower_first(reference.title),
    }


def decision_authority(decision: AwardDecision) -> str:
    """ "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN": in whose name the decision and its certificates are
    issued. A People's Committee's awards are its chairman's, whoever signs on his behalf."""
    lines = official.issuer_lines(decision.issuer)
    if lines and lines[0] == official.PEOPLES_COMMITTEE:
        return " ".join([_("CHỦ TỊCH"), *lines])
    return " ".join([official.authority_title(decision.signer_title), *lines]).strip()


def _unit_level(issuer: str) -> str:
    """ "tỉnh" for "UBND TỈNH LẠNG SƠN": the level whose emulation council proposes the awards."""
    lines = official.issuer_lines(issuer)
    return official.unit_name(lines[1]).split(" ")[0] if len(lines) > 1 else ""


def _form_phrase(decision: AwardDecision) -> str:
    """ "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"."""
    body = official.body_name(decision.issuer)
    if decision.level == AwardDecision.Level.PROVINCE_MERIT:
        return _("Bằng khen của Chủ tịch %(body)s") % {"body": body}
    return _("Giấy khen của Chủ tịch %(body)s") % {"body": body}


def _listed(decision: AwardDecision) -> tuple[list[Award], bool]:
    """The attached list and whether it is signed: the decided awards once the decision is signed,
    otherwise the nominations (a draft)."""
    awards = list(decision_awards(decision=decision))
    decided = [award for award in awards if award.status == Award.Status.DECIDED]
    return (decided, True) if decided else (awards, False)


def decision_document(*, decision: AwardDecision) -> dict:
    """Everything the decision PDF states. A decision whose list is neither signed nor stated (its
    totals) is a draft."""
    listed, signed = _listed(decision)
    stated = stated_totals(decision)
    has_stated = any(value is not None for value in stated.values())
    collectives = [award for award in listed if award.kind == Award.Kind.COLLECTIVE]
    individuals = [award for award in listed if award.kind == Award.Kind.INDIVIDUAL]
    if listed:
        totals = award_totals_phrase({"collectives": len(collectives), "individuals": len(individuals)})
    elif has_stated:
        totals = award_totals_phrase(stated)
    else:
        totals = _("các tập thể, cá nhân")
    day = decision.decided_on
    province = decision.programme.owner_unit
    bases = [
        citation(reference)
        for topic in (
            LegalReference.Topic.EMULATION_LAW,
            LegalReference.Topic.EMULATION_DECREE,
            LegalReference.Topic.PROVINCE_EMULATION,
        )
        for reference in laws_in_force(topic=topic, on=day, province=province)
    ]
    review = decision.review
    if review is not None:
        heading = review_heading(review)
        if review.number and heading["day"]:
            bases.append(
                _("Căn cứ Báo cáo số %(number)s %(date)s của %(body)s %(subject)s;")
                % {
                    "number": review.number,
                    "date": _day(heading["day"]),
                    "body": heading["body"],
                    "subject": official.lower_first(heading["subject"]),
                }
            )
        else:
            subject = official.lower_first(heading["subject"])
            bases.append(_("Căn cứ kết quả %(subject)s;") % {"subject": subject})
    level = _unit_level(decision.issuer)
    proposer = decision.proposed_by or (
        _("Hội đồng Thi đua - Khen thưởng %(level)s") % {"level": level}
        if level
        else _("Hội đồng Thi đua - Khen thưởng")
    )
    bases.append(_("Theo đề nghị của %(proposer)s.") % {"proposer": proposer})
    form = _form_phrase(decision)
    reason = official.typographic_quotes(official.lower_first(decision.reason.strip().rstrip(".")))
    articles = [
        _("Tặng %(form)s cho %(totals)s (có danh sách kèm theo) %(reason)s.")
        % {"form": form, "totals": totals, "reason": reason}
    ]
    if decision.reward:
        articles.append(official.typographic_quotes(decision.reward))
    body = official.body_name(decision.issuer)
    executors = decision.executors or _(
        "Chánh Văn phòng %(body)s, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có "
        "tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    ) % {"body": body}
    articles.append(_("Quyết định này có hiệu lực kể từ ngày ký.") + " " + executors)
    reference = _("(Kèm theo Quyết định số %(number)s ngày %(date)s của Chủ tịch %(body)s)") % {
        "number": decision.number,
        "date": f"{day:%d/%m/%Y}",
        "body": body,
    }
    return {
        "decision": decision,
        "draft": not signed and not has_stated,
        "issuer": decision.issuer,
        "number": decision.number,
        "place": decision.place or decision.programme.owner_unit.short_name,
        "day": day,
        "subject": _("Về việc tặng Bằng khen")
        if decision.level == AwardDecision.Level.PROVINCE_MERIT
        else _("Về việc tặng Giấy khen"),
        "authority": decision_authority(decision),
        "bases": bases,
        "articles": articles,
        "recipients": [
            _("Như Điều %(article)s;") % {"article": len(articles)},
            _("Lưu: VT."),
        ],
        "signer_lines": official.signature_lines(
            issuer=decision.issuer, title=decision.signer_title, collective=False
        ),
        "signer_name": decision.signer_name,
        "list_title": _("Tập thể, cá nhân được tặng %(form)s") % {"form": form},
        "list_reference": reference,
        "collectives": collectives,
        "individuals": individuals,
        "stated_phrase": award_totals_phrase(stated) if has_stated else "",
    }


# --- Certificates -------------------------------------------------------------------------------


def _name_size(name: str) -> int:
    """The awardee's name in the largest type that keeps it on one or two lines."""
    length = len(name)
    if length <= 28:
        return 30
    if length <= 45:
        return 26
    if length <= 70:
        return 22
    return 18


def awardee_name(award: Award) -> str:
    """As printed: a collective's body in full ("Ủy ban nhân dân xã Tiến Đức"), an individual with
    "Ông" or "Bà" when known."""
    name = official.full_names(award.name)
    if award.kind == Award.Kind.INDIVIDUAL and award.honorific and not name.startswith(("Ông ", "Bà ")):
        name = f"{award.honorific} {name}"
    return name


def certificate_pages(*, decision: AwardDecision, awards: list[Award]) -> list[dict]:
    """One page per awardee: the authority, the title, the awardee, the achievement, the decision
    line and the signature, each line as printed."""
    place = decision.place or decision.programme.owner_unit.short_name
    common = {
        "authority": decision_authority(decision),
        "title": _("TẶNG BẰNG KHEN")
        if decision.level == AwardDecision.Level.PROVINCE_MERIT
        else _("TẶNG GIẤY KHEN"),
        "date_line": official.place_and_date(place, decision.decided_on),
        "decision_line": _("Quyết định số %(number)s ngày %(date)s")
        % {"number": decision.number, "date": decision.decided_on.strftime("%d/%m/%Y")},
        "signer_lines": official.title_lines(decision.signer_title),
        "signer_name": decision.signer_name,
    }
    pages = []
    for award in awards:
        name = awardee_name(award)
        pages.append(
            {
                **common,
                "award": award,
                "name": name,
                "name_pt": _name_size(name),
                "position": official.full_names(award.position),
                "achievement": official.typographic_quotes(award.achievement or decision.reason),
            }
        )
    return pages
