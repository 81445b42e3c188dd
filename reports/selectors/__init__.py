"""Reads of the reports app. `review_figures`, `compare_periods` and `commune_table` are THE
figures of a review: the PDF, the review page, the API and the province dashboard all read them,
and they read the other apps only through those apps' own selectors (aggregates in SQL, whatever
the number of records). A review's communes are those of both eras (`scope_communes`), so a 2019
baseline and a 2026 result meet in one table.

- `scope`: the communes of a scope across the reform of 1 July 2025;
- `figures`: the indicators, the previous period, the rollout;
- `ranking`: the communes ranked, ties shared, the leading and lagging ones;
- `awards`: award decisions and nominations;
- `reviews`: reviews and their builds in the user's scope;
- `citizen`: the QĐ 766 citizen indicators and SIPAS over a unit's area;
- `document`: everything a review's PDF states;
- `decision`: everything an award decision's PDF and its certificates state.
"""

from .awards import (
    award_communes,
    award_decision_in_scope,
    award_in_scope,
    award_programmes,
    award_staff,
    award_totals,
    award_totals_phrase,
    can_manage_awards,
    decision_awards,
    decision_certificates,
    decision_is_decided,
    decision_list,
    decision_totals,
    nomination_cut,
    nomination_rows,
    nomination_source,
    review_awards,
    stated_totals,
)
from .citizen import CitizenService, citizen_service
from .decision import awardee_name, certificate_pages, citation, decision_authority, decision_document
from .document import review_document, review_heading
from .figures import (
    PILOT_LEVELS,
    Comparison,
    Figures,
    IndicatorRow,
    compare_periods,
    indicator_rows,
    previous_period,
    review_figures,
    rollout_by_year,
)
from .ranking import (
    RANKING_FORMULA,
    Cut,
    commune_table,
    cut,
    flatten,
    leading_and_lagging,
    rank_rows,
    split_rows,
)
from .reviews import (
    SILENT_AFTER,
    BuildState,
    build_in_scope,
    build_state,
    latest_done_build,
    review_builds,
    review_draft_reasons,
    review_list,
    reviewable_programmes,
    schedule_for,
    scope_units_for,
)
from .scope import continuing_unit, era_at, nests_under_current, scope_communes

__all__ = [
    "PILOT_LEVELS",
    "RANKING_FORMULA",
    "SILENT_AFTER",
    "BuildState",
    "CitizenService",
    "Comparison",
    "Cut",
    "Figures",
    "IndicatorRow",
    "award_communes",
    "award_decision_in_scope",
    "award_in_scope",
    "award_programmes",
    "award_staff",
    "award_totals",
    "award_totals_phrase",
    "awardee_name",
    "build_in_scope",
    "build_state",
    "can_manage_awards",
    "certificate_pages",
    "citation",
    "citizen_service",
    "commune_table",
    "compare_periods",
    "continuing_unit",
    "cut",
    "decision_authority",
    "decision_awards",
    "decision_certificates",
    "decision_document",
    "decision_is_decided",
    "decision_list",
    "decision_totals",
    "era_at",
    "flatten",
    "indicator_rows",
    "latest_done_build",
    "leading_and_lagging",
    "nests_under_current",
    "nomination_cut",
    "nomination_rows",
    "nomination_source",
    "previous_period",
    "rank_rows",
    "review_awards",
    "review_builds",
    "review_document",
    "review_draft_reasons",
    "review_figures",
    "review_heading",
    "review_list",
    "reviewable_programmes",
    "rollout_by_year",
    "schedule_for",
    "scope_communes",
    "scope_units_for",
    "split_rows",
    "stated_totals",
]
