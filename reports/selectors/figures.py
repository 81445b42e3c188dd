"""The figures of a review over its communes and period, and the comparison with the period
before: the dashboard, the review page, the API and the PDF all read `review_figures` and
`compare_periods`, so they cannot disagree.

Definitions (also on the dashboard and in the PDF):
- feedback received (tiếp nhận) = items received in the period on the portal + the items the
  historic tallies of the period account for (resolved on time, late, or open past due);
- feedback resolved (đã giải quyết) = those of them answered or closed + the tallies' resolved;
  so received is never below resolved;
- the satisfaction index counts the forms that say whether the citizen was satisfied: a survey
  tally without its satisfied count adds forms but no index (the card says so);
- the previous period is the period of the same length just before, clipped to the programme's
  phase; a previous period outside the phase, or with no record at all, is shown as "—", with no
  change, never as zeros.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Enrolment, Programme
from communes.selectors.activity import activity_totals
from communes.selectors.criteria import annotate_latest_score
from dialogues.selectors import indicators
from surveys.selectors import Index, communes_index

from .scope import era_at

PILOT_LEVELS = [Enrolment.Level.PROVINCE_PILOT, Enrolment.Level.DISTRICT_PILOT]


def previous_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of the same length just before [start, end]: the review compares with it."""
    length = end - start
    previous_end = start - datetime.timedelta(days=1)
    return previous_end - length, previous_end


def enrolment_key(end: datetime.date):
    """What an enrolment counts as at the end of a period: its commune before the reform; after
    it, the 2025 commune that took its commune over (or the commune itself, a 2025 one)."""
    if era_at(end) == AdminUnit.Era.LEGACY:
        return F("commune_id")
    return Coalesce("commune__successor_id", "commune_id")


@dataclass
class Figures:
    """Every indicator of a review over its communes and period."""

    start: datetime.date
    end: datetime.date
    era: str  # the era the communes are counted in: that of the period's end
    communes: int
    enrolled: int
    pilots: int
    rollout_share: float | None
    activity: dict
    survey: Index
    feedback: dict
    assessed: int

    @property
    def letters(self) -> int:
        return self.activity["letters"]

    @property
    def feedback_received(self) -> int:
        """Items received on the portal and items accounted for by historic tallies."""
        return self.feedback["received"] + self.feedback["tallied"]

    @property
    def survey_without_index(self) -> int:
        """Forms counted without a satisfied count (tallies of totals only)."""
        return max(self.survey.forms - self.survey.overall_answered, 0)

    @property
    def has_data(self) -> bool:
        """Whether anything was recorded in the period: letters, ceremonies, forms, feedback or
        dialogues. A period without is shown as "—", never as zeros."""
        activity = sum(v for k, v in self.activity.items() if k not in ("letters", "ceremonies"))
        return bool(
            activity or self.survey.forms or self.feedback_received or self.feedback["dialogues_held"]
        )


def review_figures(
    *, programme: Programme, communes: QuerySet[AdminUnit], start: datetime.date, end: datetime.date
) -> Figures:
    """The review's indicators over `communes` (both eras: see `scope_communes`): about ten
    aggregate queries, whatever the number of records."""
    era = era_at(end)
    enrolments = Enrolment.objects.filter(
        programme=programme, commune__in=communes.values("pk"), selected_on__lte=end
    ).exclude(status=Enrolment.Status.WITHDRAWN)
    key = enrolment_key(end)
    counts = enrolments.aggregate(
        enrolled=Count(key, distinct=True),
        pilots=Count(key, distinct=True, filter=Q(level__in=PILOT_LEVELS)),
    )
    total = communes.filter(era=era).count()
    assessed = (
        annotate_latest_score(communes, programme=programme)
        .filter(latest_assessment_id__isnull=False)
        .count()
    )
    feedback = indicators(communes=communes, start=start, end=end)
    return Figures(
        start=start,
        end=end,
        era=era,
        communes=total,
        enrolled=counts["enrolled"],
        pilots=counts["pilots"],
        rollout_share=counts["enrolled"] / total if total else None,
        activity=activity_totals(communes=communes, start=start, end=end),
        survey=communes_index(communes=communes, month_from=start, month_to=end),
        feedback=feedback,
        assessed=assessed,
    )


@dataclass
class IndicatorRow:
    label: str
    current: float | int | None
    previous: float | int | None
    percent: bool = False

    @property
    def change(self) -> float | int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    def display(self) -> dict:
        """The row as the dashboard and the PDF print it: Vietnamese number formats, and the
        change of a rate in percentage points."""
        from friendly_gov.templatetags.vn import number

        from ..charts import MISSING, value_text

        change = self.change
        if change is None:
            change_text = MISSING
        elif self.percent:
            change_text = gettext("%(sign)s%(value)s điểm %%") % {
                "sign": "+" if change > 0 else "",
                "value": number(round(change * 100, 1), 1),
            }
        else:
            change_text = ("+" if change > 0 else "") + value_text(change, percent=False)
        return {
            "label": self.label,
            "current": value_text(self.current, percent=self.percent),
            "previous": value_text(self.previous, percent=self.percent),
            "change": change_text,
            "trend": "up" if change and change > 0 else "down" if change and change < 0 else "",
        }


