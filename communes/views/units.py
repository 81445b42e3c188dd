"""Administrative units: search, and the page of one unit (a commune's record)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from friendly_gov.tables import paginate

from ..filters.units import UnitFilter
from ..models import AdminUnit
from ..scope import can_record, get_in_scope_or_404, scope_queryset
from ..selectors.programmes import commune_detail


@login_required
def unit_list_view(request):
    units = scope_queryset(AdminUnit.objects.all(), user=request.user, via="")
    filterset = UnitFilter(request.GET, queryset=units)
    queryset = filterset.qs.select_related("parent", "successor").order_by("era", "level", "code")
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
