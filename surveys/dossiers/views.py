"""The dossiers' pages: the list (filters, CSV/XLSX), a dossier with its apology slips, the slip as
an official A4 PDF, the import of a feed, the on-time indicators; and the citizen's form through
the QR code of a receipt (`/ks/hs/<code>/`), which reuses the public survey form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from communes.eras import unit_in_force
from communes.models import AdminUnit
from communes.scope import can_record, get_in_scope_or_404
from friendly_gov.forms import add_service_errors
from friendly_gov.idempotency import KeyReused
from friendly_gov.pdf import pdf_response, render_pdf
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..forms import SurveyForm
from ..models import SurveyResponse
from ..selectors import template_current
from ..services import asked_questions
from ..sipas import sipas_indices
from ..views.public import RATE_KEY, _posted_template, _render_form, public_rate
from . import selectors, services
from .forms import DossierDelayForm, DossierFilter, DossierImportForm, IndicatorsForm
from .models import Dossier, DossierDelay


@login_required
def dossier_list(request):
    filterset = DossierFilter(request.GET, queryset=selectors.dossier_list(user=request.user))
    rows = filterset.qs.order_by("-received_at", "-id")
    chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
    if not chosen.get("code") and not chosen.get("owing"):
        count = selectors.dossier_list_count(
            user=request.user, status=chosen.get("status") or "", outcome=chosen.get("outcome") or ""
        )
        rows = selectors.with_known_count(rows, count)
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Mã hồ sơ"), lambda d: d.code),
            Column(_("Xã, phường"), lambda d: d.commune.name),
            Column(_("Mã thủ tục"), lambda d: d.service.code),
            Column(_("Thủ tục"), lambda d: d.service.name),
            Column(_("Kênh"), lambda d: d.get_channel_display()),
            Column(
                _("Ngày tiếp nhận"), lambda d: timezone.localtime(d.received_at).strftime("%d/%m/%Y %H:%M")
            ),
            Column(_("Ngày hẹn trả"), lambda d: d.due_on.strftime("%d/%m/%Y")),
            Column(
                _("Ngày trả kết quả"),
                lambda d: (
                    timezone.localtime(d.returned_at).strftime("%d/%m/%Y %H:%M") if d.returned_at else ""
                ),
            ),
            Column(_("Trạng thái"), lambda d: d.get_status_display()),
            Column(_("Kết quả xử lý"), lambda d: d.get_outcome_display()),
            Column(_("Cán bộ"), lambda d: d.officer_name),
        ]
        return export_response(fmt=fmt, filename="ho-so-tthc", columns=columns, rows=rows)
    return render(
        request,
        "surveys/dossiers/list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, rows),
            "today": timezone.localdate(),
            "can_import": can_record(request.user),
        },
    )


@login_required
def dossier_detail(request, pk: int):
    dossier = selectors.dossier_detail(user=request.user, pk=pk)
    form = DossierDelayForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                delay = services.dossier_delay_issue(dossier=dossier, by=request.user, **form.cleaned_data)
            except PermissionDenied:
                raise
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lập phiếu xin lỗi số %(number)s.") % {"number": delay.number})
                return redirect(reverse("surveys:dossier_detail", args=[dossier.pk]) + "#slips")
    today = timezone.localdate()
    return render(
        request,
        "surveys/dossiers/detail.html",
        {
            "dossier": dossier,
            "delays": list(dossier.delays.select_related("by")),
            "responses": list(
                SurveyResponse.objects.filter(dossier=dossier).only("submitted_at", "overall_satisfied")
            ),
            "form": form,
            "overdue": dossier.is_open and dossier.due_on < today,
            "can_record": can_record(request.user),
            "survey_url": request.build_absolute_uri(reverse("surveys:dossier_form", args=[dossier.code])),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def dossier_slip_pdf(request, pk: int):
    """The apology slip of a late dossier, as an official A4 document (Nghị định 30/2020), issued
    by the commune in force on its date."""
    delay = get_in_scope_or_404(
        DossierDelay.objects.select_related("dossier__commune__successor", "dossier__service"),
        user=request.user,
        via="dossier__commune",
        pk=pk,
    )
    pdf = render_pdf("surveys/dossiers/pdf/apology_slip.html", selectors.dossier_slip_document(delay=delay))
    return pdf_response(pdf, f"phieu-xin-loi-{delay.dossier.code}")


@login_required
def dossier_import(request):
    if not can_record(request.user):
        raise PermissionDenied
    form = DossierImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.dossiers_import_file(upload=form.cleaned_data["file"], by=request.user)
        except services.ImportRejected as rejected:
            errors = [str(error) for error in rejected.errors]
        else:
            messages.success(
                request,
                _("Đã nhập %(rows)s hồ sơ: %(created)s hồ sơ mới, %(updated)s hồ sơ cập nhật.")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect("surveys:dossier_list")
    return render(
        request,
        "surveys/dossiers/import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


def _province_link(province: AdminUnit, *, start, end) -> str:
    """A province's row of the country's table: its name, linking to its own figures over the same
    dates (escaped: a name is data)."""
    query = urlencode({"start": start.isoformat(), "end": end.isoformat(), "unit": str(province.pk)})
    return format_html('<a href="{}?{}">{}</a>', reverse("surveys:dossier_indicators"), query, province.name)


@login_required
def dossier_indicators(request):
    form = IndicatorsForm(request.GET or None)
    today = timezone.localdate()
    start, end, unit = today.replace(month=1, day=1), today, None
    if form.is_bound and form.is_valid():
        end = form.cleaned_data["end"] or end
        start = form.cleaned_data["start"] or end.replace(month=1, day=1)
        if form.cleaned_data.get("unit"):
            unit = get_in_scope_or_404(
                AdminUnit.objects.all(), user=request.user, via="", pk=form.cleaned_data["unit"]
            )
    indicators = selectors.dossier_indicators(user=request.user, unit=unit, start=start, end=end, today=today)
    satisfaction = selectors.satisfaction_by_timeliness(user=request.user, unit=unit, start=start, end=end)
    citizen = selectors.citizen_indicators(
        user=request.user, unit=unit, start=start, end=end, timeliness=indicators
    )
    sipas = sipas_indices(user=request.user, unit=unit, month_from=start, month_to=end)
    return render(
        request,
        "surveys/dossiers/indicators.html",
        {
            "form": form,
            "indicators": indicators,
            "unit": unit,
            "by_commune": [(commune.name, values) for commune, values in indicators.by_commune],
            "by_province": [
                (_province_link(province, start=start, end=end), values)
                for province, values in indicators.by_province
            ],
            "country": selectors.is_country(request.user, unit),
            "by_service": [(name, values) for _pk, name, values in indicators.by_service],
            "by_month": [(f"{month:%m/%Y}", values) for month, values in indicators.by_month],
            "satisfaction": satisfaction,
            "citizen": citizen,
            "sipas": sipas,
        },
    )


# --- The citizen's form by dossier -----------------------------------------------------------------


def _prefilled(questions, dossier: Dossier) -> dict:
    """The form's answers known from the dossier: the question asking which procedure it was."""
    return {
        f"q{question.pk}": dossier.service.name
        for question in questions
        if question.kind == question.Kind.SHORT_TEXT and "thủ tục" in question.text.lower()
    }


