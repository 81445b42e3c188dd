"""Writes of the dialogues app: feedback items and their workflow, apology slips, the citizen's
follow-up answer, dialogues and their commitments, items from suggestion-box openings, the
categories' time limits, the daily reminder digest.

Every change of a feedback item's status goes through `_move`, which checks the transition
table and writes one audit row; nothing here updates or deletes an audit row.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from communes.eras import REFORM_DAY, ensure_unit_era, unit_in_force
from communes.models import AdminUnit, SuggestionBoxOpening, User
from communes.models.slips import DEFAULT_SIGNER_TITLE
from communes.scope import can_configure, visible_units
from communes.services.activity import ensure_can_record
from communes.workdays import add_working_days
from friendly_gov.idempotency import KeyReused, fingerprint

from .models import Attachment, Category, Commitment, Dialogue, DueDateChange, FeedbackItem, Transition

logger = logging.getLogger(__name__)

S = FeedbackItem.Status

# Which status may follow which. Re-assignment (assigned → assigned, in progress → assigned) is a
# move of its own, so it is in the history too. Closed, transferred, rejected, duplicate: final.
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.ASSIGNED, S.TRANSFERRED, S.REJECTED, S.DUPLICATE},
    S.ASSIGNED: {S.ASSIGNED, S.IN_PROGRESS, S.TRANSFERRED, S.REJECTED, S.DUPLICATE},
    S.IN_PROGRESS: {S.ASSIGNED, S.ANSWERED, S.TRANSFERRED},
    S.ANSWERED: {S.CLOSED},
    S.CLOSED: set(),
    S.TRANSFERRED: set(),
    S.REJECTED: set(),
    S.DUPLICATE: set(),
}

# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
REMINDER_DAYS = 3


def new_tracking_code() -> str:
    return "PA-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    cleaned = cleaned.removeprefix("PA")
    return "PA-" + cleaned


def allowed_moves(item: FeedbackItem) -> set[str]:
    return TRANSITIONS[item.status]


def _move(item: FeedbackItem, *, to: str, by: User | None, note: str = "", fields: dict | None = None):
    """Check the transition table, change the item and write the audit row, in one transaction."""
    if to not in TRANSITIONS[item.status]:
        raise ValidationError(
            _("Không thể chuyển phản ánh từ “%(from)s” sang “%(to)s”.")
            % {"from": S(item.status).label, "to": S(to).label}
        )
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != item.status:
            raise ValidationError(_("Phản ánh vừa được người khác cập nhật; hãy tải lại trang."))
        previous = item.status
        item.status = to
        for name, value in (fields or {}).items():
            setattr(item, name, value)
        item.save(update_fields=["status", *(fields or {})])
        Transition.objects.create(item=item, from_status=previous, to_status=to, by=by, note=note.strip())
    return item


def _note_row(item: FeedbackItem, *, by: User | None, note: str) -> None:
    """An audit row that records an event without a change of status (a new due date, the
    citizen's follow-up answer)."""
    Transition.objects.create(item=item, from_status=item.status, to_status=item.status, by=by, note=note)


# --- Receiving ---------


def _validate_receive(
    *, commune: AdminUnit, category: Category, content: str, channel: str, received_on: datetime.date
) -> None:
    if channel not in FeedbackItem.Channel.values:
        raise ValidationError({"channel": _("Kênh tiếp nhận không hợp lệ.")})
    if not category.active:
        raise ValidationError({"category": _("Loại phản ánh này không còn được sử dụng.")})
    # A province's own category serves its communes only.
    if category.province_id not in (None, commune.current_province_id or commune.pk):
        raise ValidationError({"category": _("Loại phản ánh này không dùng cho xã, phường này.")})
    if len(content.strip()) < 10:
        raise ValidationError({"content": _("Nội dung quá ngắn; hãy mô tả rõ vụ việc (ít nhất 10 ký tự).")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Ngày tiếp nhận không được ở tương lai.")})


def _create_item(
    *,
    commune: AdminUnit,
    by: User | None,
    category: Category,
    channel: str,
    content: str,
    received_on: datetime.date,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_email: str = "",
    citizen_address: str = "",
    attachments: list | None = None,
    dialogue: Dialogue | None = None,
    box_opening: SuggestionBoxOpening | None = None,
    submission_key: str = "",
    era_field: str = "received_on",
) -> FeedbackItem:
    """A new item on `commune`, received on `received_on`; the era rule's message goes on
    `era_field` (the date where the officer types it, the commune where it is "today")."""
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError(_("Phản ánh phải gắn với một đơn vị cấp xã."))
    _validate_receive(
        commune=commune, category=category, content=content, channel=channel, received_on=received_on
    )
    ensure_unit_era(unit=commune, on=received_on, field=era_field)
    # The category's limit counts working days after the day of receipt (communes.workdays).
    due_on = add_working_days(start=received_on, days=category.time_limit_days)
    digest = None
    if submission_key:
        digest = fingerprint(
            commune.pk,
            category.pk,
            channel,
            *(text.strip() for text in [content, citizen_name, citizen_phone, citizen_email]),
            citizen_address.strip(),
            [(upload.name, upload.size) for upload in attachments or []],
        )
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    item = FeedbackItem.objects.create(
                        tracking_code=new_tracking_code(),
                        commune=commune,
                        category=category,
                        channel=channel,
                        content=content.strip(),
                        citizen_name=citizen_name.strip(),
                        citizen_phone=citizen_phone.strip(),
                        citizen_email=citizen_email.strip(),
                        citizen_address=citizen_address.strip(),
                        received_on=received_on,
                        original_due_on=due_on,
                        due_on=due_on,
                        dialogue=dialogue,
                        box_opening=box_opening,
                        created_by=by,
                        submission_key=submission_key or None,
                        submission_hash=digest,
                    )
                break
            except IntegrityError:
                # The unique index of submission keys waited for a concurrent insert of the key to
                # commit: the item is there now. Otherwise a tracking code drawn twice: draw again.
                if submission_key and (stored := _stored_under_key(submission_key, digest)):
                    return stored
                continue
        else:  # pragma: no cover - 31^8 codes
            raise ValidationError(_("Không tạo được mã tra cứu; hãy thử lại."))
        for upload in attachments or []:
            attachment = Attachment(item=item, file=upload)
            attachment.full_clean(exclude=["item"])
            attachment.save()
        Transition.objects.create(
            item=item,
            from_status="",
            to_status=S.RECEIVED,
            by=by,
            note=FeedbackItem.Channel(channel).label,
        )
    return item


def _stored_under_key(key: str, digest: str | None) -> FeedbackItem | None:
    """The item stored under a submission key (`replayed` set), KeyReused when it was stored
    with other content."""
    stored = FeedbackItem.objects.filter(submission_key=key).order_by().first()
    if stored is None:
        return None
    if stored.submission_hash != digest:
        raise KeyReused
    stored.replayed = True
    return stored


def feedback_receive(
    *,
    commune: AdminUnit,
    by: User,
    category: Category,
    channel: str,
    content: str,
    received_on: datetime.date | None = None,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_email: str = "",
    citizen_address: str = "",
    attachments: list | None = None,
) -> FeedbackItem:
    """An item logged by an officer (desk, hotline, social media...); due date from the category."""
    ensure_can_record(user=by, commune=commune)
    return _create_item(
        commune=commune,
        by=by,
        category=category,
        channel=channel,
        content=content,
        received_on=received_on or timezone.localdate(),
        citizen_name=citizen_name,
        citizen_phone=citizen_phone,
        citizen_email=citizen_email,
        citizen_address=citizen_address,
        attachments=attachments,
    )


# A khiếu nại must name its sender and the sender's address (Luật Khiếu nại 2011, Điều 8 khoản 2),
# and so must a tố cáo (Luật Tố cáo 2018, Điều 23 khoản 1); a tố cáo without them is not handled
# under that law (Điều 25). The online form therefore asks for both with these two kinds.
IDENTIFIED_KINDS = (Category.Kind.COMPLAINT, Category.Kind.DENUNCIATION)


def _ensure_identified(*, category: Category, citizen_name: str, citizen_address: str) -> None:
    if category.kind not in IDENTIFIED_KINDS:
        return
    errors = {}
    law = (
        _("Luật Khiếu nại 2011 (Điều 8)")
        if category.kind == Category.Kind.COMPLAINT
        else _("Luật Tố cáo 2018 (Điều 23)")
    )
    if not citizen_name.strip():
        errors["citizen_name"] = _("%(kind)s phải ghi rõ họ tên người gửi theo %(law)s.") % {
            "kind": category.get_kind_display(),
            "law": law,
        }
    if not citizen_address.strip():
        errors["citizen_address"] = _("%(kind)s phải ghi rõ địa chỉ người gửi theo %(law)s.") % {
            "kind": category.get_kind_display(),
            "law": law,
        }
    if errors:
        raise ValidationError(errors)


def feedback_submit_online(
    *,
    commune: AdminUnit,
    category: Category,
    content: str,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_email: str = "",
    citizen_address: str = "",
    attachments: list | None = None,
    submission_key: str = "",
) -> FeedbackItem:
    """A citizen's item from the public form or API (no account). The tracking code is their only
    key. A `submission_key` (the form's one-use token, the API's Idempotency-Key) stores one item:
    sent again with the same content, nothing more is stored (no item, no file, no audit row) and
    the stored item comes back with `replayed` set; with other content, KeyReused. A khiếu nại or
    a tố cáo needs the sender's name and address (IDENTIFIED_KINDS). With an e-mail address, the
    tracking code goes there too once the item is stored (receipt_send, by a Celery task)."""
    _ensure_identified(category=category, citizen_name=citizen_name, citizen_address=citizen_address)
    item = _create_item(
        commune=commune,
        by=None,
        category=category,
        channel=FeedbackItem.Channel.ONLINE,
        content=content,
        received_on=timezone.localdate(),
        citizen_name=citizen_name,
        citizen_phone=citizen_phone,
        citizen_email=citizen_email,
        citizen_address=citizen_address,
        attachments=attachments,
        submission_key=submission_key,
        era_field="commune",
    )
    if item.citizen_email and not getattr(item, "replayed", False):
        item_id = item.pk
        transaction.on_commit(lambda: _receipt_enqueue(item_id=item_id))
    return item


RECEIPT_PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _receipt_enqueue(*, item_id: int) -> None:
    """Hand the e-mail receipt to the broker. The item is stored and its code shown on the page
    already: a broker that does not answer costs the optional mail (logged), never the answer."""
    from .tasks import send_feedback_receipt  # the task calls back into this module

    try:
        send_feedback_receipt.apply_async(
            kwargs={"item_id": item_id}, retry=True, retry_policy=RECEIPT_PUBLISH_RETRY
        )
    except BrokerError as error:
        logger.warning(
            "receipt of feedback item %s not sent, the broker does not answer (%s)", item_id, error
        )


def receipt_send(*, item_id: int) -> bool:
    """The citizen's receipt: the tracking code and the due date, to the address they gave.
    False when there is no address (nothing sent)."""
    item = FeedbackItem.objects.select_related("commune", "category").filter(pk=item_id).first()
    if item is None or not item.citizen_email:
        return False
    context = {"item": item, "site_url": getattr(settings, "SITE_URL", "")}
    send_mail(
        subject=_("Mã tra cứu phản ánh %(code)s") % {"code": item.tracking_code},
        message=render_to_string("dialogues/email/receipt.txt", context),
        from_email=None,
        recipient_list=[item.citizen_email],
    )
    return True


# --- The workflow ---------
# Moves, new due dates (the apology slip) and the citizen's answer continue the work on an item
# that exists: it stays on its commune whatever the date (communes.eras); a slip dated from
# 01/07/2025 is issued in the name of the commune in force then.


def _validate_assignee(*, item: FeedbackItem, assignee: User) -> None:
    if (
        not assignee.is_active
        or not assignee.is_commune_officer
        or not visible_units(assignee).filter(pk=item.commune_id).exists()
    ):
        raise ValidationError({"assignee": _("Chỉ giao cho cán bộ của xã tiếp nhận phản ánh.")})


def feedback_assign(*, item: FeedbackItem, by: User, assignee: User, note: str = "") -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    _validate_assignee(item=item, assignee=assignee)
    if item.assignee_id == assignee.pk:
        # Nothing would change but a misleading audit row ("assigned again").
        raise ValidationError(
            {
                "assignee": _("Phản ánh đã được giao cho %(name)s; hãy chọn cán bộ khác.")
                % {"name": assignee.get_full_name() or assignee.username}
            }
        )
    text = _("Giao cho %(name)s.") % {"name": assignee.get_full_name() or assignee.username}
    return _move(
        item, to=S.ASSIGNED, by=by, note=f"{text} {note.strip()}".strip(), fields={"assignee": assignee}
    )


def feedback_assign_many(*, items: list[FeedbackItem], by: User, assignee: User) -> int:
    """Bulk assignment from the inbox: all or nothing, with one audit row per item."""
    with transaction.atomic():
        for item in items:
            try:
                feedback_assign(item=item, by=by, assignee=assignee)
            except ValidationError as error:
                raise ValidationError(
                    _("%(code)s: %(message)s")
                    % {"code": item.tracking_code, "message": " ".join(error.messages)}
                ) from error
    return len(items)


def feedback_start(*, item: FeedbackItem, by: User, note: str = "") -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    return _move(item, to=S.IN_PROGRESS, by=by, note=note)


def feedback_answer(*, item: FeedbackItem, by: User, public_answer: str, note: str = "") -> FeedbackItem:
    """The answer the citizen sees on the status page; the item counts as resolved from today."""
    ensure_can_record(user=by, commune=item.commune)
    if not public_answer.strip():
        raise ValidationError({"public_answer": _("Nhập nội dung trả lời người dân.")})
    return _move(
        item,
        to=S.ANSWERED,
        by=by,
        note=note,
        fields={"public_answer": public_answer.strip(), "resolved_on": timezone.localdate()},
    )


def feedback_close(*, item: FeedbackItem, by: User, note: str = "") -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    return _move(item, to=S.CLOSED, by=by, note=note, fields={"closed_on": timezone.localdate()})


def feedback_transfer(*, item: FeedbackItem, by: User, transferred_to: str, note: str = "") -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    if not transferred_to.strip():
        raise ValidationError({"transferred_to": _("Ghi rõ cơ quan nhận chuyển phản ánh.")})
    return _move(
        item,
        to=S.TRANSFERRED,
        by=by,
        note=_("Chuyển đến: %(to)s. %(note)s") % {"to": transferred_to.strip(), "note": note.strip()},
        fields={"transferred_to": transferred_to.strip(), "closed_on": timezone.localdate()},
    )


def feedback_reject(*, item: FeedbackItem, by: User, note: str) -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    if not note.strip():
        raise ValidationError({"note": _("Ghi rõ lý do không thụ lý.")})
    return _move(item, to=S.REJECTED, by=by, note=note, fields={"closed_on": timezone.localdate()})


def feedback_mark_duplicate(
    *, item: FeedbackItem, by: User, duplicate_of: FeedbackItem, note: str = ""
) -> FeedbackItem:
    ensure_can_record(user=by, commune=item.commune)
    if duplicate_of.pk == item.pk or duplicate_of.commune_id != item.commune_id:
        raise ValidationError({"duplicate_of": _("Chọn một phản ánh khác của cùng xã.")})
    if duplicate_of.status == S.DUPLICATE:
        raise ValidationError({"duplicate_of": _("Phản ánh được chọn cũng là bản trùng; chọn bản gốc.")})
    return _move(
        item,
        to=S.DUPLICATE,
        by=by,
        note=_("Trùng với %(code)s. %(note)s") % {"code": duplicate_of.tracking_code, "note": note.strip()},
        fields={"duplicate_of": duplicate_of, "closed_on": timezone.localdate()},
    )


def feedback_reschedule(
    *,
    item: FeedbackItem,
    by: User,
    new_due_on: datetime.date,
    reason: str,
    signer_name: str = "",
    signer_title: str = DEFAULT_SIGNER_TITLE,
) -> DueDateChange:
    """A due date that will be missed and the new one: the apology slip to the citizen, and an
    audit row. The one-stop decree has the slip sent no later than the due date it replaces
    (Nghị định 118/2025/NĐ-CP from 01/07/2025, 61/2018 before), so it is issued on or before that
    day; a date already missed stays missed (the indicators count it late)."""
    ensure_can_record(user=by, commune=item.commune)
    today = timezone.localdate()
    if item.status not in FeedbackItem.OPEN:
        raise ValidationError(_("Chỉ hẹn lại ngày cho phản ánh đang xử lý."))
    if item.due_on < today:
        raise ValidationError(
            _(
                "Hạn trả kết quả %(due)s đã qua: phiếu xin lỗi và hẹn lại ngày trả kết quả phải gửi chậm "
                "nhất vào ngày hết hạn."
            )
            % {"due": f"{item.due_on:%d/%m/%Y}"}
        )
    if new_due_on <= max(today, item.due_on):
        raise ValidationError(
            {
                "new_due_on": _("Ngày hẹn mới phải sau hạn hiện tại (%(due)s).")
                % {"due": f"{item.due_on:%d/%m/%Y}"}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi rõ lý do chậm trả kết quả.")})
    with transaction.atomic():
        FeedbackItem.objects.select_for_update().get(pk=item.pk)
        sequence = _slips_issued_this_year(issuer=unit_in_force(item.commune, on=today), today=today) + 1
        change = DueDateChange.objects.create(
            item=item,
            number=f"{sequence:02d}/PXL",
            previous_due_on=item.due_on,
            new_due_on=new_due_on,
            reason=reason.strip(),
            signer_name=" ".join(signer_name.split()),
            signer_title=" ".join(signer_title.split()) or DEFAULT_SIGNER_TITLE,
            by=by,
        )
        _note_row(
            item,
            by=by,
            note=_("Hẹn lại ngày trả kết quả: %(old)s → %(new)s (phiếu số %(number)s). Lý do: %(reason)s")
            % {
                "old": f"{item.due_on:%d/%m/%Y}",
                "new": f"{new_due_on:%d/%m/%Y}",
                "number": change.number,
                "reason": reason.strip(),
            },
        )
        item.due_on = new_due_on
        item.save(update_fields=["due_on"])
    return change


def _slips_issued_this_year(*, issuer: AdminUnit, today: datetime.date) -> int:
    """Apology slips are numbered per issuing commune and year. A 2025 commune issues the slips of
    the items of the communes it took over too, from the reform day on (before it, they issued
    their own)."""
    since = datetime.date(today.year, 1, 1)
    if issuer.is_current:
        since = max(since, REFORM_DAY)
    return DueDateChange.objects.filter(
        Q(item__commune=issuer) | Q(item__commune__successor=issuer), at__date__gte=since, at__year=today.year
    ).count()


def feedback_follow_up(*, item: FeedbackItem, resolved: bool) -> FeedbackItem:
    """The citizen's one answer to "was it resolved?", once the item is closed."""
    if item.status != S.CLOSED:
        raise ValidationError(_("Chỉ trả lời sau khi phản ánh đã kết thúc."))
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        if locked.citizen_resolved is not None:
            raise ValidationError(_("Ông/Bà đã trả lời câu hỏi này. Cảm ơn Ông/Bà!"))
        item.citizen_resolved = resolved
        item.citizen_answered_at = timezone.now()
        item.save(update_fields=["citizen_resolved", "citizen_answered_at"])
        _note_row(
            item,
            by=None,
            note=_("Người dân trả lời: đã được giải quyết.")
            if resolved
            else _("Người dân trả lời: chưa được giải quyết."),
        )
    return item


# --- Dialogues and commitments ---------


def dialogue_record(
    *,
    commune: AdminUnit,
    by: User,
    held_on: datetime.date,
    chaired_by: str,
    participants: str,
    topics: str,
    participant_count: int = 0,
    minutes=None,
) -> Dialogue:
    ensure_can_record(user=by, commune=commune)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Ngày đối thoại không được ở tương lai.")})
    ensure_unit_era(unit=commune, on=held_on, field="held_on")
    if not chaired_by.strip():
        raise ValidationError({"chaired_by": _("Ghi rõ người chủ trì.")})
    dialogue = Dialogue(
        commune=commune,
        held_on=held_on,
        chaired_by=chaired_by.strip(),
        participants=participants.strip(),
        participant_count=participant_count,
        topics=topics.strip(),
        recorded_by=by,
    )
    if minutes:
        dialogue.minutes = minutes
    dialogue.full_clean(exclude=["commune", "recorded_by"])
    dialogue.save()
    return dialogue


def dialogue_raise_item(
    *,
    dialogue: Dialogue,
    by: User,
    category: Category,
    content: str,
    citizen_name: str = "",
    citizen_phone: str = "",
    citizen_address: str = "",
) -> FeedbackItem:
    """An item raised at the meeting: a feedback item linked to it, received on its date."""
    ensure_can_record(user=by, commune=dialogue.commune)
    return _create_item(
        commune=dialogue.commune,
        by=by,
        category=category,
        channel=FeedbackItem.Channel.DIALOGUE,
        content=content,
        received_on=dialogue.held_on,
        citizen_name=citizen_name,
        citizen_phone=citizen_phone,
        citizen_address=citizen_address,
        dialogue=dialogue,
    )


def commitment_add(
    *, dialogue: Dialogue, by: User, description: str, owner: str, due_on: datetime.date
) -> Commitment:
    """A commitment made at the dialogue: it belongs to the dialogue, on its commune, whatever
    its due date (communes.eras), as does its completion."""
    ensure_can_record(user=by, commune=dialogue.commune)
    if not description.strip() or not owner.strip():
        raise ValidationError(_("Ghi rõ nội dung cam kết và người chịu trách nhiệm."))
    if due_on < dialogue.held_on:
        raise ValidationError({"due_on": _("Hạn thực hiện phải sau ngày đối thoại.")})
    return Commitment.objects.create(
        dialogue=dialogue, description=description.strip(), owner=owner.strip(), due_on=due_on
    )


def commitment_complete(
    *, commitment: Commitment, by: User, done_on: datetime.date, done_note: str = ""
) -> Commitment:
    ensure_can_record(user=by, commune=commitment.dialogue.commune)
    if commitment.done_on is not None:
        raise ValidationError(_("Cam kết này đã được ghi nhận hoàn thành."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Ngày hoàn thành không được ở tương lai.")})
    if done_on < commitment.dialogue.held_on:
        raise ValidationError({"done_on": _("Ngày hoàn thành phải sau ngày đối thoại.")})
    commitment.done_on = done_on
    commitment.done_note = done_note.strip()
    commitment.save(update_fields=["done_on", "done_note"])
    return commitment


# --- Suggestion-box openings ---------------------------------------------------------------------------


def feedback_from_box_opening(
    *, opening: SuggestionBoxOpening, by: User, letters: list[dict]
) -> list[FeedbackItem]:
    """The letters found at an opening, as feedback items received on the opening day. An opening
    gives at most as many items as letters were found."""
    ensure_can_record(user=by, commune=opening.commune)
    if not letters:
        raise ValidationError(_("Nhập ít nhất một thư, phiếu góp ý."))
    already = opening.feedback_items.count()
    if already + len(letters) > opening.letters_found:
        raise ValidationError(
            _("Lần mở hòm thư này ghi nhận %(found)s thư, phiếu; đã tạo %(already)s phản ánh.")
            % {"found": opening.letters_found, "already": already}
        )
    with transaction.atomic():
        return [
            _create_item(
                commune=opening.commune,
                by=by,
                channel=FeedbackItem.Channel.SUGGESTION_BOX,
                received_on=opening.opened_on,
                box_opening=opening,
                category=letter["category"],
                content=letter["content"],
                citizen_name=letter.get("citizen_name", ""),
                citizen_phone=letter.get("citizen_phone", ""),
                citizen_address=letter.get("citizen_address", ""),
            )
            for letter in letters
        ]


# --- Categories ---------


def _province_of(user: User) -> int | None:
    """The current province of a province staff member's (Thái Bình's staff: Hưng Yên)."""
    province = user.province if user.is_province_staff else None
    return (province.current_province_id or province.pk) if province else None


def category_editable(*, user: User, category: Category) -> bool:
    """The one rule for changing a category: shared (national) categories, with no province, are
    created, changed and deactivated by superusers only; a province administrator changes the
    categories of their own province."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return (
        user.role == User.Role.PROVINCE_ADMIN
        and category.province_id is not None
        and category.province_id == _province_of(user)
    )


def category_save(
    *,
    by: User,
    name: str,
    kind: str,
    time_limit_days: int,
    active: bool = True,
    category: Category | None = None,
    name_en: str | None = None,
) -> Category:
    """A category and its time limit. A superuser's new category is shared by the whole country; a
    province administrator's belongs to their province. A new limit applies to items received
    from now on; due dates already given stay as they are."""
    if not can_configure(by):
        raise PermissionDenied(_("Chỉ cán bộ quản trị cấp tỉnh được cấu hình loại phản ánh."))
    if category is None:
        category = Category(province_id=None if by.is_superuser else _province_of(by))
    if not category_editable(user=by, category=category):
        if category.province_id is None:
            raise PermissionDenied(_("Loại phản ánh dùng chung cả nước chỉ quản trị hệ thống được sửa."))
        raise PermissionDenied(_("Chỉ cán bộ quản trị của tỉnh được sửa loại phản ánh của tỉnh."))
    if kind not in Category.Kind.values:
        raise ValidationError({"kind": _("Loại không hợp lệ.")})
    if time_limit_days < 1 or time_limit_days > 365:
        raise ValidationError({"time_limit_days": _("Thời hạn phải từ 1 đến 365 ngày.")})
    # One name among the shared categories and those of the province (a province's own category
    # must not look like a shared one in its communes' lists).
    same_name = Category.objects.filter(name__iexact=name.strip()).exclude(pk=category.pk)
    if category.province_id is not None:
        same_name = same_name.filter(Q(province__isnull=True) | Q(province_id=category.province_id))
    if same_name.exists():
        raise ValidationError({"name": _("Đã có loại phản ánh với tên này.")})
    category.name = name.strip()
    if name_en is not None:  # the English name, when given (blank: the Vietnamese one is shown)
        category.name_en = name_en.strip()
    category.kind = kind
    category.time_limit_days = time_limit_days
    category.active = active
    category.save()
    return category


# --- Reminders ---------


def reminders_send(*, today: datetime.date | None = None, days: int = REMINDER_DAYS) -> int:
    """Each commune officer with an e-mail address gets one digest: the open items of their
    commune assigned to them or to nobody, overdue or due within `days` days. Returns the number
    of e-mails sent. Running it twice on a day sends the digest twice, which is harmless."""
    today = today or timezone.localdate()
    officers = User.objects.filter(role=User.Role.COMMUNE_OFFICER, is_active=True).exclude(email="")
    items = (
        FeedbackItem.objects.filter(
            status__in=FeedbackItem.OPEN, due_on__lte=today + datetime.timedelta(days)
        )
        .filter(Q(commune__officers__in=officers) | Q(commune__successor__officers__in=officers))
        .select_related("category", "commune")
        .order_by("due_on", "id")
        .distinct()
    )
    by_commune: dict[int, list[FeedbackItem]] = defaultdict(list)
    for item in items:
        by_commune[item.commune_id].append(item)
        if item.commune.successor_id:
            by_commune[item.commune.successor_id].append(item)
    sent = 0
    for officer in officers.order_by("pk"):
        mine = [i for i in by_commune.get(officer.commune_id, []) if i.assignee_id in (None, officer.pk)]
        if not mine:
            continue
        context = {
            "officer": officer,
            "today": today,
            "overdue": [i for i in mine if i.due_on < today],
            "due_soon": [i for i in mine if i.due_on >= today],
            "site_url": getattr(settings, "SITE_URL", ""),
        }
        send_mail(
            subject=_("Phản ánh, kiến nghị sắp đến hạn và quá hạn (%(day)s)") % {"day": f"{today:%d/%m/%Y}"},
            message=render_to_string("dialogues/email/reminder.txt", context),
            from_email=None,
            recipient_list=[officer.email],
        )
        sent += 1
    return sent
