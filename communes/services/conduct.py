"""Writes of codes of conduct ("5 biết", "3 thể hiện"...), the commune staff register and the
pledges officers sign. The pages and the API call these functions, so each rule is written once.

Who writes what:
- national codes (no owner unit): superusers only; a province's own codes: its administrators;
- a commune's staff register and its pledges: the commune's own officers (and superusers);
  province staff read them.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import AdminUnit, CodeItem, CodeOfConduct, Pledge, Programme, StaffMember, User
from ..models.files import validate_image, validate_upload
from ..scope import visible_units
from ..selectors.conduct import can_manage_staff, codes_for_commune, editable_codes, linkable_programmes

MAX_ITEMS = 12  # a board is read from across the room: "5 biết", "4 luôn"... never a long list


def _clean(text: str) -> str:
    """One form for every name: NFC (a name typed on a Mac arrives decomposed), single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# --- Codes of conduct -------------------------------------------------------------------------


def _ensure_can_own(*, by: User, owner_unit: AdminUnit | None) -> None:
    if not by.is_authenticated:
        raise PermissionDenied(_("Bạn cần đăng nhập."))
    if by.is_superuser:
        return
    if owner_unit is None:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sửa bộ quy tắc dùng chung toàn quốc."))
    if by.role != User.Role.PROVINCE_ADMIN or not visible_units(by).filter(pk=owner_unit.pk).exists():
        raise PermissionDenied(_("Bạn không được sửa bộ quy tắc của đơn vị này."))


def _validate_code(
    *, name: str, owner_unit: AdminUnit | None, items: list[str], exclude_pk: int | None = None
) -> None:
    errors = {}
    if not name:
        errors["name"] = _("Hãy nhập tên bộ quy tắc, ví dụ “5 biết”.")
    elif len(name) > CodeOfConduct._meta.get_field("name").max_length:
        errors["name"] = _("Tên bộ quy tắc tối đa 40 ký tự.")
    else:
        same = CodeOfConduct.objects.filter(name__iexact=name, owner_unit=owner_unit).exclude(pk=exclude_pk)
        if same.exists():
            errors["name"] = (
                _("Đã có bộ quy tắc “%(name)s” dùng chung toàn quốc.") % {"name": name}
                if owner_unit is None
                else _("Đơn vị %(unit)s đã có bộ quy tắc “%(name)s”.")
                % {"unit": owner_unit.name, "name": name}
            )
    if owner_unit is not None and owner_unit.level == AdminUnit.Level.COMMUNE:
        errors["owner_unit"] = _("Đơn vị ban hành phải là tỉnh hoặc huyện.")
    if not items:
        errors["items"] = _("Bộ quy tắc phải có ít nhất một nội dung.")
    elif len(items) > MAX_ITEMS:
        errors["items"] = _("Một bộ quy tắc có tối đa %(max)s nội dung.") % {"max": MAX_ITEMS}
    elif any(len(item) > 255 for item in items):
        errors["items"] = _("Mỗi nội dung tối đa 255 ký tự.")
    if errors:
        raise ValidationError(errors)


def _validate_programmes(*, by: User, programmes: list[Programme]) -> None:
    allowed = set(
        linkable_programmes(user=by).filter(pk__in=[p.pk for p in programmes]).values_list("pk", flat=True)
    )
    if any(programme.pk not in allowed for programme in programmes):
        raise ValidationError({"programmes": _("Chỉ gắn được chương trình do tỉnh của bạn chủ trì.")})


def _set_items(code: CodeOfConduct, items: list[str], items_en: list[str] | None = None) -> None:
    """The items in order, each with its English text at the same place in `items_en` (blank or
    missing: the Vietnamese one is shown)."""
    if items_en is None:
        items_en = [item.text_en for item in code.items.order_by("order", "id")]
    english = [_clean(text) for text in items_en]
    code.items.all().delete()
    CodeItem.objects.bulk_create(
        [
            CodeItem(
                code=code, order=index, text=text, text_en=english[index - 1] if index <= len(english) else ""
            )
            for index, text in enumerate(items, start=1)
        ]
    )


def _clean_items(items: Iterable[str]) -> list[str]:
    return [text for text in (_clean(item) for item in items) if text]


