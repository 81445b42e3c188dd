"""Programme pages: the list, and the overview of one programme with its per-commune table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from friendly_gov.forms import add_service_errors
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


def _form_page(request, form, *, title: str, back_url: str, back_label: str):
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "back_url": back_url, "back_label": back_label},
    )


def _run(request, form, service, success: str):
    """Call a service with the form's data; on a rule broken, show it on the form."""
    try:
        result = service()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return result


@login_required
def programme_create_view(request):
    if not can_configure(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = _run(
            request,
            form,
            lambda: services.programme_create(by=request.user, **form.cleaned_data),
            _("Đã tạo chương trình."),
        )
        if programme:
            return redirect("communes:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Chương trình mới"),
        back_url=reverse("communes:programme_list"),
        back_label=_("Chương trình"),
    )


@login_required
def programme_edit_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    form = ProgrammeForm(
        request.POST or None, instance=Programme.objects.get(pk=programme.pk), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "owner_unit"}
        if _run(
            request,
            form,
            lambda: services.programme_update(programme=programme, by=request.user, **fields),
            _("Đã lưu chương trình."),
        ):
            return redirect("communes:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Sửa chương trình"),
        back_url=reverse("communes:programme_detail", args=[programme.pk]),
        back_label=programme.name,
    )


@login_required
def document_add_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            lambda: services.document_add(programme=programme, by=request.user, **form.cleaned_data),
            _("Đã thêm văn bản."),
        ):
            return redirect("communes:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Thêm văn bản"),
        back_url=reverse("communes:programme_detail", args=[programme.pk]),
        back_label=programme.name,
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
    form = EnrolmentForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            lambda: services.enrolment_add(programme=programme, by=request.user, **form.cleaned_data),
            _("Đã thêm xã tham gia."),
        ):
            return redirect("communes:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Thêm xã tham gia"),
        back_url=reverse("communes:programme_detail", args=[programme.pk]),
        back_label=programme.name,
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
    form = EnrolmentEditForm(request.POST or None, instance=Enrolment.objects.get(pk=enrolment.pk))
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            lambda: services.enrolment_update(enrolment=enrolment, by=request.user, **form.cleaned_data),
            _("Đã lưu."),
        ):
            return redirect("communes:programme_detail", pk=enrolment.programme_id)
    return _form_page(
        request,
        form,
        title=enrolment.commune.name,
        back_url=reverse("communes:programme_detail", args=[enrolment.programme_id]),
        back_label=enrolment.programme.name,
    )


@login_required
def steering_add_view(request, pk: int):
    programme = _programme_for_setup(request, pk)
    form = SteeringMemberForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            lambda: services.steering_member_add(programme=programme, by=request.user, **form.cleaned_data),
            _("Đã thêm thành viên Ban chỉ đạo."),
        ):
            return redirect("communes:programme_detail", pk=programme.pk)
    return _form_page(
        request,
        form,
        title=_("Thêm thành viên Ban chỉ đạo"),
        back_url=reverse("communes:programme_detail", args=[programme.pk]),
        back_label=programme.name,
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
