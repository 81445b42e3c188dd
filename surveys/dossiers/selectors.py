"""Reads of dossiers: the scoped list, the officer's to-do (late dossiers without an apology slip),
and THE selector of on-time handling (`dossier_indicators`), which the indicators page, the API,
the dashboard and the review PDF all read.

Definitions (Quyết định 766/QĐ-TTg): over a period, dossiers returned early, on time and late are
counted in the month they were returned; a dossier still open past its due date counts as overdue
in the month it fell due, until it is returned (then it is late in the month of return). The
on-time rate is (early + on time) / (early + on time + late + open overdue): late work cannot
hide by staying open. Received and online dossiers are counted in the month of receipt.

Whole months are read from the monthly counts (a row per commune and month), their procedures
from the province counts for a whole province and from the dossiers of a commune; the days of a
month the period cuts (a period from the 10th) are read from the dossiers themselves (indexes on
the dates per commune), so any period is exact. Open overdue dossiers are read live: they change
every day, and the partial index holds only the open ones.

The whole country (a user who sees every unit, or no user, and no `unit`) reads the province
roll-up instead (`DossierProvinceCount`): whole months from its month rows, the cut days from its
day rows (per province, and per procedure for the whole country), 34 provinces rather than 3,321
communes and no dossiers but the open overdue ones; the figures are the same, per province
instead of per commune.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from communes.models import AdminUnit, User, fold
from communes.scope import scope_queryset
from communes.selectors.slips import slip_document

from .models import Dossier, DossierDelay, DossierMonthlyCount, DossierProvinceCount

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
COUNTED = ["received", "received_online", "early", "on_time", "late"]
Outcome = Dossier.Outcome


def in_scope(queryset: QuerySet, user: User | None) -> QuerySet:
    """The rows the user may see; with no user, all of them: a caller without one (a report
    built by a worker) reads a unit's area, which `area_filter` bounds."""
    return queryset if user is None else scope_queryset(queryset, user=user, via="commune")


def is_country(user: User | None, unit: AdminUnit | None) -> bool:
    """Whether the area is the whole country: no unit, and a user whose scope is every unit (a
    superuser, as `communes.scope` decides), or no user at all."""
    if unit is not None:
        return False
    return user is None or bool(user.is_authenticated and user.is_active and user.is_superuser)


def _whole_province(user: User | None, unit: AdminUnit | None) -> int | None:
    """The province of today whose whole area the figures cover (a province chosen by a user who
    sees all of it, or a province's staff with no unit chosen), else None."""
    if unit is None:
        if user is not None and user.is_province_staff and not user.is_superuser and user.province_id:
            return user.province.current_province_id or user.province_id
        return None
    if unit.level != AdminUnit.Level.PROVINCE or not unit.is_current:
        return None
    if user is None or user.is_superuser:
        return unit.pk
    if user.is_province_staff and user.province_id:
        return unit.pk if (user.province.current_province_id or user.province_id) == unit.pk else None
    return None


def area_filter(unit: AdminUnit, path: str = "commune") -> Q:
    """The dossiers (or counts) of a unit's area, in both eras: a 2025 commune and the communes
    merged into it; a legacy commune alone; a 2025 province all its communes of either era; a
    legacy province or district its communes as they were."""
    if unit.level == AdminUnit.Level.COMMUNE:
        if unit.is_current:
            return Q(**{path: unit}) | Q(**{f"{path}__successor": unit})
        return Q(**{path: unit})
    if unit.is_current:
        return Q(**{f"{path}__current_province": unit})
    return Q(**{f"{path}__parent": unit}) | Q(**{f"{path}__parent__parent": unit})


# --- Lists ------------------------------------------------------------------------------------------


def dossier_list(*, user: User) -> QuerySet[Dossier]:
    return (
        scope_queryset(Dossier.objects.all(), user=user, via="commune")
        .select_related("commune", "service", "officer")
        .annotate(has_slip=Exists(DossierDelay.objects.filter(dossier=OuterRef("pk"))))
    )