def code_create(
    *,
    by: User,
    name: str,
    items: Iterable[str],
    owner_unit: AdminUnit | None = None,
    description: str = "",
    programmes: Iterable[Programme] = (),
    name_en: str = "",
    description_en: str = "",
    items_en: Iterable[str] = (),
) -> CodeOfConduct:
    """A new code with its items in the given order. A province administrator's codes belong to
    their province; only a superuser writes national codes (no owner unit)."""
    _ensure_can_own(by=by, owner_unit=owner_unit)
    name, items, programmes = _clean(name), _clean_items(items), list(programmes)
    _validate_code(name=name, owner_unit=owner_unit, items=items)
    _validate_programmes(by=by, programmes=programmes)
    try:
        with transaction.atomic():
            code = CodeOfConduct.objects.create(
                name=name,
                description=_clean(description),
                owner_unit=owner_unit,
                name_en=_clean(name_en),
                description_en=_clean(description_en),
            )
            _set_items(code, items, list(items_en))
            code.programmes.set(programmes)
    except IntegrityError as exc:  # a twin saved at the same moment
        raise ValidationError({"name": _("Tên bộ quy tắc đã được dùng.")}) from exc
    return code


def code_update(
    *,
    code: CodeOfConduct,
    by: User,
    name: str | None = None,
    description: str | None = None,
    items: Iterable[str] | None = None,
    programmes: Iterable[Programme] | None = None,
    name_en: str | None = None,
    description_en: str | None = None,
    items_en: Iterable[str] | None = None,
) -> CodeOfConduct:
    """Change a code; an argument left at None keeps its value. Items are replaced as a whole, in
    the given order (signed pledges stay: they refer to the code, not to its wording)."""
    if not editable_codes(user=by).filter(pk=code.pk).exists():
        _ensure_can_own(by=by, owner_unit=code.owner_unit)
        raise PermissionDenied(_("Bạn không được sửa bộ quy tắc này."))
    name = _clean(name) if name is not None else code.name
    new_items = _clean_items(items) if items is not None else None
    _validate_code(
        name=name,
        owner_unit=code.owner_unit,
        items=new_items if new_items is not None else [item.text for item in code.items.all()],
        exclude_pk=code.pk,
    )
    if programmes is not None:
        programmes = list(programmes)
        _validate_programmes(by=by, programmes=programmes)
    try:
        with transaction.atomic():
            code.name = name
            if description is not None:
                code.description = _clean(description)
            if name_en is not None:
                code.name_en = _clean(name_en)
            if description_en is not None:
                code.description_en = _clean(description_en)
            code.save()
            if new_items is not None:
                _set_items(code, new_items, None if items_en is None else list(items_en))
            elif items_en is not None:
                _set_items(code, [item.text for item in code.items.order_by("order", "id")], list(items_en))
            if programmes is not None:
                code.programmes.set(programmes)
    except IntegrityError as exc:
        raise ValidationError({"name": _("Tên bộ quy tắc đã được dùng.")}) from exc
    return code


def code_delete(*, code: CodeOfConduct, by: User) -> None:
    """Delete a code nobody has signed yet; once signed, the pledges keep it."""
    if not editable_codes(user=by).filter(pk=code.pk).exists():
        raise PermissionDenied(_("Bạn không được xóa bộ quy tắc này."))
    if code.pledges.exists():
        raise ValidationError(_("Không xóa được: đã có cán bộ ký cam kết thực hiện bộ quy tắc này."))
    code.delete()


def code_ensure_printable(*, code: CodeOfConduct) -> None:
    """A board needs at least one item."""
    if not code.items.exists():
        raise ValidationError(_("Bộ quy tắc chưa có nội dung nào; hãy thêm nội dung trước khi in bảng."))


# --- Staff register ---------------------------------------------------------------------------


def _ensure_can_manage(*, by: User, commune: AdminUnit) -> None:
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError(_("Danh sách cán bộ chỉ lập cho đơn vị cấp xã."))
    if not can_manage_staff(user=by, commune=commune):
        raise PermissionDenied(_("Chỉ cán bộ của xã được cập nhật danh sách cán bộ của xã."))


def _validate_staff(*, full_name: str, position: str, desk: str) -> None:
    errors = {}
    if not full_name:
        errors["full_name"] = _("Hãy nhập họ và tên.")
    elif len(full_name) > 120:
        errors["full_name"] = _("Họ và tên tối đa 120 ký tự.")
    if not position:
        errors["position"] = _("Hãy nhập chức vụ.")
    elif len(position) > 160:
        errors["position"] = _("Chức vụ tối đa 160 ký tự.")
    if len(desk) > 160:
        errors["desk"] = _("Vị trí làm việc tối đa 160 ký tự.")
    if errors:
        raise ValidationError(errors)


