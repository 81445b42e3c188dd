"""Programme pages: the list, and the overview of one programme with its per-commune table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.programmes import EnrolmentFilter, ProgrammeFilter
from ..models import Programme
from ..scope import get_in_scope_or_404
from ..selectors.programmes import programme_detail, programme_list


@login_required
def programme_list_view(request):
    filterset = ProgrammeFilter(request.GET, queryset=programme_list(user=request.user))
    return render(
        request,
        "communes/programme_list.html",
        {"filter": filterset, "page_obj": paginate(request, filterset.qs.order_by("-phase_start", "name"))},
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
    context.update(filter=filterset, page_obj=paginate(request, filterset.qs, per_page=50))
    return render(request, "communes/programme_detail.html", context)
