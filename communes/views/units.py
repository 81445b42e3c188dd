"""Administrative units: search, the page of one unit (a commune's record), and what the
citizens' pages of a commune (surveys, feedback) share about the 2025 reform."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.units import UnitFilter
from ..models import AdminUnit
from ..scope import can_record, get_in_scope_or_404, scope_queryset
from ..selectors.programmes import commune_detail
from ..selectors.units import commune_in_force_id, handed_over, units_labelled

# The query parameter that carries the dissolved commune an old address named ("từ": from).
FROM_PARAM = "tu"


def redirect_dissolved_commune(view):
    """For a citizens' page of one commune (`commune_pk` in its address): a commune the 2025
    reform dissolved answers with a redirect to the same page of the commune that took it over
    (its default one if it was split): 302 for a GET; 307 for a POST, so that the browser sends
    the same form there, and nothing a citizen sent is lost or stored on the dissolved commune.
    The query string is kept (a poster's desk, `?d=`), with `tu=<old id>` added so that the page
    can say where the citizen came from. Put it above the rate limit: a POST is counted once.
    After the first request of a process, it costs no query."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs["commune_pk"]
        in_force = commune_in_force_id(pk)
        if in_force is None or in_force == pk:
            return view(request, *args, **kwargs)
        match = request.resolver_match
        url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "commune_pk": in_force})
        query = request.GET.copy()
        query[FROM_PARAM] = str(pk)
        return HttpResponseRedirect(
            f"{url}?{query.urlencode()}", preserve_request=request.method not in ("GET", "HEAD")
        )

    return wrapper


def reform_context(request, commune: AdminUnit) -> dict:
    """What a citizens' page of `commune` says about the 2025 reform: `commune.formerly`
    ("trước đây: Xã Tiến Đức, Huyện Hưng Hà; ..."), and `handed_over`, the dissolved commune the
    citizen's old address named (`tu`), named first, with `other_communes`: for a commune split in
    2025, the others that took part of it, each with the address of this same page for it."""
    old = handed_over(commune=commune, old_pk=request.GET.get(FROM_PARAM, ""))
    units_labelled([commune], first=old.pk if old else None)
    name = request.resolver_match.view_name
    others = [(unit, reverse(name, kwargs={"commune_pk": unit.pk})) for unit in (old.others if old else [])]
    return {"handed_over": old, "other_communes": others}


@login_required
def unit_list_view(request):
    units = scope_queryset(AdminUnit.objects.all(), user=request.user, via="")
    filterset = UnitFilter(request.GET, queryset=units)
    # A search (`q`) comes best match first; a plain list in the model's order (era, level, code).
    queryset = filterset.qs.select_related("parent", "successor")
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
