"""Pages of codes of conduct, the commune staff register and signed pledges, with the printable
wall board of a code and the name-badge sheet of a commune (A4 PDFs)."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from friendly_gov.forms import form_page
from friendly_gov.pdf import pdf_response, render_document
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..eras import issuing_body
from ..filters.conduct import CodePageFilter, CommuneStaffFilter
from ..forms.conduct import CodeForm, PledgeForm, StaffForm
from ..models import AdminUnit, CodeOfConduct, Pledge, StaffMember
from ..scope import can_configure, get_in_scope_or_404
from ..selectors import conduct as selectors
from ..services import conduct as services

# --- Helpers ----------------------------------------------------------------------------------


def _commune(request, pk) -> AdminUnit:
    return get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).select_related("parent"),
        user=request.user,
        via="",
        pk=pk,
    )


def _code(request, pk: int) -> CodeOfConduct:
    """A code the user may read; 404 otherwise (another province's list does not leak)."""
    return get_object_or_404(selectors.code_list(user=request.user), pk=pk)


def _requested_commune(request, code: CodeOfConduct) -> AdminUnit | None:
    """The commune named by ?commune= (in the user's scope, and one the code applies to; 404
    otherwise), or else the officer's own commune if the code applies to it."""
    pk = request.GET.get("commune")
    if not pk:
        own = request.user.commune if request.user.is_commune_officer else None
        if own and selectors.codes_for_commune(commune=own).filter(pk=code.pk).exists():
            return own
        return None
    if not pk.isdecimal():
        raise Http404
    commune = _commune(request, int(pk))
    if not selectors.codes_for_commune(commune=commune).filter(pk=code.pk).exists():
        raise Http404
    return commune


# --- Codes of conduct -------------------------------------------------------------------------


@login_required
def code_list(request):
    filterset = CodePageFilter(request.GET, queryset=selectors.code_list(user=request.user))
    codes = filterset.qs.order_by("owner_unit__name", "name", "pk")
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Tên"), lambda c: c.name),
            Column(_("Diễn giải"), lambda c: c.description),
            Column(_("Đơn vị ban hành"), lambda c: c.owner_unit.name if c.owner_unit else _("Toàn quốc")),
            Column(_("Số nội dung"), lambda c: c.item_count),
        ]
        return export_response(fmt=fmt, filename="quy-tac-ung-xu", columns=columns, rows=codes)
    return render(
        request,
        "communes/conduct/code_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, codes),
            "can_create": can_configure(request.user),
        },
    )


@login_required
def code_create(request):
    if not can_configure(request.user):
        raise PermissionDenied

    def save(data):
        return services.code_create(
            by=request.user,
            name=data["name"],
            description=data["description"],
            owner_unit=data.get("owner_unit") if request.user.is_superuser else request.user.province,
            items=data["items"],
            programmes=data["programmes"],
            name_en=data["name_en"],
            description_en=data["description_en"],
            items_en=data["items_en"],
        )

    return form_page(
        request,
        CodeForm(request.POST or None, user=request.user),
        save=save,
        done=lambda code: (
            _("Đã tạo bộ quy tắc “%(name)s”.") % {"name": code.name},
            reverse("communes:code_detail", args=[code.pk]),
        ),
        title=_("Thêm bộ quy tắc ứng xử"),
        template="communes/conduct/code_form.html",
    )


@login_required
def code_edit(request, pk: int):
    code = _code(request, pk)
    if not selectors.can_edit_code(user=request.user, code=code):
        raise PermissionDenied
    return form_page(
        request,
        CodeForm(request.POST or None, user=request.user, code=code),
        save=lambda data: services.code_update(
            code=code,
            by=request.user,
            name=data["name"],
            description=data["description"],
            items=data["items"],
            programmes=data["programmes"],
            name_en=data["name_en"],
            description_en=data["description_en"],
            items_en=data["items_en"],
        ),
        done=lambda _result: (
            _("Đã lưu bộ quy tắc “%(name)s”.") % {"name": code.name},
            reverse("communes:code_detail", args=[code.pk]),
        ),
        title=_("Sửa bộ quy tắc “%(name)s”") % {"name": code.name},
        template="communes/conduct/code_form.html",
        context={"code": code},
    )


