"""The province dashboard: a programme's figures over a unit and a period, against the period
before, with charts, the communes ranked and exported, and the drill-down into one commune.

Every figure comes from the reports selectors, as in the review PDFs, so the dashboard and the
report never disagree; the number of queries does not grow with the number of communes. A scope
reads the communes of both eras (a 2025 commune with the legacy ones merged into it), so a period
across 01/07/2025 is one table."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from communes.models import AdminUnit, Programme, User
from communes.scope import get_in_scope_or_404, scope_queryset
from friendly_gov.tables import Column, export_response, paginate, requested_export
from friendly_gov.templatetags.vn import percent as format_percent
from surveys.selectors import communes_index_by_year

from ..charts import bar_chart, column_chart, line_chart
from ..forms.dashboard import DashboardForm, Preset
from ..selectors import (
    RANKING_FORMULA,
    Figures,
    citizen_service,
    commune_table,
    compare_periods,
    continuing_unit,
    flatten,
    leading_and_lagging,
    nests_under_current,
    reviewable_programmes,
    rollout_by_year,
    scope_communes,
    split_rows,
)

PER_PAGE = 25


def _is_province_staff(user: User) -> bool:
    return user.is_superuser or user.is_province_staff


def _chosen_programme(request, programmes: QuerySet[Programme], *, via) -> Programme | None:
    """The programme asked for (404 outside the user's scope), else the latest one."""
    wanted = request.GET.get("programme", "")
    if wanted.isdecimal():
        return get_in_scope_or_404(programmes, user=request.user, via=via, pk=int(wanted))
    return programmes.first()


def _period_query(programme: Programme, start: datetime.date, end: datetime.date) -> str:
    return urlencode({"programme": programme.pk, "start": start.isoformat(), "end": end.isoformat()})


def _compare(*, programme: Programme, communes: QuerySet[AdminUnit], start, end) -> dict:
    """This period's figures and the indicators table against the period of the same length
    before it (the PDF's comparison: "—" where there is none)."""
    compared = compare_periods(programme=programme, communes=communes, start=start, end=end)
    return {
        "figures": compared.figures,
        "compared": compared,
        "rows": [row.display() for row in compared.rows],
        "previous_start": compared.previous_start,
        "previous_end": compared.previous_end,
    }


def _survey_charts(figures: Figures, *, communes: QuerySet[AdminUnit], start, end) -> dict:
    factors = [(_("Hài lòng chung"), figures.survey.overall)] + [
        (str(label), value) for _key, label, value in figures.survey.factor_rows
    ]
    by_year = communes_index_by_year(communes=communes, month_from=start, month_to=end)
    return {
        "factor_chart": bar_chart(
            factors, percent=True, highlight=0, title=_("Tỷ lệ hài lòng theo yếu tố (SIPAS)")
        ),
        "year_chart": line_chart(
            [(str(year), index.overall) for year, index in by_year],
            percent=True,
            title=_("Tỷ lệ hài lòng chung theo năm"),
        )
        if by_year
        else None,
    }


def _letters_chart(figures: Figures):
    activity = figures.activity
    items = [
        (_("Thư cảm ơn"), activity["letter_thanks"]),
        (_("Thư chúc mừng"), activity["letter_congratulation"]),
        (_("Thư chia buồn"), activity["letter_condolence"]),
        (_("Thư xin lỗi"), activity["letter_apology"]),
        (_("Trao giấy chứng nhận kết hôn"), activity["ceremony_marriage"]),
        (_("Nghi thức khác"), activity["ceremony_other"]),
    ]
    return bar_chart(items, percent=False, title=_("Thư gửi người dân và nghi thức"))


def _rollout_chart(rollout: list[dict]):
    if not rollout:
        return None
    return column_chart(
        [(str(row["year"]), [row["pilots"], row["rollout"]]) for row in rollout],
        series=[_("Xã điểm"), _("Nhân rộng")],
        notes=[format_percent(row["share"]) if row["share"] is not None else None for row in rollout],
        title=_("Số xã tham gia theo năm (số trên cột: lũy kế / tổng số xã)"),
    )


def _percent_cell(value):
    return round(value * 100, 1) if value is not None else None


def table_columns() -> list[Column]:
    """The exported table: each 2025 commune, then the communes merged into it ("Thuộc xã")."""
    return [
        Column(_("Hạng"), lambda r: r["rank"]),
        Column(_("Mã xã"), lambda r: r["unit"].code),
        Column(_("Xã, phường, thị trấn"), lambda r: _own_name(r)),
        Column(_("Huyện (trước 01/07/2025)"), lambda r: r["district"]),
        Column(_("Thuộc xã (từ 01/07/2025)"), lambda r: r["within"].name if r.get("within") else ""),
        Column(_("Hình thức"), lambda r: str(r["level_label"])),
        Column(_("Năm tham gia"), lambda r: r["year"]),
        Column(_("Thư gửi người dân"), lambda r: r["letters"]),
        Column(_("Nghi thức"), lambda r: r["ceremonies"]),
        Column(_("Phiếu khảo sát"), lambda r: r["forms"]),
        Column(_("Hài lòng chung (%)"), lambda r: _percent_cell(r["satisfaction"])),
        Column(_("Đối thoại"), lambda r: r["dialogues"]),
        Column(_("Phản ánh đã giải quyết"), lambda r: r["resolved"]),
        Column(_("Tỷ lệ giải quyết (%)"), lambda r: _percent_cell(r["resolution_rate"])),
        Column(_("Điểm tự chấm"), lambda r: r["score"]),
        Column(_("Điểm tối đa"), lambda r: r["score_max"]),
        Column(_("Điểm xếp hạng (%)"), lambda r: _percent_cell(r["points"])),
        Column(_("Đồng hạng"), lambda r: _("Có") if r["tied"] else ""),
        Column(_("Ghi chú"), lambda r: _split_note(r)),
    ]


def _own_name(row: dict) -> str:
    if row["own"]:
        return _("%(name)s (từ 01/07/2025)") % {"name": row["unit"].name}
    return row["unit"].name


def _split_note(row: dict) -> str:
    if not row["split_into"]:
        return ""
    return _(
        "Xã được chia năm 2025; số liệu tính cho xã kế thừa mặc định, một phần địa bàn sang: %(names)s"
    ) % {"names": ", ".join(unit.name for unit in row["split_into"])}


@login_required
def dashboard(request):
    user = request.user
    if user.is_commune_officer:
        # An officer's dashboard is their commune's page, for the same programme and period.
        target = reverse("reports:dashboard_commune", args=[user.commune_id])
        query = request.GET.copy()
        query.pop("scope", None)
        return redirect(f"{target}?{query.urlencode()}" if query else target)
    if not _is_province_staff(user):
        raise PermissionDenied
    programmes = reviewable_programmes(user=user).order_by("-phase_start", "name")
    programme = _chosen_programme(request, programmes, via="owner_unit")
    if programme is None:
        return render(request, "reports/dashboard.html", {"programme": None})
    form = DashboardForm(request.GET, programmes=programmes, programme=programme)
    context = {"form": form, "programme": programme, "presets": Preset.choices}
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context)

    unit = form.unit()
    start, end = form.period
    communes = scope_communes(unit=unit, programme=programme)
    table = commune_table(programme=programme, communes=communes, start=start, end=end, unit=unit)
    fmt = requested_export(request)
    if fmt:
        filename = f"bang-dieu-hanh-{programme.pk}-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        return export_response(fmt=fmt, filename=filename, columns=table_columns(), rows=flatten(table))
    compared = _compare(programme=programme, communes=communes, start=start, end=end)
    figures = compared["figures"]
    leading, lagging = leading_and_lagging(table)
    rollout = rollout_by_year(programme=programme, communes=communes, end=end)
    context.update(
        compared,
        unit=unit,
        start=start,
        end=end,
        page_obj=paginate(request, table, per_page=PER_PAGE),
        nested=nests_under_current(unit=unit, end=end),
        split=split_rows(table),
        ranked=sum(1 for row in table if row["rank"] is not None),
        ranking_formula=RANKING_FORMULA,
        leading=leading,
        lagging=lagging,
        rollout=rollout,
        rollout_chart=_rollout_chart(rollout),
        letters_chart=_letters_chart(figures),
        drill_query=_period_query(programme, start, end),
        citizen=citizen_service(unit=unit, start=start, end=end, user=user),
        **_survey_charts(figures, communes=communes, start=start, end=end),
    )
    return render(request, "reports/dashboard.html", context)