def with_code_starting(queryset: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """The dossiers whose code begins with `text` (a whole code finds its dossier, a beginning
    such as "000.00.31.H26-2603" a unit's month), as typed or in capitals: read from the unique
    code's index, so as fast among ten million dossiers as among a hundred."""
    text = text.strip()
    if not text:
        return queryset
    found = Q()
    for variant in {text, text.upper()}:
        found |= Q(code__startswith=variant)
    return queryset.filter(found)


def with_known_count(queryset: QuerySet[Dossier], count: int | None) -> QuerySet[Dossier]:
    """The queryset, telling its paginator `count` instead of counting its rows (None: count)."""
    queryset = queryset.all()
    queryset.known_count = count
    return queryset


def dossier_list_count(
    *, user: User, commune_id: int | None = None, status: str = "", outcome: str = ""
) -> int | None:
    """How many dossiers a list of the user's scope holds (of one commune, with a status or an
    outcome), read from the counts, which hold every dossier exactly: a list of ten million
    dossiers pages without counting them. The open ones are counted from their own small index.
    None for filters the counts do not hold."""
    returned = Dossier.Status.RETURNED
    if outcome and status and status != returned:
        return 0
    if commune_id is None and is_country(user, None):
        counts = DossierProvinceCount.objects.filter(
            span=DossierProvinceCount.Span.MONTH, service_key=DossierProvinceCount.ALL, province__isnull=False
        )
    else:
        counts = in_scope(DossierMonthlyCount.objects.all(), user)
        if commune_id is not None:
            counts = counts.filter(commune_id=commune_id)
    sums = counts.aggregate(**{column: Coalesce(Sum(column), 0) for column in COUNTED})
    if outcome:
        return sums[outcome] if outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE) else None
    done = sums["early"] + sums["on_time"] + sums["late"]
    if status == returned:
        return done
    if status in ("", Dossier.Status.PROCESSING, Dossier.Status.WITHDRAWN):
        if not status:
            return sums["received"]
        open_ones = in_scope(Dossier.objects.filter(status=Dossier.Status.PROCESSING), user)
        if commune_id is not None:
            open_ones = open_ones.filter(commune_id=commune_id)
        count = open_ones.count()
        return count if status == Dossier.Status.PROCESSING else sums["received"] - done - count
    return None


def dossiers_owing_a_slip(*, user: User, today: datetime.date | None = None) -> QuerySet[Dossier]:
    """The officer's to-do: open dossiers of their scope past their due date that have no apology
    slip yet, the longest overdue first."""
    today = today or timezone.localdate()
    return (
        scope_queryset(Dossier.objects.all(), user=user, via="commune")
        .filter(status=Dossier.Status.PROCESSING, due_on__lt=today)
        .exclude(Exists(DossierDelay.objects.filter(dossier=OuterRef("pk"))))
        .select_related("commune", "service")
        .order_by("due_on", "id")
    )


def dossier_detail(*, user: User, pk: int) -> Dossier:
    from communes.scope import get_in_scope_or_404

    return get_in_scope_or_404(
        Dossier.objects.select_related("commune__successor", "service", "officer"),
        user=user,
        via="commune",
        pk=pk,
    )


# --- On-time handling ----------------------------------------------------------------------------------


@dataclass
class Timeliness:
    received: int = 0
    received_online: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def counted(self) -> int:
        """The on-time rate's denominator."""
        return self.resolved + self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        return (self.early + self.on_time) / self.counted if self.counted else None

    @property
    def online_share(self) -> float | None:
        return self.received_online / self.received if self.received else None

    def add(self, values: dict) -> None:
        for name, value in values.items():
            if value:
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "received_online": self.received_online,
            "online_share": self.online_share,
            "early": self.early,
            "on_time": self.on_time,
            "late": self.late,
            "open_overdue": self.open_overdue,
            "on_time_rate": self.on_time_rate,
        }


@dataclass
class DossierIndicators:
    start: datetime.date
    end: datetime.date
    totals: Timeliness
    by_commune: list[tuple[AdminUnit, Timeliness]] = field(default_factory=list)
    by_service: list[tuple[int, str, Timeliness]] = field(default_factory=list)
    by_month: list[tuple[datetime.date, Timeliness]] = field(default_factory=list)
    # The whole country's figures per province of today (`by_commune` is then empty).
    by_province: list[tuple[AdminUnit, Timeliness]] = field(default_factory=list)


