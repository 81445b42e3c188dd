"""Everything a review's PDF states, from the same selectors as the dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from surveys.selectors import communes_index_by_year

from ..models import Review
from .awards import review_awards
from .figures import compare_periods, rollout_by_year
from .ranking import RANKING_FORMULA, commune_table, leading_and_lagging, split_rows
from .scope import nests_under_current, scope_communes


def _rate_text(value: float | None) -> str:
    """A rate inside a sentence: "96,9%", or words when it cannot be computed (never a dash)."""
    from friendly_gov.templatetags.vn import percent

    return percent(value) if value is not None else str(_("chưa tính được"))


def review_document(*, review: Review) -> dict:
    """Everything the review PDF states, from the selectors the dashboard reads (and so the same
    figures): about thirty queries, whatever the number of records."""
    from .. import charts  # drawing only; kept out of the module's import-time dependencies

    programme = review.programme
    communes = scope_communes(unit=review.scope_unit, programme=programme)
    start, end = review.period_start, review.period_end
    compared = compare_periods(programme=programme, communes=communes, start=start, end=end)
    current = compared.figures
    table = commune_table(
        programme=programme, communes=communes, start=start, end=end, unit=review.scope_unit
    )
    leading, lagging = leading_and_lagging(table)
    rollout = rollout_by_year(programme=programme, communes=communes, end=end)
    by_year = communes_index_by_year(communes=communes, month_from=start, month_to=end)
    return {
        "texts": {
            "satisfied": _rate_text(current.survey.overall),
            "resolution_rate": _rate_text(current.feedback["resolution_rate"]),
        },
        "review": review,
        "programme": programme,
        "documents": list(programme.documents.order_by("issued_on", "id")),
        "steering": list(programme.steering_members.order_by("order", "id")),
        "figures": current,
        "compared": compared,
        "previous": compared.previous,
        "previous_start": compared.previous_start,
        "previous_end": compared.previous_end,
        "rows": compared.rows,
        "rollout": rollout,
        "table": table,
        "nested": nests_under_current(unit=review.scope_unit, end=end),
        "split": split_rows(table),
        "ranked": sum(1 for row in table if row["rank"] is not None),
        "ranking_formula": RANKING_FORMULA,
        "leading": leading,
        "lagging": lagging,
        "survey_by_year": by_year,
        "survey_trend_known": any(index.overall is not None for _year, index in by_year),
        "awards": review_awards(review=review),
        "charts": {
            "factors": charts.bar_chart(
                [(label, value) for _f, label, value in current.survey.factor_rows],
                percent=True,
                max_value=1,
                title=_("Tỷ lệ hài lòng theo yếu tố"),
            ),
            "survey_trend": charts.line_chart(
                [(str(year), index.overall) for year, index in by_year], percent=True
            ),
            "rollout": charts.bar_chart(
                [(str(row["year"]), row["share"]) for row in rollout],
                percent=True,
                max_value=1,
                title=_("Tỷ lệ xã thực hiện mô hình (lũy kế)"),
            ),
        },
    }