@never_cache
@ratelimit(key=RATE_KEY, rate=public_rate, method="POST", block=True)
def dossier_form(request, code: str):
    """The form of a dossier, from the QR code printed on its receipt: the procedure, the commune
    and the officer are the dossier's; it is answered once."""
    dossier = selectors.dossier_for_survey(code=code)
    if dossier is None:
        return render(
            request,
            "surveys/public/message.html",
            {
                "title": _("Không tìm thấy hồ sơ"),
                "message": _("Không tìm thấy hồ sơ này. Vui lòng kiểm tra lại mã in trên phiếu hẹn."),
            },
            status=404,
        )
    commune = unit_in_force(dossier.commune, on=timezone.localdate())
    rated = SurveyResponse.objects.filter(dossier=dossier).values_list("submitted_at", flat=True).first()
    if rated is not None and request.method != "POST":
        return _rated(request, rated, commune)
    posted = request.method == "POST"
    template = _posted_template(request) if posted else template_current()
    questions = asked_questions(template, SurveyResponse.Channel.WEB)
    form = SurveyForm(
        request.POST or None,
        questions=questions,
        initial={"template": template.pk, **_prefilled(questions, dossier)},
    )
    if posted and form.is_valid():
        try:
            services.dossier_response_submit(
                code=dossier.code,
                template=template,
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except KeyReused:
            return redirect("surveys:thanks", commune_pk=commune.pk)
        except ValidationError as error:
            if "dossier" in getattr(error, "message_dict", {}):
                rated = (
                    SurveyResponse.objects.filter(dossier=dossier)
                    .values_list("submitted_at", flat=True)
                    .first()
                )
                return _rated(request, rated or timezone.now(), commune)
            add_service_errors(form, error)
        else:
            return redirect("surveys:thanks", commune_pk=commune.pk)
    return _render_form(
        request,
        commune=commune,
        form=form,
        desk=None,
        service=dossier.service,
        officer=services.dossier_officer(dossier, commune=commune),
        dossier=dossier,
    )


def _rated(request, at, commune):
    return render(
        request,
        "surveys/public/message.html",
        {
            "title": _("Hồ sơ đã được đánh giá"),
            "message": services.dossier_rated_message(at),
            "commune": commune,
        },
        status=409,
    )
