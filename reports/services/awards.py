"""Writes of award decisions (Quyết định khen thưởng) and their awardees. The pages and the demo
loaders call these functions, so each rule is written once.

Who writes: the administrators of the province that owns the programme (and superusers); a
loader passes `by=None` and skips that check, never the rules about the list itself.

The life of a decision: nominations are added (by hand or from the communes' ranking) as
"proposed"; `awards_decide` marks them decided once the decision is signed. From then on the list
is closed: nobody adds, edits or removes an awardee of a signed decision.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from communes.models import AdminUnit, Programme, StaffMember, User

from ..models import Award, AwardDecision, Review
from ..selectors import award_communes, award_staff, can_manage_awards, decision_is_decided


def _clean(text: str | None) -> str:
    """NFC (a name typed on a Mac arrives decomposed) and single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _clean_block(text: str | None) -> str:
    """Like `_clean` but keeps line breaks (a reason may run over several lines)."""
    lines = (_clean(line) for line in unicodedata.normalize("NFC", text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _ensure_can_manage(*, by: User | None, programme: Programme) -> None:
    if by is None:
        return
    if not by.is_authenticated:
        raise PermissionDenied(_("Bạn cần đăng nhập."))
    if not can_manage_awards(user=by, programme=programme):
        raise PermissionDenied(
            _("Chỉ cán bộ quản trị của tỉnh chủ trì chương trình được lập, sửa quyết định khen thưởng.")
        )


def _too_long(model, values: dict) -> dict:
    errors = {}
    for field, value in values.items():
        limit = model._meta.get_field(field).max_length
        if limit and len(value) > limit:
            errors[field] = _("Tối đa %(max)s ký tự.") % {"max": limit}
    return errors


def collective_name(commune: AdminUnit) -> str:
    """“UBND xã Hoàng Đồng, thành phố Lạng Sơn”: how a commune is named as an awardee (with its
    district before 2025, since several communes share a name)."""

    def lower_first(text: str) -> str:
        return text[:1].lower() + text[1:]

    name = _("UBND %(commune)s") % {"commune": lower_first(commune.name)}
    parent = commune.parent
    if parent is not None and parent.level == AdminUnit.Level.DISTRICT:
        name = f"{name}, {lower_first(parent.name)}"
    return name


# --- Decisions ----------------------------------------------------------------------------------


def _validate_decision(
    *, programme: Programme, review: Review | None, values: dict, exclude_pk: int | None = None
) -> None:
    required = {
        "number": _("Hãy nhập số quyết định, ví dụ 125/QĐ-UBND."),
        "decided_on": _("Hãy nhập ngày quyết định."),
        "issuer": _("Hãy nhập cơ quan ban hành, ví dụ UBND TỈNH LẠNG SƠN."),
        "signer_name": _("Hãy nhập họ tên người ký."),
        "signer_title": _("Hãy nhập chức vụ người ký, ví dụ CHỦ TỊCH."),
        "reason": _("Hãy nhập lý do khen thưởng."),
    }
    errors = {field: message for field, message in required.items() if not values[field]}
    if values["level"] not in AwardDecision.Level.values:
        errors["level"] = _("Hãy chọn hình thức khen thưởng: bằng khen hoặc giấy khen.")
    if values["decided_on"] and not isinstance(values["decided_on"], datetime.date):
        errors["decided_on"] = _("Ngày quyết định không hợp lệ.")
    short = ("number", "issuer", "place", "signer_name", "signer_title", "proposed_by")
    texts = {k: values[k] for k in short}
    for field, message in _too_long(AwardDecision, texts).items():
        errors.setdefault(field, message)
    if review is not None and review.programme_id != programme.pk:
        errors["review"] = _("Hội nghị sơ kết, tổng kết phải thuộc chương trình của quyết định.")
    for field in STATED:
        if values[field] is not None and (not isinstance(values[field], int) or values[field] < 0):
            errors[field] = _("Hãy nhập một số nguyên không âm.")
    split = values["stated_collectives"] is not None or values["stated_individuals"] is not None
    if split and values["stated_recipients"] is not None:
        errors["stated_recipients"] = _(
            "Ghi số tập thể và số cá nhân, hoặc chỉ tổng số khi quyết định không tách; không ghi cả hai."
        )
    if not errors:
        twin = AwardDecision.objects.filter(
            issuer__iexact=values["issuer"], number__iexact=values["number"], decided_on=values["decided_on"]
        ).exclude(pk=exclude_pk)
        if twin.exists():
            errors["number"] = _("Đã có quyết định số %(number)s ngày %(date)s của %(issuer)s.") % {
                "number": values["number"],
                "date": values["decided_on"].strftime("%d/%m/%Y"),
                "issuer": values["issuer"],
            }
    if errors:
        raise ValidationError(errors)


#: What a decision states of its awardees when its list is not entered (see AwardDecision).
STATED = ("stated_collectives", "stated_individuals", "stated_recipients")


def _decision_values(
    *,
    number: str,
    decided_on: datetime.date | None,
    issuer: str,
    signer_name: str,
    signer_title: str,
    level: str,
    reason: str,
    place: str,
    stated: dict,
    wording: dict,
) -> dict:
    return {
        "number": _clean(number),
        "decided_on": decided_on,
        "issuer": _clean(issuer),
        "place": _clean(place),
        "signer_name": _clean(signer_name),
        "signer_title": _clean(signer_title),
        "level": level,
        "reason": _clean_block(reason),
        **{field: stated.get(field) for field in STATED},
        "proposed_by": _clean(wording.get("proposed_by")),
        "reward": _clean_block(wording.get("reward")),
        "executors": _clean_block(wording.get("executors")),
    }


def _duplicate_number() -> ValidationError:
    return ValidationError({"number": _("Đã có quyết định cùng số, ngày và cơ quan ban hành.")})


def decision_create(
    *,
    by: User | None,
    programme: Programme,
    review: Review | None = None,
    number: str,
    decided_on: datetime.date | None,
    issuer: str,
    signer_name: str,
    signer_title: str,
    level: str,
    reason: str,
    place: str = "",
    stated_collectives: int | None = None,
    stated_individuals: int | None = None,
    stated_recipients: int | None = None,
    proposed_by: str = "",
    reward: str = "",
    executors: str = "",
) -> AwardDecision:
    """A new award decision of the programme, announced at `review` when given. The stated
    numbers are what the signed decision says of its awardees, while its list is not entered."""
    _ensure_can_manage(by=by, programme=programme)
    values = _decision_values(
        number=number,
        decided_on=decided_on,
        issuer=issuer,
        signer_name=signer_name,
        signer_title=signer_title,
        level=level,
        reason=reason,
        place=place,
        stated={
            "stated_collectives": stated_collectives,
            "stated_individuals": stated_individuals,
            "stated_recipients": stated_recipients,
        },
        wording={"proposed_by": proposed_by, "reward": reward, "executors": executors},
    )
    _validate_decision(programme=programme, review=review, values=values)
    try:
        with transaction.atomic():
            return AwardDecision.objects.create(programme=programme, review=review, **values)
    except IntegrityError as exc:  # a twin saved at the same moment
        raise _duplicate_number() from exc


def decision_update(
    *,
    decision: AwardDecision,
    by: User | None,
    review: Review | None,
    number: str,
    decided_on: datetime.date | None,
    issuer: str,
    signer_name: str,
    signer_title: str,
    level: str,
    reason: str,
    place: str = "",
    stated_collectives: int | None = None,
    stated_individuals: int | None = None,
    stated_recipients: int | None = None,
    proposed_by: str = "",
    reward: str = "",
    executors: str = "",
) -> AwardDecision:
    """Correct a decision's particulars (a signed one too: its printed certificates follow). The
    programme stays: its awardees were chosen among its communes."""
    _ensure_can_manage(by=by, programme=decision.programme)
    values = _decision_values(
        number=number,
        decided_on=decided_on,
        issuer=issuer,
        signer_name=signer_name,
        signer_title=signer_title,
        level=level,
        reason=reason,
        place=place,
        stated={
            "stated_collectives": stated_collectives,
            "stated_individuals": stated_individuals,
            "stated_recipients": stated_recipients,
        },
        wording={"proposed_by": proposed_by, "reward": reward, "executors": executors},
    )
    _validate_decision(programme=decision.programme, review=review, values=values, exclude_pk=decision.pk)
    for field, value in values.items():
        setattr(decision, field, value)
    decision.review = review
    try:
        with transaction.atomic():
            decision.save(update_fields=[*values, "review"])
    except IntegrityError as exc:
        raise _duplicate_number() from exc
    return decision


# --- Awardees -----------------------------------------------------------------------------------


def _lock(decision: AwardDecision) -> AwardDecision:
    """The decision row, locked: additions to one decision run one after another, so the
    duplicate checks hold."""
    return AwardDecision.objects.select_for_update().get(pk=decision.pk)


def _ensure_open(decision: AwardDecision, *, allow_decided: bool = False) -> None:
    if not allow_decided and decision_is_decided(decision=decision):
        raise ValidationError(
            _(
                "Quyết định %(number)s đã được ký: không thêm, sửa hoặc xóa tập thể, cá nhân "
                "được khen thưởng được nữa."
            )
            % {"number": decision.number}
        )


def _validate_award(
    *,
    decision: AwardDecision,
    kind: str,
    name: str,
    commune: AdminUnit | None,
    staff_member: StaffMember | None,
    position: str,
    achievement: str,
    status: str,
    honorific: str = "",
    exclude_pk: int | None = None,
) -> dict:
    """The awardee's values as stored (with defaults filled from the commune or the officer), or
    a ValidationError with every problem at once."""
    errors = {}
    programme = decision.programme
    if honorific and (honorific not in Award.Honorific.values or kind != Award.Kind.INDIVIDUAL):
        errors["honorific"] = _("Danh xưng Ông hoặc Bà chỉ dùng cho cá nhân.")
    if kind not in Award.Kind.values:
        raise ValidationError({"kind": _("Hãy chọn đối tượng khen thưởng: tập thể hoặc cá nhân.")})
    if status not in Award.Status.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
    if commune is not None and not award_communes(programme=programme).filter(pk=commune.pk).exists():
        errors["commune"] = _("%(commune)s không thuộc phạm vi của chương trình.") % {"commune": commune.name}
    others = decision.awards.exclude(pk=exclude_pk)
    if kind == Award.Kind.COLLECTIVE:
        if staff_member is not None:
            errors["staff_member"] = _("Tập thể không gắn với một cán bộ.")
        if not name and commune is not None and "commune" not in errors:
            name = collective_name(commune)
        if not name:
            errors["name"] = _("Hãy nhập tên tập thể hoặc chọn xã, phường được khen thưởng.")
        if commune is not None and others.filter(kind=kind, commune=commune).exists():
            errors["commune"] = _("%(commune)s đã có trong quyết định này.") % {"commune": commune.name}
        elif name and others.filter(kind=kind, name__iexact=name).exists():
            errors["name"] = _("Tập thể “%(name)s” đã có trong quyết định này.") % {"name": name}
    else:
        if staff_member is not None:
            in_programme = award_staff(programme=programme).filter(pk=staff_member.pk).exists()
            if not in_programme:
                errors["staff_member"] = _(
                    "Cán bộ %(name)s công tác tại %(commune)s, không thuộc phạm vi của chương trình."
                ) % {"name": staff_member.full_name, "commune": staff_member.commune.name}
            elif others.filter(staff_member=staff_member).exists():
                errors["staff_member"] = _("%(name)s đã có trong quyết định này.") % {
                    "name": staff_member.full_name
                }
            elif commune is not None and staff_member.commune_id not in (commune.pk, commune.successor_id):
                errors["staff_member"] = _("Cán bộ %(name)s không công tác tại %(commune)s.") % {
                    "name": staff_member.full_name,
                    "commune": commune.name,
                }
            name = name or staff_member.full_name
            if not position:
                position = _("%(position)s, UBND %(commune)s") % {
                    "position": staff_member.position,
                    "commune": staff_member.commune.name[:1].lower() + staff_member.commune.name[1:],
                }
            if commune is None and "staff_member" not in errors:
                scope = award_communes(programme=programme)
                commune = (
                    scope.filter(pk=staff_member.commune_id).first()
                    or scope.filter(successor_id=staff_member.commune_id).first()
                )
        if not name:
            errors["name"] = _("Hãy nhập họ tên cá nhân được khen thưởng.")
        elif (
            "staff_member" not in errors
            and others.filter(kind=kind, name__iexact=name, position__iexact=position).exists()
        ):
            errors["name"] = _("%(name)s (%(position)s) đã có trong quyết định này.") % {
                "name": name,
                "position": position or "–",
            }
    texts = {"name": name, "position": position, "achievement": achievement}
    for field, message in _too_long(Award, texts).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "name": name,
        "commune": commune,
        "staff_member": staff_member,
        "position": position,
        "achievement": achievement,
        "status": status,
        "honorific": honorific,
    }


def _next_order(decision: AwardDecision, kind: str) -> int:
    last = decision.awards.filter(kind=kind).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


def award_add(
    *,
    by: User | None,
    decision: AwardDecision,
    kind: str,
    name: str = "",
    commune: AdminUnit | None = None,
    staff_member: StaffMember | None = None,
    position: str = "",
    achievement: str = "",
    honorific: str = "",
    status: str = Award.Status.PROPOSED,
    rank: int | None = None,
    order: int | None = None,
) -> Award:
    """Add a collective (a commune of the programme or a named office) or an individual (linked
    to an officer of the register when given) to a decision not yet signed.

    A loader (`by=None`) may record the awardees of an already signed decision as decided."""
    _ensure_can_manage(by=by, programme=decision.programme)
    if by is not None and status != Award.Status.PROPOSED:
        raise ValidationError(
            _(
                "Tập thể, cá nhân được thêm ở trạng thái đề nghị; "
                "dùng “Đánh dấu đã ký” khi quyết định được ký."
            )
        )
    with transaction.atomic():
        locked = _lock(decision)
        _ensure_open(locked, allow_decided=by is None and status == Award.Status.DECIDED)
        values = _validate_award(
            decision=decision,
            kind=kind,
            name=_clean(name),
            commune=commune,
            staff_member=staff_member,
            position=_clean(position),
            achievement=_clean(achievement),
            status=status,
            honorific=honorific,
        )
        return Award.objects.create(
            decision=decision,
            rank=rank,
            order=order if order is not None else _next_order(decision, kind),
            **values,
        )


def award_update(
    *,
    award: Award,
    by: User | None,
    kind: str,
    name: str = "",
    commune: AdminUnit | None = None,
    staff_member: StaffMember | None = None,
    position: str = "",
    achievement: str = "",
    honorific: str = "",
    order: int | None = None,
) -> Award:
    """Change an awardee of a decision not yet signed (the rank it was nominated with stays)."""
    decision = award.decision
    _ensure_can_manage(by=by, programme=decision.programme)
    with transaction.atomic():
        _ensure_open(_lock(decision))
        values = _validate_award(
            decision=decision,
            kind=kind,
            name=_clean(name),
            commune=commune,
            staff_member=staff_member,
            position=_clean(position),
            achievement=_clean(achievement),
            status=award.status,
            honorific=honorific,
            exclude_pk=award.pk,
        )
        for field, value in values.items():
            setattr(award, field, value)
        if order is not None:
            award.order = order
        award.save()
    return award


def award_delete(*, award: Award, by: User | None) -> None:
    """Remove an awardee from a decision not yet signed."""
    decision = award.decision
    _ensure_can_manage(by=by, programme=decision.programme)
    with transaction.atomic():
        _ensure_open(_lock(decision))
        award.delete()


def awards_decide(*, by: User | None, decision: AwardDecision) -> int:
    """The decision is signed: its nominations become awards. Returns how many were marked."""
    _ensure_can_manage(by=by, programme=decision.programme)
    with transaction.atomic():
        _lock(decision)
        awards = decision.awards.all()
        if not awards.exists():
            raise ValidationError(_("Quyết định chưa có tập thể, cá nhân nào được đề nghị khen thưởng."))
        marked = awards.filter(status=Award.Status.PROPOSED).update(status=Award.Status.DECIDED)
        if not marked:
            raise ValidationError(_("Quyết định %(number)s đã được ký.") % {"number": decision.number})
    return marked


def nominations_from_ranking(
    *, by: User | None, decision: AwardDecision, communes: Iterable[AdminUnit], ranks: dict
) -> list[Award]:
    """Propose the chosen communes as collectives, in ranking order, each with the rank it had
    (`ranks`: commune id -> rank). Communes the decision already names are skipped."""
    _ensure_can_manage(by=by, programme=decision.programme)
    communes = list(communes)

    def rank_of(commune: AdminUnit) -> int | None:
        return ranks.get(commune.pk, ranks.get(commune))

    with transaction.atomic():
        _ensure_open(_lock(decision))
        allowed = set(
            award_communes(programme=decision.programme)
            .filter(pk__in=[c.pk for c in communes])
            .values_list("pk", flat=True)
        )
        outside = [c.name for c in communes if c.pk not in allowed]
        if outside:
            raise ValidationError(
                {
                    "communes": _("Không thuộc phạm vi của chương trình: %(names)s.")
                    % {"names": ", ".join(outside)}
                }
            )
        named = set(
            decision.awards.filter(kind=Award.Kind.COLLECTIVE, commune__isnull=False).values_list(
                "commune_id", flat=True
            )
        )
        chosen, seen = [], set()
        for commune in sorted(communes, key=lambda c: (rank_of(c) is None, rank_of(c) or 0, c.name)):
            if commune.pk not in named and commune.pk not in seen:
                seen.add(commune.pk)
                chosen.append(commune)
        order = _next_order(decision, Award.Kind.COLLECTIVE)
        names = AdminUnit.objects.select_related("parent").in_bulk([c.pk for c in chosen])
        return Award.objects.bulk_create(
            [
                Award(
                    decision=decision,
                    kind=Award.Kind.COLLECTIVE,
                    status=Award.Status.PROPOSED,
                    commune=commune,
                    name=collective_name(names[commune.pk]),
                    rank=rank_of(commune),
                    order=order + index,
                )
                for index, commune in enumerate(chosen)
            ]
        )