def _commune_programmes(*, user: User, unit: AdminUnit) -> QuerySet[Programme]:
    """Programmes a commune takes part in or falls under (its district's, its province's), as
    far as the user may see them; a 2025 commune also those of the communes merged into it, of
    their districts and provinces (Thái Bình's programme for a commune of today's Hưng Yên)."""
    lineage = AdminUnit.objects.filter(Q(pk=unit.pk) | Q(successor=unit) | Q(pk=unit.successor_id))
    owners = {pk for row in lineage.values_list("pk", "parent_id", "parent__parent_id") for pk in row if pk}
    related = Programme.objects.filter(
        Q(owner_unit__in=owners) | Q(enrolments__commune__in=lineage.values("pk"))
    ).values("pk")
    programmes = Programme.objects.filter(pk__in=related).select_related("owner_unit")
    return scope_queryset(programmes, user=user, via=("owner_unit", "enrolments__commune")).order_by(
        "-phase_start", "name"
    )


@login_required
def commune(request, pk: int):
    user = request.user
    unit = get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).select_related(
            "parent", "parent__parent", "successor"
        ),
        user=user,
        via="",
        pk=pk,
    )
    programmes = _commune_programmes(user=user, unit=unit)
    # `programmes` is already the user's scope: a programme outside it answers 404.
    programme = _chosen_programme(request, programmes, via=("owner_unit", "enrolments__commune"))
    context = {
        "unit": unit,
        "programme": programme,
        "presets": Preset.choices,
        "is_staff": _is_province_staff(user),
        "predecessors": list(unit.predecessors.select_related("parent").order_by("name")),
    }
    if programme is None:
        return render(request, "reports/dashboard_commune.html", context)
    form = DashboardForm(request.GET, programmes=programmes, programme=programme, with_scope=False)
    context["form"] = form
    if not form.is_valid():
        return render(request, "reports/dashboard_commune.html", context)

    start, end = form.period
    communes = scope_communes(unit=unit, programme=programme)
    compared = _compare(programme=programme, communes=communes, start=start, end=end)
    # The rank is among every commune of the programme, listed as on the province page: a 2025
    # commune among the 2025 communes of the unit the programme continues under.
    owner = programme.owner_unit
    over = continuing_unit(owner) if unit.is_current else owner
    table = commune_table(
        programme=programme,
        communes=scope_communes(unit=over, programme=programme),
        start=start,
        end=end,
        unit=over,
    )
    row = next((r for r in flatten(table) if r["unit"].pk == unit.pk and not r["own"]), None)
    context.update(
        compared,
        form=form,
        start=start,
        end=end,
        row=row,
        rank_unit=over,
        ranked=sum(1 for r in table if r["rank"] is not None),
        ranking_formula=RANKING_FORMULA,
        letters_chart=_letters_chart(compared["figures"]),
        back_query=_period_query(programme, start, end),
        citizen=citizen_service(unit=unit, start=start, end=end, user=user),
        **_survey_charts(compared["figures"], communes=communes, start=start, end=end),
    )
    return render(request, "reports/dashboard_commune.html", context)