def _month_end(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _split(
    start: datetime.date, end: datetime.date
) -> tuple[tuple | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole months of [start, end] as (first month, last month), and the cut parts of months
    as date ranges."""
    first = start.replace(day=1) if start.day == 1 else _month_end(start) + datetime.timedelta(days=1)
    last = end.replace(day=1) if end == _month_end(end) else end.replace(day=1) - datetime.timedelta(days=1)
    last = last.replace(day=1)
    parts = []
    if first > last:
        # No whole month: the period is one or two cut parts.
        if start.replace(day=1) == end.replace(day=1):
            return None, [(start, end)]
        return None, [(start, _month_end(start)), (end.replace(day=1), end)]
    if start < first:
        parts.append((start, first - datetime.timedelta(days=1)))
    if end > _month_end(last):
        parts.append((_month_end(last) + datetime.timedelta(days=1), end))
    return (first, last), parts


def _bounds(day_from: datetime.date, day_to: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day_from, datetime.time(), tzinfo=LOCAL)
    return start, datetime.datetime.combine(
        day_to + datetime.timedelta(days=1), datetime.time(), tzinfo=LOCAL
    )


def _breakdown(
    *,
    counts: QuerySet,
    dossiers: QuerySet,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    by_service: bool,
    province_id: int | None,
) -> dict[str, dict]:
    """Timeliness in total and per commune, procedure and month, all read at once: the whole
    months from the monthly counts (a row per commune and month) and, with `by_service`, the
    procedures of those months from the province counts when the area is a whole province of
    today (`province_id`), else from the area's dossiers (a commune's, or a unit's of before
    2025); each cut part of a month (which lies within one month) from the dossiers grouped by
    commune and procedure, and the open overdue ones grouped by commune, procedure and month of
    their due date. At most nine queries, whatever the period and the scope."""
    result: dict[str, dict] = {
        name: defaultdict(Timeliness) for name in ("total", "commune", "service", "month")
    }

    def add(values: dict, *, commune, month, service=None) -> None:
        result["total"][None].add(values)
        result["commune"][commune].add(values)
        result["month"][month].add(values)
        if service is not None:
            result["service"][service].add(values)

    outcomes = {
        name: Count("pk", filter=Q(outcome=name)) for name in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
    }
    received_sums = {
        "received": Count("pk"),
        "received_online": Count("pk", filter=Q(channel=Dossier.Channel.ONLINE)),
    }
    whole, parts = _split(start, end)
    if whole is not None:
        months = counts.filter(month__gte=whole[0], month__lte=whole[1])
        sums = {name: Sum(name) for name in COUNTED}
        # Grouped in SQL: a row per commune, or per month, to add up here (not one per both).
        result["total"][None].add(months.aggregate(**sums))
        for column, group in (("commune_id", "commune"), ("month", "month")):
            for row in months.values(column).annotate(**sums).order_by():
                result[group][row.pop(column)].add(row)
        if by_service and province_id is not None:
            # A whole province of today: its procedures' months from the province counts.
            for row in (
                DossierProvinceCount.objects.filter(
                    span=DossierProvinceCount.Span.MONTH,
                    period__gte=whole[0],
                    period__lte=whole[1],
                    province_id=province_id,
                    service_key__gt=DossierProvinceCount.ALL,
                )
                .values("service_key")
                .annotate(**sums)
                .order_by()
            ):
                result["service"][row.pop("service_key")].add(row)
        elif by_service:
            # A commune (or a unit of before 2025): its dossiers of those months, per procedure.
            low, high = _bounds(whole[0], _month_end(whole[1]))
            received = dossiers.filter(received_at__gte=low, received_at__lt=high)
            returned = dossiers.filter(returned_at__gte=low, returned_at__lt=high).exclude(outcome="")
            for queryset, grouped in ((received, received_sums), (returned, outcomes)):
                for row in queryset.values("service_id").annotate(**grouped).order_by():
                    result["service"][row.pop("service_id")].add(row)
    for day_from, day_to in parts:
        low, high = _bounds(day_from, day_to)
        month = day_from.replace(day=1)
        received = dossiers.filter(received_at__gte=low, received_at__lt=high)
        returned = dossiers.filter(returned_at__gte=low, returned_at__lt=high).exclude(outcome="")
        for queryset, sums in ((received, received_sums), (returned, outcomes)):
            for row in queryset.values("commune_id", "service_id").annotate(**sums).order_by():
                add(row, commune=row.pop("commune_id"), month=month, service=row.pop("service_id"))
    # Open past due: due within the period and before today.
    for row in _overdue(dossiers, group="commune_id", start=start, end=end, today=today):
        add(
            {"open_overdue": row["open_overdue"]},
            commune=row["commune_id"],
            month=row["due_month"],
            service=row["service_id"],
        )
    return result


def _overdue(dossiers: QuerySet, *, group: str, start, end, today) -> list[dict]:
    """The open dossiers past due, due within the period and before today, grouped by `group`
    (the commune, or its province), procedure and month of their due date: `group`, service_id,
    due_month (a date) and open_overdue."""
    last_due = min(end, today - datetime.timedelta(days=1))
    if last_due < start:
        return []
    rows = []
    for row in (
        dossiers.filter(status=Dossier.Status.PROCESSING, due_on__gte=start, due_on__lte=last_due)
        .annotate(due_month=TruncMonth("due_on"))
        .values(group, "service_id", "due_month")
        .annotate(open_overdue=Count("pk"))
        .order_by()
    ):
        due_month = row["due_month"]
        due_month = due_month.date() if isinstance(due_month, datetime.datetime) else due_month
        row["due_month"] = due_month.replace(day=1)
        rows.append(row)
    return rows


def _country_breakdown(
    *, dossiers: QuerySet, start: datetime.date, end: datetime.date, today: datetime.date, by_service: bool
) -> dict[str, dict]:
    """The whole country's timeliness in total and per province, procedure and month, from the
    province roll-up: its month rows for the whole months, its day rows for the cut parts of
    months (only those holding something, as the dossiers would give), the rows of all procedures
    grouped by province and month (34 provinces × the months), with `by_service` the procedures'
    rows grouped by procedure; and the open overdue dossiers grouped by the province of their
    commune (the commune itself when it is in no province of today), procedure and due month.
    Three queries, whatever the period and the number of dossiers."""
    result: dict[str, dict] = {
        name: defaultdict(Timeliness) for name in ("total", "province", "service", "month")
    }
    Span = DossierProvinceCount.Span
    whole, parts = _split(start, end)
    periods = Q()
    if whole is not None:
        periods |= Q(span=Span.MONTH, period__gte=whole[0], period__lte=whole[1])
    # A day row all of zeros (what a re-import leaves behind) is no dossier of the day.
    held = ~Q(**{name: 0 for name in COUNTED})
    for day_from, day_to in parts:
        periods |= Q(span=Span.DAY, period__gte=day_from, period__lte=day_to) & held
    if periods:
        rows = DossierProvinceCount.objects.filter(periods)
        sums = {name: Sum(name) for name in COUNTED}
        every = (
            rows.filter(service_key=DossierProvinceCount.ALL)
            .annotate(month=TruncMonth("period"))
            .values("province_id", "month")
            .annotate(**sums)
            .order_by()
        )
        for row in every:
            province, month = row.pop("province_id"), row.pop("month")
            month = month.date() if isinstance(month, datetime.datetime) else month
            result["total"][None].add(row)
            result["province"][province].add(row)
            result["month"][month].add(row)
        if by_service:
            for row in (
                rows.exclude(service_key=DossierProvinceCount.ALL)
                .values("service_key")
                .annotate(**sums)
                .order_by()
            ):
                result["service"][row.pop("service_key")].add(row)
    overdue = dossiers.annotate(province=Coalesce(F("commune__current_province"), F("commune")))
    for row in _overdue(overdue, group="province", start=start, end=end, today=today):
        values = {"open_overdue": row["open_overdue"]}
        result["total"][None].add(values)
        result["province"][row["province"]].add(values)
        result["month"][row["due_month"]].add(values)
        if by_service:
            result["service"][row["service_id"]].add(values)
    return result


def dossier_indicators(
    *,
    user: User | None,
    start: datetime.date,
    end: datetime.date,
    unit: AdminUnit | None = None,
    breakdown: bool = True,
    today: datetime.date | None = None,
) -> DossierIndicators:
    """On-time handling over the user's scope (and `unit`'s area), from `start` to `end`
    inclusive: the totals, and with `breakdown` per commune, procedure and month. The whole
    country (`is_country`) is read from the province roll-up, per province instead of per
    commune (`by_province`; `by_commune` stays empty), with the same totals, procedures and
    months."""
    today = today or timezone.localdate()
    country = is_country(user, unit)
    dossiers = in_scope(Dossier.objects.all(), user)
    if country:
        groups = _country_breakdown(
            dossiers=dossiers, start=start, end=end, today=today, by_service=breakdown
        )
    else:
        counts = in_scope(DossierMonthlyCount.objects.all(), user)
        if unit is not None:
            counts = counts.filter(area_filter(unit))
            dossiers = dossiers.filter(area_filter(unit))
        groups = _breakdown(
            counts=counts,
            dossiers=dossiers,
            start=start,
            end=end,
            today=today,
            by_service=breakdown,
            province_id=_whole_province(user, unit),
        )
    totals = groups["total"].get(None, Timeliness())
    indicators = DossierIndicators(start=start, end=end, totals=totals)
    if not breakdown:
        return indicators
    by_unit = groups["province" if country else "commune"]
    units = AdminUnit.objects.in_bulk([pk for pk in by_unit if pk is not None])
    rows = sorted(
        ((units[pk], values) for pk, values in by_unit.items() if pk in units),
        key=lambda pair: fold(pair[0].name),
    )
    if country:
        indicators.by_province = rows
    else:
        indicators.by_commune = rows
    by_service = groups["service"]
    from ..models import Service

    names = dict(Service.objects.filter(pk__in=[pk for pk in by_service if pk]).values_list("pk", "name"))
    indicators.by_service = sorted(
        ((pk, names.get(pk, ""), values) for pk, values in by_service.items() if pk is not None),
        key=lambda row: fold(row[1]),
    )
    indicators.by_month = sorted((month, values) for month, values in groups["month"].items() if month)
    return indicators


# --- Satisfaction by dossier ----------------------------------------------------------------------


def dossier_for_survey(*, code: str) -> Dossier | None:
    """The dossier a receipt's QR code names (codes are printed as the system gives them)."""
    return (
        Dossier.objects.select_related("commune__successor", "service", "officer")
        .filter(code=code.strip())
        .first()
    )