def indicator_rows(*, current: Figures, previous: Figures | None) -> list[IndicatorRow]:
    """The indicators table of a review: this period against the previous one. A previous period
    without any record counts as none: "—", with no change."""
    if previous is not None and not previous.has_data:
        previous = None

    def pair(getter, label, percent=False):
        return IndicatorRow(
            label=label,
            current=getter(current),
            previous=getter(previous) if previous is not None else None,
            percent=percent,
        )

    rows = [
        pair(lambda f: f.enrolled, _("Xã, phường, thị trấn thực hiện mô hình")),
        pair(lambda f: f.rollout_share, _("Tỷ lệ đơn vị thực hiện"), True),
        pair(lambda f: f.activity["letter_thanks"], _("Thư cảm ơn")),
        pair(lambda f: f.activity["letter_congratulation"], _("Thư chúc mừng")),
        pair(lambda f: f.activity["letter_condolence"], _("Thư chia buồn")),
        pair(lambda f: f.activity["letter_apology"], _("Thư xin lỗi")),
        pair(
            lambda f: f.activity["ceremony_marriage"], _("Trao giấy chứng nhận kết hôn (lượt cặp vợ chồng)")
        ),
        pair(lambda f: f.activity["ceremony_other"], _("Nghi thức, buổi trao khác")),
        pair(lambda f: f.survey.forms, _("Phiếu khảo sát sự hài lòng")),
        pair(lambda f: f.survey.overall, _("Tỷ lệ hài lòng chung"), True),
    ]
    for factor, label, _value in current.survey.factor_rows:
        rows.append(
            pair(lambda f, factor=factor: f.survey.factors.get(factor), _("Hài lòng: %s") % label, True)
        )
    rows += [
        pair(lambda f: f.feedback["dialogues_held"], _("Hội nghị đối thoại với Nhân dân")),
        pair(lambda f: f.feedback_received, _("Phản ánh, kiến nghị tiếp nhận")),
        pair(lambda f: f.feedback["resolved"], _("Phản ánh, kiến nghị đã giải quyết")),
        pair(lambda f: f.feedback["resolution_rate"], _("Tỷ lệ giải quyết phản ánh, kiến nghị"), True),
        pair(lambda f: f.feedback["on_time_rate"], _("Tỷ lệ giải quyết đúng hạn"), True),
        pair(lambda f: f.assessed, _("Đơn vị tự chấm điểm theo bộ tiêu chí")),
    ]
    return rows


@dataclass
class Comparison:
    """A period's figures against the previous one, as the dashboard and the PDF show them."""

    figures: Figures
    previous: Figures | None  # None: no previous period in the phase, or nothing recorded in it
    previous_start: datetime.date | None
    previous_end: datetime.date | None
    rows: list[IndicatorRow]

    @property
    def crosses_reform(self) -> bool:
        """The period runs across 01/07/2025: legacy and 2025 communes' records meet in it."""
        return self.figures.start < REFORM_DAY <= self.figures.end

    @property
    def previous_note(self) -> str:
        """Why the previous column is empty, or ""."""
        if self.previous is not None:
            return ""
        if self.previous_start is None:
            return gettext("Kỳ trước nằm ngoài giai đoạn của chương trình: không so sánh.")
        return gettext("Kỳ trước không có số liệu nào được ghi nhận: không so sánh.")


def compare_periods(
    *, programme: Programme, communes: QuerySet[AdminUnit], start: datetime.date, end: datetime.date
) -> Comparison:
    """This period's figures and the indicators table against the period of the same length
    before it, clipped to the programme's phase (a whole-phase review has no previous period)."""
    current = review_figures(programme=programme, communes=communes, start=start, end=end)
    previous_start, previous_end = previous_period(start, end)
    previous = None
    if previous_end < programme.phase_start:
        previous_start = previous_end = None
    else:
        previous_start = max(previous_start, programme.phase_start)
        previous = review_figures(
            programme=programme, communes=communes, start=previous_start, end=previous_end
        )
        if not previous.has_data:
            previous = None
    return Comparison(
        figures=current,
        previous=previous,
        previous_start=previous_start,
        previous_end=previous_end,
        rows=indicator_rows(current=current, previous=previous),
    )


def rollout_by_year(*, programme: Programme, communes: QuerySet[AdminUnit], end: datetime.date) -> list[dict]:
    """Communes enrolled year by year until `end`: new pilots and rollouts, the communes taking
    part by the year's end and their share of all communes, both counted as the communes stood
    then (a year ending after the reform counts the 2025 communes that took over the enrolled
    ones). One query for the enrolments, one for the totals; a summary of a few rows a year."""
    enrolments = list(
        Enrolment.objects.filter(programme=programme, commune__in=communes.values("pk"), selected_on__lte=end)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .values_list("commune_id", "commune__successor_id", "level", "selected_on")
        .order_by("selected_on")
    )
    totals = dict(communes.order_by().values_list("era").annotate(n=Count("pk")).values_list("era", "n"))
    rows = []
    for year in sorted({selected.year for _c, _s, _l, selected in enrolments}):
        year_end = min(datetime.date(year, 12, 31), end)
        legacy = era_at(year_end) == AdminUnit.Era.LEGACY
        reached = {
            commune if legacy else (successor or commune)
            for commune, successor, _level, selected in enrolments
            if selected <= year_end
        }
        this_year = [level for _c, _s, level, selected in enrolments if selected.year == year]
        total = totals.get(era_at(year_end), 0)
        rows.append(
            {
                "year": year,
                "pilots": sum(1 for level in this_year if level != Enrolment.Level.ROLLOUT),
                "rollout": sum(1 for level in this_year if level == Enrolment.Level.ROLLOUT),
                "cumulative": len(reached),
                "share": len(reached) / total if total else None,
            }
        )
    return rows
