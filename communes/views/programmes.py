"""Programme pages: the list, and the overview of one programme with its per-commune table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from friendly_gov.forms import form_page
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.programmes import EnrolmentFilter, ProgrammeFilter
from ..forms.programmes import (
    DocumentForm,
    EnrolmentEditForm,
    EnrolmentForm,
    ProgrammeForm,
    SteeringMemberForm,
)
from ..models import Enrolment, Programme, ProgrammeDocument, SteeringMember
from ..scope import can_configure, get_in_scope_or_404
from ..selectors.programmes import programme_detail, programme_list
from ..services import programmes as services


def programme_columns() -> list[Column]:
    return [
        Column(_("Chương trình"), lambda p: p.name),
        Column(_("Đơn vị chủ trì"), lambda p: p.owner_unit.name),
        Column(_("Bắt đầu giai đoạn"), lambda p: p.phase_start),
        Column(_("Kết thúc giai đoạn"), lambda p: p.phase_end),
        Column(_("Trạng thái"), lambda p: p.get_status_display()),
        Column(_("Xã điểm"), lambda p: p.pilots),
        Column(_("Xã tham gia"), lambda p: p.enrolled),
        Column(_("Tổng số xã của đơn vị chủ trì"), lambda p: p.owner_communes),
        Column(
            _("Tỷ lệ triển khai (%)"), lambda p: round(p.rollout_share * 100, 1) if p.rollout_share else None
        ),
    ]


@login_required
def programme_list_view(request):
    filterset = ProgrammeFilter(request.GET, queryset=programme_list(user=request.user))
    fmt = requested_export(request)
    if fmt:
        rows = filterset.qs.order_by("-phase_start", "name")
        return export_response(fmt=fmt, filename="chuong-trinh", columns=programme_columns(), rows=rows)
    return render(
        request,
        "communes/programme_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs.order_by("-phase_start", "name")),
            "can_configure": can_configure(request.user),
        },
    )


def overview_columns() -> list[Column]:
    return [
        Column(_("Mã xã"), lambda e: e.commune.code),
        Column(_("Xã, phường"), lambda e: e.commune.name),
        Column(_("Huyện"), lambda e: e.commune.parent.name if e.commune.parent else ""),
        Column(_("Hình thức"), lambda e: e.get_level_display()),
        Column(_("Ngày lựa chọn"), lambda e: e.selected_on),
        Column(_("Ngày ra mắt"), lambda e: e.launched_on),
        Column(_("Thư gửi người dân"), lambda e: e.letters),
        Column(_("Trong đó thư cảm ơn"), lambda e: e.thanks_letters),
        Column(_("Nghi thức"), lambda e: e.ceremonies),
        Column(_("Hạng mục cơ sở vật chất đạt (lần kiểm tra gần nhất)"), lambda e: e.checklist_present),
        Column(_("Nhiệm vụ quá hạn"), lambda e: e.overdue_tasks),
    ]


@login_required
def programme_detail_view(request, pk: int):
    programme = get_in_scope_or_404(
        Programme.objects.select_related("owner_unit__parent", "implements__owner_unit"),
        user=request.user,
        via=("owner_unit", "enrolments__commune"),
        pk=pk,
    )
    context = programme_detail(user=request.user, programme=programme)
    filterset = EnrolmentFilter(request.GET, queryset=context["enrolments"])
    fmt = requested_export(request)
    if fmt:
        return export_response(
            fmt=fmt, filename=f"chuong-trinh-{programme.pk}-xa", columns=overview_columns(), rows=filterset.qs
        )
    context.update(
        filter=filterset,
        page_obj=paginate(request, filterset.qs, per_page=50),
        can_configure=can_configure(request.user),
    )
    return render(request, "communes/programme_detail.html", context)


# --- Set-up by province administrators ------------------------------------------------------------


def _programme_for_setup(request, pk: int) -> Programme:
    programme = get_in_scope_or_404(
        Programme.objects.select_related("owner_unit"),
        user=request.user,
        via=("owner_unit", "enrolments__commune"),
        pk=pk,
    )
    if not can_configure(request.user):
        raise PermissionDenied
    return programme


def _form_page(request, form, *, title: str, programme: Programme | None, save, success: str):
    """A programme's set-up form (friendly_gov.forms.form_page): success returns to the
    programme, or to the new one."""
    back_url = (
        reverse("communes:programme_detail", args=[programme.pk])
        if programme
        else reverse("communes:programme_list")
    )
    return form_page(
        request,
        form,
        save=save,
        done=lambda result: (success, reverse("communes:programme_detail", args=[(programme or result).pk])),
        title=title,
        back_url=back_url,
        back_label=programme.name if programme else _("Chương trình"),
    )


@login_required
def programme_create_view(request):
    if not can_configure(request.user):
        raise PermissionDenied
    return _form_page(
        request,
        ProgrammeForm(request.POST or None, user=request.user),
        title=_("Chương trình mới"),
        programme=None,
        save=lambda data: services.programme_create(by=request.user, **data),
        success=_("Đã tạo chương trình."),
    )


@login_required
def programme_edit_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    form = ProgrammeForm(
        request.POST or None, instance=Programme.objects.get(pk=programme.pk), user=request.user
    )

    def save(data):
        fields = {name: value for name, value in data.items() if name != "owner_unit"}
        return services.programme_update(programme=programme, by=request.user, **fields)

    return _form_page(
        request,
        form,
        title=_("Sửa chương trình"),
        programme=programme,
        save=save,
        success=_("Đã lưu chương trình."),
    )


@login_required
def document_add_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    return _form_page(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        title=_("Thêm văn bản"),
        programme=programme,
        save=lambda data: services.document_add(programme=programme, by=request.user, **data),
        success=_("Đã thêm văn bản."),
    )


@login_required
@require_POST
def document_delete_view(request, pk: int):
    document = get_in_scope_or_404(
        ProgrammeDocument.objects.select_related("programme__owner_unit"),
        user=request.user,
        via=("programme__owner_unit", "programme__enrolments__commune"),
        pk=pk,
    )
    services.document_remove(document=document, by=request.user)
    messages.success(request, _("Đã xóa văn bản."))
    return redirect("communes:programme_detail", pk=document.programme_id)


@login_required
def enrolment_add_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    return _form_page(
        request,
        EnrolmentForm(request.POST or None, programme=programme),
        title=_("Thêm xã tham gia"),
        programme=programme,
        save=lambda data: services.enrolment_add(programme=programme, by=request.user, **data),
        success=_("Đã thêm xã tham gia."),
    )


@login_required
def enrolment_edit_view(request, pk: int):
    enrolment = get_in_scope_or_404(
        Enrolment.objects.select_related("programme__owner_unit", "commune"),
        user=request.user,
        via="commune",
        pk=pk,
    )
    if not can_configure(request.user):
        raise PermissionDenied
    return _form_page(
        request,
        EnrolmentEditForm(request.POST or None, instance=Enrolment.objects.get(pk=enrolment.pk)),
        title=enrolment.commune.name,
        programme=enrolment.programme,
        save=lambda data: services.enrolment_update(enrolment=enrolment, by=request.user, **data),
        success=_("Đã lưu."),
    )


@login_required
def steering_add_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    return _form_page(
        request,
        SteeringMemberForm(request.POST or None, programme=programme),
        title=_("Thêm thành viên Ban chỉ đạo"),
        programme=programme,
        save=lambda data: services.steering_member_add(programme=programme, by=request.user, **data),
        success=_("Đã thêm thành viên Ban chỉ đạo."),
    )


@login_required
@require_POST
def steering_delete_view(request, pk: int):
    member = get_in_scope_or_404(
        SteeringMember.objects.select_related("programme__owner_unit"),
        user=request.user,
        via=("programme__owner_unit", "programme__enrolments__commune"),
        pk=pk,
    )
    services.steering_member_remove(member=member, by=request.user)
    messages.success(request, _("Đã xóa thành viên Ban chỉ đạo."))
    return redirect("communes:programme_detail", pk=member.programme_id)
