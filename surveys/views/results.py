"""Results for province staff and officers (each within their scope): the satisfaction index and
its breakdowns, read from the one selector, with CSV/XLSX exports of the aggregates and of the
anonymised responses."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import AdminUnit, Programme, User
from communes.scope import get_in_scope_or_404, scope_queryset
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..forms import ResultsFilterForm
from ..models import SIPAS_FACTORS, Answer, Factor, MonthlyCount, Question
from ..selectors import option_labels, ratio, response_list, survey_results, template_current

COMMUNE = AdminUnit.Level.COMMUNE


def _filter_form(request) -> ResultsFilterForm:
    user = request.user
    data = request.GET.copy()
    wanted = data.get("commune", "")
    if wanted:
        # Another commune's results answer 404, as any object outside the user's scope.
        if not wanted.isdecimal():
            data.pop("commune")
        else:
            get_in_scope_or_404(AdminUnit.objects.filter(level=COMMUNE), user=user, via="", pk=int(wanted))
    # The choice lists hold the communes that have figures (plus the officer's own), not the
    # thousands of the country.
    with_data = MonthlyCount.objects.values("commune_id")
    communes = scope_queryset(AdminUnit.objects.filter(level=COMMUNE), user=user, via="").filter(
        pk__in=with_data
    )
    if user.is_commune_officer:
        communes = scope_queryset(AdminUnit.objects.filter(level=COMMUNE), user=user, via="")
    elif wanted.isdecimal():
        communes = communes | AdminUnit.objects.filter(pk=int(wanted))
    officers = scope_queryset(User.objects.filter(role=User.Role.COMMUNE_OFFICER), user=user, via="commune")
    programmes = scope_queryset(Programme.objects.all(), user=user, via=("owner_unit", "enrolments__commune"))
    return ResultsFilterForm(
        data or None,
        communes=communes.order_by("name"),
        officers=officers.order_by("last_name", "first_name"),
        programmes=programmes.select_related("owner_unit"),
    )


def _criteria(form: ResultsFilterForm) -> dict:
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return {
            key: data.get(key)
            for key in ("commune", "service", "officer", "month_from", "month_to", "programme")
        }
    return {}


def _pct(value) -> str:
    return "" if value is None else round(value * 100, 1)


def _sums_ratio(row, prefix):
    return _pct(ratio(row[f"{prefix}_satisfied"], row[f"{prefix}_answered"]))


@login_required
def results(request):
    form = _filter_form(request)
    criteria = _criteria(form)
    fmt = requested_export(request)
    result = survey_results(user=request.user, with_distributions=fmt is None, **criteria)
    if fmt:
        columns = [
            Column(_("Xã, phường"), lambda r: r["commune__name"]),
            Column(_("Huyện (cũ)"), lambda r: r["commune__parent__name"] or ""),
            Column(_("Số phiếu"), lambda r: r["forms"]),
            Column(_("Số phiếu có đánh giá chung"), lambda r: r["overall_answered"]),
            Column(_("Hài lòng chung (%)"), lambda r: _sums_ratio(r, "overall")),
        ] + [Column(f"{Factor(f).label} (%)", lambda r, f=f: _sums_ratio(r, f)) for f in SIPAS_FACTORS]
        return export_response(
            fmt=fmt,
            filename=f"chi-so-hai-long-{timezone.localdate():%Y%m%d}",
            columns=columns,
            rows=result.by_commune,
        )
    page_obj = paginate(request, result.by_commune)
    rows = [
        {
            "commune_id": row["commune_id"],
            "name": row["commune__name"],
            "district": row["commune__parent__name"],
            "forms": row["forms"],
            "overall": ratio(row["overall_satisfied"], row["overall_answered"]),
            "factors": [ratio(row[f"{f}_satisfied"], row[f"{f}_answered"]) for f in SIPAS_FACTORS],
        }
        for row in page_obj
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "surveys/results.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "page_obj": page_obj,
            "factor_labels": [Factor(f).label for f in SIPAS_FACTORS],
            "query": query.urlencode(),
            "commune": criteria.get("commune"),
        },
    )


@login_required
def response_list_view(request):
    """Anonymised responses: no code, no dossier number, no officer; free text as typed."""
    form = _filter_form(request)
    criteria = _criteria(form)
    responses = response_list(user=request.user)
    if criteria.get("commune"):
        responses = responses.filter(commune=criteria["commune"])
    if criteria.get("service"):
        responses = responses.filter(service=criteria["service"])
    if criteria.get("month_from"):
        responses = responses.filter(submitted_at__date__gte=criteria["month_from"])
    fmt = requested_export(request)
    template = template_current()
    if fmt:
        questions = list(template.questions.all())
        answers = Prefetch(
            "answers", queryset=Answer.objects.only("response_id", "question_id", "value", "values", "text")
        )
        rows = (
            responses.filter(template=template)
            .prefetch_related(answers)
            .order_by("submitted_at")
            .iterator(2000)
        )
        labels = {q.pk: dict(option_labels(q)) for q in questions}

        def answer(response, question):
            for item in response.answers.all():
                if item.question_id == question.pk:
                    if question.kind in Question.TEXT_KINDS:
                        return item.text
                    if question.kind == Question.Kind.MULTIPLE:
                        return "; ".join(labels[question.pk].get(v, str(v)) for v in item.values)
                    return labels[question.pk].get(item.value, item.value)
            return ""

        columns = [
            Column(_("Số phiếu"), lambda r: r.pk),
            Column(_("Thời điểm"), lambda r: r.submitted_at),
            Column(_("Xã, phường"), lambda r: r.commune.name),
            Column(_("Kênh"), lambda r: r.get_channel_display()),
            Column(_("Thủ tục"), lambda r: r.service.name if r.service else ""),
            Column(_("Quầy"), lambda r: r.desk.name if r.desk else ""),
            Column(_("Phiên bản mẫu phiếu"), lambda r: r.template.version),
        ] + [Column(q.text, lambda r, q=q: answer(r, q)) for q in questions]
        return export_response(
            fmt=fmt, filename=f"phieu-khao-sat-{timezone.localdate():%Y%m%d}", columns=columns, rows=rows
        )
    page_obj = paginate(request, responses.order_by("-submitted_at", "-id"))
    return render(request, "surveys/response_list.html", {"form": form, "page_obj": page_obj})
