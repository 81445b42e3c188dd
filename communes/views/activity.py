"""Pages of a commune's activity log: quick log forms for the desk (tablet-friendly), lists with
filters and CSV/XLSX export, the import of period totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from friendly_gov.forms import add_service_errors, form_page
from friendly_gov.table_import import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.activity import ActivityFilter, dated_filter
from ..forms.activity import (
    ActivityEntryForm,
    ActivityTallyForm,
    BoxOpeningForm,
    FacilityCheckForm,
    FollowUpCompleteForm,
    FollowUpTaskFormSet,
    ImportForm,
    InspectionForm,
)
from ..models import AdminUnit, FacilityCheck, FollowUpTask, InspectionVisit, SuggestionBoxOpening
from ..scope import can_record, get_in_scope_or_404
from ..selectors import activity as selectors
from ..services import activity as services
from ..services import activity_import as import_services


def _commune(request, pk: int, *, write: bool = False) -> AdminUnit:
    commune = get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).select_related("parent"),
        user=request.user,
        via="",
        pk=pk,
    )
    if write and not can_record(request.user):
        raise PermissionDenied
    return commune


def _commune_url(commune: AdminUnit) -> str:
    return reverse("communes:unit_detail", args=[commune.pk])


# --- Quick log forms --------------------------------------------------------------------------


@login_required
def activity_new(request, commune_pk: int):
    """One letter or ceremony: the form a desk officer uses several times a day."""
    commune = _commune(request, commune_pk, write=True)
    return form_page(
        request,
        ActivityEntryForm(request.POST or None),
        save=lambda data: services.activity_record(commune=commune, by=request.user, **data),
        done=lambda record: (
            _("Đã ghi: %(kind)s.") % {"kind": record.get_kind_display()},
            reverse("communes:activity_new", args=[commune.pk]),
        ),
        template="communes/activity/entry_form.html",
        context={"commune": commune},
    )


@login_required
def activity_tally_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    return form_page(
        request,
        ActivityTallyForm(request.POST or None),
        save=lambda data: services.activity_tally(commune=commune, by=request.user, **data),
        done=lambda _record: (_("Đã ghi số liệu tổng hợp."), _commune_url(commune)),
        title=_("Ghi số liệu tổng hợp theo kỳ"),
        template="communes/activity/form.html",
        context={"commune": commune},
    )


@login_required
def box_opening_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    return form_page(
        request,
        BoxOpeningForm(request.POST or None),
        save=lambda data: services.box_opening_record(commune=commune, by=request.user, **data),
        done=lambda _opening: (_("Đã ghi lần mở hòm thư góp ý."), _commune_url(commune)),
        title=_("Mở hòm thư góp ý"),
        template="communes/activity/form.html",
        context={"commune": commune},
    )


@login_required
def facility_check_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    form = FacilityCheckForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda data: services.facility_check_record(
            commune=commune,
            by=request.user,
            checked_on=data["checked_on"],
            items=form.items(),
            note=data["note"],
            photos=data["photos"],
        ),
        done=lambda check: (
            _("Đã lưu kết quả kiểm tra cơ sở vật chất."),
            reverse("communes:facility_check_detail", args=[check.pk]),
        ),
        template="communes/activity/check_form.html",
        context={"commune": commune},
    )


@login_required
def inspection_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    form = InspectionForm(request.POST or None)
    tasks = FollowUpTaskFormSet(request.POST or None, prefix="tasks")
    if request.method == "POST" and form.is_valid() and tasks.is_valid():
        try:
            visit = services.inspection_record(
                commune=commune,
                by=request.user,
                tasks=[task for task in tasks.cleaned_data if task],
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi đoàn kiểm tra."))
            return redirect("communes:inspection_detail", pk=visit.pk)
    return render(
        request, "communes/activity/inspection_form.html", {"commune": commune, "form": form, "tasks": tasks}
    )


@login_required
@require_POST
def follow_up_complete(request, pk: int):
    task = get_in_scope_or_404(
        FollowUpTask.objects.select_related("visit__commune"), user=request.user, via="visit__commune", pk=pk
    )
    if not can_record(request.user):
        raise PermissionDenied
    form = FollowUpCompleteForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_complete(task=task, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành nhiệm vụ."))
    else:
        messages.error(request, _("Ngày hoàn thành không hợp lệ."))
    return redirect("communes:inspection_detail", pk=task.visit_id)


# --- Import -----------------------------------------------------------------------------------------


@login_required
def activity_import(request):
    """The import page. A file already imported for the same commune is refused with the earlier
    import named and a confirmation box: a browser cannot send the file again by itself, so the
    user ticks the box and selects the file again."""
    if not can_record(request.user):
        raise PermissionDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, ask_confirmation="confirm_duplicate" in request.POST
    )
    errors, duplicate = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_services.activity_import(
                upload=form.cleaned_data["file"],
                by=request.user,
                confirm_duplicate=form.cleaned_data.get("confirm_duplicate", False),
            )
        except import_services.DuplicateImport as rejected:
            duplicate = rejected.errors[0]
            form = ImportForm(ask_confirmation=True)
        except import_services.ImportRejected as rejected:
            errors = [str(error) for error in rejected.errors]
        else:
            messages.success(
                request,
                _("Đã nhập %(rows)s dòng, tổng %(total)s lượt.")
                % {
                    "rows": number_format(result.created, force_grouping=True),
                    "total": number_format(result.total, force_grouping=True),
                },
            )
            return redirect("communes:activity_list")
    return render(
        request,
        "communes/activity/import.html",
        {
            "form": form,
            "errors": errors,
            "duplicate": duplicate,
            "imports": selectors.activity_import_list(user=request.user)[:10],
            "max_mb": IMPORT_MAX_BYTES // 1_048_576,
            "max_rows": IMPORT_MAX_ROWS,
        },
    )


# --- Lists and details ------------------------------------------------------------------------------


def _list_page(request, *, queryset, filterset_class, template: str, columns, filename: str, title):
    filterset = filterset_class(request.GET, queryset=queryset)
    rows = filterset.qs
    fmt = requested_export(request)
    if fmt:
        return export_response(
            fmt=fmt, filename=filename, columns=columns, rows=rows.iterator(chunk_size=2000)
        )
    return render(
        request, template, {"filter": filterset, "page_obj": paginate(request, rows), "title": title}
    )


def _commune_columns():
    return [
        Column(_("Mã xã"), lambda r: r.commune.code),
        Column(_("Xã, phường"), lambda r: r.commune.name),
        Column(_("Huyện"), lambda r: r.commune.parent.name if r.commune.parent else ""),
    ]


@login_required
def activity_list(request):
    columns = [
        *_commune_columns(),
        Column(_("Loại"), lambda r: r.get_kind_display()),
        Column(_("Từ ngày"), lambda r: r.period_start),
        Column(_("Đến ngày"), lambda r: r.period_end),
        Column(_("Số lượng"), lambda r: r.count),
        Column(_("Người nhận"), lambda r: r.recipient),
        Column(_("Ghi chú"), lambda r: r.note),
        Column(_("Nguồn"), lambda r: r.get_source_display()),
    ]
    return _list_page(
        request,
        queryset=selectors.activity_list(user=request.user).order_by("-period_end", "-id"),
        filterset_class=ActivityFilter,
        template="communes/activity/list.html",
        columns=columns,
        filename="thu-nghi-thuc",
        title=_("Thư gửi người dân và nghi thức"),
    )


@login_required
def box_opening_list(request):
    columns = [
        *_commune_columns(),
        Column(_("Ngày mở"), lambda r: r.opened_on),
        Column(_("Người chứng kiến"), lambda r: r.witnesses),
        Column(_("Số thư, phiếu"), lambda r: r.letters_found),
        Column(_("Ghi chú"), lambda r: r.note),
    ]
    return _list_page(
        request,
        queryset=selectors.box_opening_list(user=request.user).order_by("-opened_on", "-id"),
        filterset_class=dated_filter(SuggestionBoxOpening, "opened_on"),
        template="communes/activity/box_opening_list.html",
        columns=columns,
        filename="mo-hom-thu",
        title=_("Mở hòm thư góp ý"),
    )


@login_required
def facility_check_list(request):
    columns = [
        *_commune_columns(),
        Column(_("Ngày kiểm tra"), lambda r: r.checked_on),
        Column(_("Hạng mục đạt"), lambda r: r.present_items),
        Column(_("Tổng hạng mục"), lambda r: r.total_items),
        Column(_("Ghi chú"), lambda r: r.note),
    ]
    return _list_page(
        request,
        queryset=selectors.facility_check_list(user=request.user).order_by("-checked_on", "-id"),
        filterset_class=dated_filter(FacilityCheck, "checked_on"),
        template="communes/activity/check_list.html",
        columns=columns,
        filename="kiem-tra-co-so-vat-chat",
        title=_("Kiểm tra cơ sở vật chất"),
    )


@login_required
def inspection_list(request):
    columns = [
        *_commune_columns(),
        Column(_("Ngày kiểm tra"), lambda r: r.visited_on),
        Column(_("Người kiểm tra"), lambda r: r.visitor),
        Column(_("Chức vụ"), lambda r: r.visitor_title),
        Column(_("Kết quả, nhận xét"), lambda r: r.findings),
        Column(_("Số nhiệm vụ"), lambda r: r.task_count),
        Column(_("Chưa hoàn thành"), lambda r: r.open_tasks),
        Column(_("Quá hạn"), lambda r: r.overdue_tasks),
    ]
    return _list_page(
        request,
        queryset=selectors.inspection_list(user=request.user).order_by("-visited_on", "-id"),
        filterset_class=dated_filter(InspectionVisit, "visited_on"),
        template="communes/activity/inspection_list.html",
        columns=columns,
        filename="kiem-tra-giam-sat",
        title=_("Kiểm tra, giám sát"),
    )


@login_required
def facility_check_detail(request, pk: int):
    check = get_in_scope_or_404(
        FacilityCheck.objects.select_related("commune__parent", "recorded_by").prefetch_related(
            "items", "photos"
        ),
        user=request.user,
        via="commune",
        pk=pk,
    )
    return render(request, "communes/activity/check_detail.html", {"check": check})


@login_required
def inspection_detail(request, pk: int):
    visit = get_in_scope_or_404(
        InspectionVisit.objects.select_related("commune__parent", "recorded_by").prefetch_related("tasks"),
        user=request.user,
        via="commune",
        pk=pk,
    )
    return render(
        request,
        "communes/activity/inspection_detail.html",
        {"visit": visit, "complete_form": FollowUpCompleteForm(), "can_record": can_record(request.user)},
    )