@dataclass
class SatisfactionRow:
    label: str
    forms: int
    satisfied: int

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.forms if self.forms else None


def satisfaction_by_timeliness(
    *, user: User, start: datetime.date, end: datetime.date, unit: AdminUnit | None = None
) -> dict[str, list[SatisfactionRow]]:
    """The overall satisfaction of the responses given through a dossier's receipt, by how the
    dossier was handled (early, on time, late, still open) and by procedure, over the responses
    submitted from `start` to `end`. One grouped query each."""
    from ..models import SurveyResponse

    responses = scope_queryset(SurveyResponse.objects.filter(dossier__isnull=False), user=user, via="commune")
    if unit is not None:
        responses = responses.filter(area_filter(unit))
    low = datetime.datetime.combine(start, datetime.time(), tzinfo=LOCAL)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=LOCAL)
    responses = responses.filter(
        submitted_at__gte=low, submitted_at__lt=high, overall_satisfied__isnull=False
    )
    sums = {"forms": Count("pk"), "satisfied": Count("pk", filter=Q(overall_satisfied=True))}
    labels = {**dict(Outcome.choices), "": str(Dossier.Status.PROCESSING.label)}
    by_outcome = [
        SatisfactionRow(str(labels.get(row["dossier__outcome"], "")), row["forms"], row["satisfied"])
        for row in responses.values("dossier__outcome").annotate(**sums).order_by("dossier__outcome")
    ]
    by_service = [
        SatisfactionRow(row["dossier__service__name"], row["forms"], row["satisfied"])
        for row in responses.values("dossier__service__name")
        .annotate(**sums)
        .order_by("dossier__service__name")
    ]
    return {"by_outcome": by_outcome, "by_service": by_service}