def _validate_photo(photo) -> None:
    try:
        validate_image(photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


def _delete_file_later(field_file) -> None:
    """Remove a replaced file from storage once the new row is committed."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def staff_create(
    *,
    commune: AdminUnit,
    by: User,
    full_name: str,
    position: str,
    desk: str = "",
    photo=None,
    is_active: bool = True,
    order: int | None = None,
) -> StaffMember:
    """Add a member to the commune's staff register. Without an order, they go last."""
    _ensure_can_manage(by=by, commune=commune)
    full_name, position, desk = _clean(full_name), _clean(position), _clean(desk)
    _validate_staff(full_name=full_name, position=position, desk=desk)
    if photo:
        _validate_photo(photo)
    with transaction.atomic():
        if order is None:
            last = (
                StaffMember.objects.filter(commune=commune).order_by("-order").values_list("order", flat=True)
            )
            order = (last.first() or 0) + 1
        member = StaffMember(
            commune=commune,
            full_name=full_name,
            position=position,
            desk=desk,
            is_active=is_active,
            order=order,
        )
        if photo:
            member.photo = photo
        member.save()
    return member


def staff_update(
    *,
    member: StaffMember,
    by: User,
    full_name: str,
    position: str,
    desk: str = "",
    is_active: bool = True,
    order: int | None = None,
    photo=None,
    remove_photo: bool = False,
) -> StaffMember:
    """Change a member's details. A new photo replaces the old one; `remove_photo` drops it. A
    member who leaves is made inactive rather than deleted, so their signed pledges remain."""
    _ensure_can_manage(by=by, commune=member.commune)
    full_name, position, desk = _clean(full_name), _clean(position), _clean(desk)
    _validate_staff(full_name=full_name, position=position, desk=desk)
    if photo:
        _validate_photo(photo)
    with transaction.atomic():
        member.full_name, member.position, member.desk = full_name, position, desk
        member.is_active = is_active
        if order is not None:
            member.order = order
        if photo or remove_photo:
            _delete_file_later(member.photo)
            member.photo = photo or ""
        member.save()
    return member


# --- Pledges ----------------------------------------------------------------------------------


def pledge_record(
    *, member: StaffMember, code: CodeOfConduct, by: User, signed_on: datetime.date, scan=None
) -> Pledge:
    """A staff member signed a code (once per member and code), with the scanned page if kept."""
    _ensure_can_manage(by=by, commune=member.commune)
    if not member.is_active:
        raise ValidationError(
            {
                "staff_member": _("%(name)s đã nghỉ công tác; không ghi cam kết mới.")
                % {"name": member.full_name}
            }
        )
    if not codes_for_commune(commune=member.commune).filter(pk=code.pk).exists():
        raise ValidationError({"code": _("Bộ quy tắc này không áp dụng cho xã của cán bộ.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được ở tương lai.")})
    existing = Pledge.objects.filter(staff_member=member, code=code).first()
    if existing is not None:
        raise ValidationError(
            {
                "staff_member": _("%(name)s đã ký cam kết “%(code)s” ngày %(date)s.")
                % {
                    "name": member.full_name,
                    "code": code.name,
                    "date": date_format(existing.signed_on, "SHORT_DATE_FORMAT"),
                }
            }
        )
    if scan:
        try:
            validate_upload(scan)
        except ValidationError as error:
            raise ValidationError({"scan": error.messages}) from error
    pledge = Pledge(staff_member=member, code=code, signed_on=signed_on)
    if scan:
        pledge.scan = scan
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError as exc:  # recorded by a colleague at the same moment
        if pledge.scan:
            pledge.scan.storage.delete(pledge.scan.name)
        raise ValidationError(
            {"staff_member": _("%(name)s đã ký cam kết này.") % {"name": member.full_name}}
        ) from exc
    return pledge


def pledge_delete(*, pledge: Pledge, by: User) -> None:
    """Remove a pledge recorded by mistake (and its scan)."""
    _ensure_can_manage(by=by, commune=pledge.staff_member.commune)
    with transaction.atomic():
        _delete_file_later(pledge.scan)
        pledge.delete()
