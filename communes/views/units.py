"""Administrative units: search, and the page of one unit (a commune's record)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.units import UnitFilter
from ..models import AdminUnit
from ..scope import can_record, get_in_scope_or_404, scope_queryset
from ..selectors.programmes import commune_detail


@login_required
def unit_list_view(request):
    units = scope_queryset(AdminUnit.objects.all(), user=request.user, via="")
    filterset = UnitFilter(request.GET, queryset=units)
    queryset = filterset.qs.select_related("parent", "successor").order_by("era", "level", "code")
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Mã"), lambda u: u.code),
            Column(_("Tên"), lambda u: u.name),
            Column(_("Cấp"), lambda u: u.get_level_display()),
            Column(_("Loại"), lambda u: u.get_unit_type_display()),
            Column(_("Thời kỳ"), lambda u: u.get_era_display()),
            Column(_("Cấp trên"), lambda u: u.parent.name if u.parent else ""),
            Column(_("Đơn vị kế thừa"), lambda u: u.successor.name if u.successor else ""),
            Column(_("Mã đơn vị kế thừa"), lambda u: u.successor.code if u.successor else ""),
        ]
        return export_response(
            fmt=fmt, filename="don-vi-hanh-chinh", columns=columns, rows=queryset.iterator(2000)
        )
    return render(
        request, "communes/unit_list.html", {"filter": filterset, "page_obj": paginate(request, queryset)}
    )


@login_required
def unit_detail_view(request, pk: int):
    unit = get_in_scope_or_404(
        AdminUnit.objects.select_related("parent", "successor", "current_province"),
        user=request.user,
        via="",
        pk=pk,
    )
    context = commune_detail(user=request.user, unit=unit)
    context["can_record"] = can_record(request.user)
    return render(request, "communes/unit_detail.html", context)