# --- The citizen-facing indicators of Quyết định 766/QĐ-TTg --------------------------------------


@dataclass
class CitizenIndicators:
    """Of the indicators Quyết định 766/QĐ-TTg (23/6/2022) sets for serving citizens and
    businesses, the three the portal holds the data of: satisfaction (the share of forms
    satisfied overall), the on-time rate of dossiers, and the share of dossiers received online."""

    satisfaction: float | None = None
    forms: int = 0
    on_time_rate: float | None = None
    online_share: float | None = None
    received: int = 0

    def as_dict(self) -> dict:
        return {
            "satisfaction": self.satisfaction,
            "forms": self.forms,
            "on_time_rate": self.on_time_rate,
            "online_share": self.online_share,
            "received": self.received,
        }


@dataclass
class CitizenIndicatorTable:
    totals: CitizenIndicators
    by_commune: list[tuple[AdminUnit, CitizenIndicators]]
    # The whole country's rows, per province of today (`by_commune` is then empty).
    by_province: list[tuple[AdminUnit, CitizenIndicators]] = field(default_factory=list)


def citizen_indicators(
    *,
    user: User | None,
    start: datetime.date,
    end: datetime.date,
    unit: AdminUnit | None = None,
    today: datetime.date | None = None,
    timeliness: DossierIndicators | None = None,
) -> CitizenIndicatorTable:
    """The QĐ 766 indicators over the user's scope (and `unit`'s area, a commune or a province),
    in total and per commune (the whole country: per province of today): dossiers over the exact
    dates (`dossier_indicators`, which the caller may pass when it has read it already),
    satisfaction over the months the period touches (the survey counters are monthly). Two
    queries besides the dossiers'."""
    from ..models import MonthlyCount

    if timeliness is None:
        timeliness = dossier_indicators(user=user, start=start, end=end, unit=unit, today=today)
    country = is_country(user, unit)
    counts = in_scope(MonthlyCount.objects.all(), user).filter(
        month__gte=start.replace(day=1), month__lte=end.replace(day=1)
    )
    if unit is not None:
        counts = counts.filter(area_filter(unit))
    sums = {"forms": Sum("forms"), "answered": Sum("overall_answered"), "satisfied": Sum("overall_satisfied")}
    if country:
        # A commune in no province of today counts under itself, as in the dossiers' roll-up.
        counts = counts.annotate(area=Coalesce(F("commune__current_province"), F("commune")))
    else:
        counts = counts.annotate(area=F("commune"))
    surveyed = {row.pop("area"): row for row in counts.values("area").annotate(**sums).order_by()}

    def row(values: Timeliness | None, survey: dict | None) -> CitizenIndicators:
        survey = survey or {}
        answered = survey.get("answered") or 0
        return CitizenIndicators(
            satisfaction=(survey.get("satisfied") or 0) / answered if answered else None,
            forms=survey.get("forms") or 0,
            on_time_rate=values.on_time_rate if values else None,
            online_share=values.online_share if values else None,
            received=values.received if values else 0,
        )

    total_survey = {
        key: sum((values.get(key) or 0) for values in surveyed.values())
        for key in ("forms", "answered", "satisfied")
    }
    by_unit = timeliness.by_province if country else timeliness.by_commune
    by_dossiers = {place.pk: (place, values) for place, values in by_unit}
    missing = [pk for pk in surveyed if pk not in by_dossiers]
    units = {place.pk: place for place, _values in by_unit}
    units.update(AdminUnit.objects.in_bulk(missing) if missing else {})
    rows = [
        (units[pk], row(by_dossiers.get(pk, (None, None))[1], surveyed.get(pk)))
        for pk in set(by_dossiers) | set(surveyed)
        if pk in units
    ]
    rows.sort(key=lambda pair: fold(pair[0].name))
    totals = row(timeliness.totals, total_survey)
    if country:
        return CitizenIndicatorTable(totals=totals, by_commune=[], by_province=rows)
    return CitizenIndicatorTable(totals=totals, by_commune=rows)


def dossier_slip_document(*, delay: DossierDelay) -> dict:
    """What the apology slip of a late dossier states (communes.selectors.slips), and what it is
    about: the dossier, its procedure, its day of receipt. The feed names no citizen."""
    dossier = delay.dossier
    return {
        **slip_document(slip=delay, commune=dossier.commune),
        "dossier": dossier,
        "received": timezone.localtime(dossier.received_at).date(),
        "recipients": [gettext("Ông/Bà có hồ sơ;"), gettext("Lưu: VT, BPMC.")],
    }
