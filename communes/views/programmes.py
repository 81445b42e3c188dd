"""Pages of the communes app: thin, they call selectors and render."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..filters.programmes import ProgrammeFilter
from ..models import Programme
from ..scope import get_in_scope_or_404
from ..selectors.programmes import programme_detail, programme_list

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def programme_list_view(request):
    filterset = ProgrammeFilter(request.GET, queryset=programme_list(user=request.user))
    return render(
        request,
        "communes/programme_list.html",
        {"filter": filterset, "page_obj": _page(request, filterset.qs.order_by("-phase_start", "name"))},
    )


@login_required
def programme_detail_view(request, pk: int):
    programme = get_in_scope_or_404(
        Programme.objects.select_related("owner_unit", "implements"),
        user=request.user,
        via=("owner_unit", "enrolments__commune"),
        pk=pk,
    )
    return render(
        request,
        "communes/programme_detail.html",
        programme_detail(user=request.user, programme=programme),
    )