@login_required
@require_POST
def code_delete(request, pk: int):
    code = _code(request, pk)
    try:
        services.code_delete(code=code, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communes:code_detail", pk=code.pk)
    messages.success(request, _("Đã xóa bộ quy tắc “%(name)s”.") % {"name": code.name})
    return redirect("communes:code_list")


def signature_columns() -> list[Column]:
    return [
        Column(_("Họ và tên"), lambda m: m.full_name),
        Column(_("Chức vụ"), lambda m: m.position),
        Column(_("Vị trí làm việc"), lambda m: m.desk),
        Column(_("Đã ký"), lambda m: _("Có") if m.signed_on else _("Chưa")),
        Column(_("Ngày ký"), lambda m: m.signed_on),
    ]


def summary_columns() -> list[Column]:
    return [
        Column(_("Mã xã"), lambda u: u.code),
        Column(_("Xã, phường"), lambda u: u.name),
        Column(_("Huyện"), lambda u: u.parent.name if u.parent else ""),
        Column(_("Đã ký"), lambda u: u.signed),
        Column(_("Cán bộ đang công tác"), lambda u: u.active_staff),
    ]


@login_required
def code_detail(request, pk: int):
    """A code with its items and programmes; who of a commune's active staff has signed it (the
    officer's own commune by default) or, for province staff, the count per commune."""
    code = _code(request, pk)
    commune = _requested_commune(request, code)
    context = {
        "code": code,
        "items": selectors.code_items(code=code),
        "programmes": selectors.code_programmes(user=request.user, code=code),
        "commune": commune,
        "can_edit": selectors.can_edit_code(user=request.user, code=code),
    }
    if commune is not None:
        signatures = selectors.code_signatures(code=code, commune=commune)
        fmt = requested_export(request)
        if fmt:
            return export_response(
                fmt=fmt,
                filename=f"cam-ket-{code.pk}-xa-{commune.pk}",
                columns=signature_columns(),
                rows=signatures,
            )
        context.update(
            signatures=signatures,
            counts=selectors.code_signature_counts(code=code, commune=commune),
            can_manage=selectors.can_manage_staff(user=request.user, commune=commune),
        )
    else:
        summary = selectors.code_commune_summary(code=code, user=request.user)
        fmt = requested_export(request)
        if fmt:
            return export_response(
                fmt=fmt, filename=f"cam-ket-{code.pk}-theo-xa", columns=summary_columns(), rows=summary
            )
        context["page_obj"] = paginate(request, summary)
    return render(request, "communes/conduct/code_detail.html", context)


# --- PDFs ---------------------------------------------------------------------------------------


# (title, item) sizes in points, largest first: a board is read from across the office.
BOARD_SIZES = [
    (130, 60),
    (120, 52),
    (120, 46),
    (110, 40),
    (100, 35),
    (90, 31),
    (80, 27),
    (72, 24),
    (64, 21),
    (56, 18),
    (48, 16),
    (42, 14),
    (36, 12),
    (32, 11),
    (28, 10),
]
BOARD_TITLE_WIDTH_PT = 395  # A4 less the official margins (30 and 15 mm) and the frame's padding


BOARD_ITEMS_HEIGHT_PT = 575  # more than the items can ever get below the heading


def _items_height_pt(texts: list[str], size_pt: int) -> float:
    """A low estimate of the height of the items at a size (bold serif: about 0.45 em a letter)."""
    lines = sum(math.ceil(len(text) * 0.45 * size_pt / BOARD_TITLE_WIDTH_PT) for text in texts)
    return lines * size_pt * 1.2 + len(texts) * size_pt * 0.55


def _board_pdf(context: dict) -> bytes:
    """The largest type that keeps the board on one A4 page."""
    title = context["title"]
    # Bold capitals of Liberation Serif are about 0.72 em wide: keep a short title on one line.
    title_cap = max(36, int(BOARD_TITLE_WIDTH_PT / (0.72 * max(len(title), 1))))
    texts = [item.text for item in context["items"]]
    document = None
    for title_pt, item_pt in BOARD_SIZES:
        if item_pt > BOARD_SIZES[-1][1] and _items_height_pt(texts, item_pt) > BOARD_ITEMS_HEIGHT_PT:
            continue  # clearly too big: spare a rendering
        document = render_document(
            "pdf/conduct_board.html", {**context, "title_pt": min(title_pt, title_cap), "item_pt": item_pt}
        )
        if len(document.pages) == 1:
            break
    return document.write_pdf()


@login_required
def code_board_pdf(request, pk: int):
    """The A4 wall board of a code, headed by the commune (?commune=) or the issuing unit."""
    code = _code(request, pk)
    commune = _requested_commune(request, code) if request.GET.get("commune") else None
    try:
        services.code_ensure_printable(code=code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communes:code_detail", pk=code.pk)
    pdf = _board_pdf(
        {
            "code": code,
            "title": code.name.upper(),
            "items": selectors.code_items(code=code),
            # Printed today: by the unit in force today (a dissolved one's successor).
            "issuer": issuing_body(commune or code.owner_unit, on=timezone.localdate()),
        }
    )
    return pdf_response(pdf, f"bang-quy-tac-{code.pk}")


@login_required
def badges_pdf(request, commune_pk: int):
    """Name badges of the commune's active staff: 85 x 54 mm, eight to an A4 sheet, cut lines."""
    commune = _commune(request, commune_pk)
    sheets = selectors.badge_sheets(commune=commune)
    if not sheets:
        messages.error(request, _("Xã chưa có cán bộ đang công tác để in biển tên."))
        return redirect("communes:staff_list", commune_pk=commune.pk)
    document = render_document(
        "pdf/name_badges.html",
        {"commune": commune, "issuer": issuing_body(commune, on=timezone.localdate()), "sheets": sheets},
    )
    return pdf_response(document.write_pdf(), f"bien-ten-xa-{commune.pk}")


# --- Staff register ---------------------------------------------------------------------------


def staff_columns() -> list[Column]:
    return [
        Column(_("Thứ tự"), lambda m: m.order),
        Column(_("Họ và tên"), lambda m: m.full_name),
        Column(_("Chức vụ"), lambda m: m.position),
        Column(_("Vị trí làm việc"), lambda m: m.desk),
        Column(_("Đang công tác"), lambda m: _("Có") if m.is_active else _("Không")),
        Column(_("Có ảnh thẻ"), lambda m: _("Có") if m.photo else _("Không")),
        Column(_("Số bộ quy tắc đã ký"), lambda m: m.pledge_count),
    ]


@login_required
def staff_list(request, commune_pk: int):
    commune = _commune(request, commune_pk)
    staff = selectors.staff_list(user=request.user, commune=commune).order_by("order", "full_name", "pk")
    filterset = CommuneStaffFilter(request.GET, queryset=staff)
    fmt = requested_export(request)
    if fmt:
        return export_response(
            fmt=fmt, filename=f"can-bo-xa-{commune.pk}", columns=staff_columns(), rows=filterset.qs
        )
    return render(
        request,
        "communes/conduct/staff_list.html",
        {
            "commune": commune,
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "can_manage": selectors.can_manage_staff(user=request.user, commune=commune),
        },
    )


@login_required
def staff_create(request, commune_pk: int):
    commune = _commune(request, commune_pk)
    if not selectors.can_manage_staff(user=request.user, commune=commune):
        raise PermissionDenied
    return form_page(
        request,
        StaffForm(request.POST or None, request.FILES or None),
        save=lambda data: services.staff_create(
            commune=commune,
            by=request.user,
            full_name=data["full_name"],
            position=data["position"],
            desk=data["desk"],
            photo=data["photo"],
            is_active=data["is_active"],
            order=data["order"],
        ),
        done=lambda member: (
            _("Đã thêm cán bộ %(name)s.") % {"name": member.full_name},
            reverse("communes:staff_list", args=[commune.pk]),
        ),
        title=_("Thêm cán bộ, công chức"),
        template="communes/conduct/staff_form.html",
        context={"commune": commune},
    )


@login_required
def staff_edit(request, pk: int):
    member = get_in_scope_or_404(
        StaffMember.objects.select_related("commune__parent"), user=request.user, via="commune", pk=pk
    )
    if not selectors.can_manage_staff(user=request.user, commune=member.commune):
        raise PermissionDenied
    return form_page(
        request,
        StaffForm(request.POST or None, request.FILES or None, member=member),
        save=lambda data: services.staff_update(
            member=member,
            by=request.user,
            full_name=data["full_name"],
            position=data["position"],
            desk=data["desk"],
            photo=data["photo"],
            remove_photo=data.get("remove_photo", False),
            is_active=data["is_active"],
            order=data["order"],
        ),
        done=lambda _result: (
            _("Đã lưu thông tin cán bộ %(name)s.") % {"name": member.full_name},
            reverse("communes:staff_list", args=[member.commune_id]),
        ),
        title=_("Sửa thông tin cán bộ %(name)s") % {"name": member.full_name},
        template="communes/conduct/staff_form.html",
        context={"commune": member.commune, "member": member},
    )


# --- Pledges ----------------------------------------------------------------------------------


@login_required
def pledge_create(request, commune_pk: int):
    """Record that a staff member signed a code (?code= and ?staff_member= preselect them)."""
    commune = _commune(request, commune_pk)
    if not selectors.can_manage_staff(user=request.user, commune=commune):
        raise PermissionDenied
    initial = {
        key: request.GET[key] for key in ("code", "staff_member") if request.GET.get(key, "").isdecimal()
    }
    return form_page(
        request,
        PledgeForm(request.POST or None, request.FILES or None, commune=commune, initial=initial),
        save=lambda data: services.pledge_record(
            member=data["staff_member"],
            code=data["code"],
            by=request.user,
            signed_on=data["signed_on"],
            scan=data["scan"],
        ),
        done=lambda pledge: (
            _("Đã ghi nhận %(name)s ký cam kết “%(code)s”.")
            % {"name": pledge.staff_member.full_name, "code": pledge.code.name},
            f"{reverse('communes:code_detail', args=[pledge.code_id])}?commune={commune.pk}",
        ),
        title=_("Ghi nhận ký cam kết thực hiện quy tắc ứng xử"),
        template="communes/conduct/pledge_form.html",
        context={"commune": commune},
    )


@login_required
@require_POST
def pledge_delete(request, pk: int):
    pledge = get_in_scope_or_404(
        Pledge.objects.select_related("staff_member__commune", "code"),
        user=request.user,
        via="staff_member__commune",
        pk=pk,
    )
    services.pledge_delete(pledge=pledge, by=request.user)
    messages.success(
        request,
        _("Đã xóa bản cam kết của %(name)s.") % {"name": pledge.staff_member.full_name},
    )
    return redirect(
        f"{reverse('communes:code_detail', args=[pledge.code_id])}?commune={pledge.staff_member.commune_id}"
    )
