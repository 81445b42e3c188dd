"""Everything a review's PDF states, from the same selectors as the dashboard."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from friendly_gov import official
from surveys.selectors import communes_index_by_year

from ..models import Award, Review
from .awards import review_awards
from .citizen import citizen_service
from .figures import compare_periods, rollout_by_year
from .ranking import RANKING_FORMULA, commune_table, leading_and_lagging, split_rows
from .reviews import review_draft_reasons
from .scope import nests_under_current, scope_communes

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
#: The chapters the review's figures fill (I and II); the evaluation written by staff follows.
FIGURE_CHAPTERS = 2


def _rate_text(value: float | None) -> str:
    """A rate inside a sentence: "96,9%", or words when it cannot be computed (never a dash)."""
    from friendly_gov.templatetags.vn import percent

    return percent(value) if value is not None else str(_("chưa tính được"))


def _paragraphs(text: str) -> list[str]:
    return [official.typographic_quotes(line.strip()) for line in text.splitlines() if line.strip()]


def evaluation_blocks(review: Review) -> list[tuple[str, str]]:
    """The evaluation staff wrote, as the document's last chapters: ("h2" | "h3" | "p", text),
    numbered after the figures' chapters; a section without text is left out (the draft mark
    says it is missing)."""
    general = [
        (gettext("Ưu điểm"), review.strengths),
        (gettext("Hạn chế và nguyên nhân"), review.weaknesses),
        (gettext("Bài học kinh nghiệm"), review.lessons),
    ]
    chapters = [
        (gettext("ĐÁNH GIÁ CHUNG"), [(title, text) for title, text in general if text.strip()]),
        (gettext("PHƯƠNG HƯỚNG, NHIỆM VỤ"), [("", review.directions)] if review.directions.strip() else []),
        (gettext("ĐỀ XUẤT, KIẾN NGHỊ"), [("", review.proposals)] if review.proposals.strip() else []),
    ]
    blocks = []
    numeral = FIGURE_CHAPTERS
    for title, sections in chapters:
        if not sections:
            continue
        blocks.append(("h2", f"{ROMAN[numeral]}. {title}"))
        numeral += 1
        for number, (heading, text) in enumerate(sections, start=1):
            if heading:
                blocks.append(("h3", f"{number}. {heading}"))
            blocks.extend(("p", paragraph) for paragraph in _paragraphs(text))
    return blocks


def _subject(review: Review) -> str:
    """The trích yếu under "BÁO CÁO": the review's title, or its kind, programme and period."""
    if review.title.strip():
        return official.typographic_quotes(review.title.strip())
    name = review.programme.name.strip()
    if '"' in name or "“" in name:
        what = name[:1].lower() + name[1:]
    else:
        what = gettext("thực hiện mô hình “%(name)s”") % {"name": name}
    start, end = review.period_start, review.period_end
    when = (
        gettext("năm %(year)s") % {"year": end.year}
        if start.year == end.year
        else gettext("giai đoạn %(start)s-%(end)s") % {"start": start.year, "end": end.year}
    )
    return official.typographic_quotes(f"{review.get_kind_display()} {what} {when}")


def review_heading(review: Review) -> dict:
    """What the first page and the signature of the review state (Nghị định 30/2020)."""
    issuer = review.issuer
    day = review.report_date or review.conference_date
    suffix = "/BC-UBND" if official.is_peoples_committee(issuer) else "/BC"
    body = official.body_name(issuer)
    number = review.number.strip()
    recipients = _paragraphs(review.recipients) or [
        gettext("Thành viên Ban Chỉ đạo;"),
        gettext("Các xã, phường, thị trấn thực hiện mô hình;"),
        gettext("Lưu: VT."),
    ]
    return {
        "draft_reasons": review_draft_reasons(review=review),
        "issuer": issuer,
        # A draft's number is left blank for the registry to write in: "Số:        /BC-UBND".
        "number": number or "\u00a0" * 8 + suffix,
        "day": day,
        "subject": _subject(review),
        "body": body,
        "signer_lines": official.signature_lines(
            issuer=issuer, title=review.signer_title or gettext("CHỦ TỊCH"), collective=True
        ),
        "recipients": recipients,
        "annex_reference": (
            gettext("(Kèm theo Báo cáo số %(number)s ngày %(date)s của %(body)s)")
            % {"number": number, "date": f"{day:%d/%m/%Y}", "body": body}
            if number and day
            else gettext("(Kèm theo Báo cáo của %(body)s)") % {"body": body}
        ),
    }


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
    awards = review_awards(review=review)
    for decision in awards["decisions"]:
        # Only the signed list is printed: a nomination is the staff's work in progress.
        decision.listed = [award for award in decision.awards.all() if award.status == Award.Status.DECIDED]
    heading = review_heading(review)
    evaluation = evaluation_blocks(review)
    return {
        "heading": heading,
        "draft": bool(heading["draft_reasons"]),
        "evaluation": evaluation[:-1],
        "closing": evaluation[-1:],
        "texts": {
            "satisfied": _rate_text(current.survey.overall),
            "resolution_rate": _rate_text(current.feedback["resolution_rate"]),
        },
        "review": review,
        "programme": programme,
        "documents": list(programme.documents.order_by("issued_on", "id")),
        "steering": list(programme.steering_members.order_by("order", "id")),
        "figures": current,
        "citizen": citizen_service(unit=review.scope_unit, start=start, end=end),
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
        "awards": awards,
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
