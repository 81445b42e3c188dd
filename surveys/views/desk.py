"""The desk's tools: the commune's survey page, desks, one-time codes, QR posters, paper batches
and tallies. Every object outside the user's scope answers 404; writes need `can_record` (a
province viewer gets 403)."""

from __future__ import annotations

import base64
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communes.eras import unit_in_force
from communes.models import AdminUnit
from communes.models.files import sniff
from communes.scope import can_configure, can_record, get_in_scope_or_404
from friendly_gov.forms import add_service_errors, form_page
from friendly_gov.pdf import pdf_response, render_pdf
from friendly_gov.tables import Column, export_response, paginate, requested_export

from .. import selectors, services
from ..forms import BatchForm, CodeForm, DeskForm, PaperEntryForm, TallyForm
from ..models import Desk, PaperBatch, ResponseCode, SurveyResponse, SurveyTally, SurveyTemplate

COMMUNE = AdminUnit.Level.COMMUNE


def _commune(request, pk: int, *, write: bool = False) -> AdminUnit:
    commune = get_in_scope_or_404(
        AdminUnit.objects.filter(level=COMMUNE).select_related("parent"), user=request.user, via="", pk=pk
    )
    if write and not can_record(request.user):
        raise PermissionDenied
    return commune


def _commune_url(commune: AdminUnit) -> str:
    return reverse("surveys:commune", args=[commune.pk])


def _commune_form_page(request, commune, form, *, save, done, title: str):
    """A desk's set-up form (friendly_gov.forms.form_page), back to the commune's surveys page."""
    return form_page(
        request,
        form,
        save=save,
        done=done,
        title=title,
        back_url=_commune_url(commune),
        back_label=commune.name,
    )


def in_force_pk(commune: AdminUnit) -> int:
    """The commune whose form citizens are sent to: `commune`, or, for one the 2025 reform
    dissolved, the commune that took it over (as its old addresses redirect)."""
    return commune.successor_id if not commune.is_current and commune.successor_id else commune.pk


def public_url(request, commune: AdminUnit, desk: Desk | None = None) -> str:
    """The address printed for citizens (QR posters, the desk's page): a 2025 commune's form; a
    desk of a dissolved commune belongs to its history and is left out."""
    target = in_force_pk(commune)
    url = request.build_absolute_uri(reverse("surveys:form", args=[target]))
    return f"{url}?{urlencode({'d': desk.pk})}" if desk and desk.commune_id == target else url


def qr_data_uri(text: str, *, scale: int = 10) -> str:
    """A QR code as a PNG data: URI (PDFs embed it; no file, no outside request)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def commune_surveys(request, pk: int):
    commune = _commune(request, pk)
    result = selectors.survey_results(user=request.user, commune=commune, with_distributions=False)
    desks = list(selectors.desk_list(commune=commune))
    return render(
        request,
        "surveys/commune.html",
        {
            "commune": commune,
            "result": result,
            "desks": [(desk, public_url(request, commune, desk)) for desk in desks],
            "public_url": public_url(request, commune),
            "in_force_pk": in_force_pk(commune),
            "can_record": can_record(request.user),
            "batches": selectors.batch_list(user=request.user)
            .filter(commune=commune)
            .order_by("-collected_on")[:5],
            "codes": selectors.code_list(user=request.user).filter(commune=commune)[:5],
        },
    )


@login_required
def desk_create(request, pk: int):
    commune = _commune(request, pk, write=True)
    return _commune_form_page(
        request,
        commune,
        DeskForm(request.POST or None),
        save=lambda data: services.desk_create(commune=commune, by=request.user, **data),
        done=lambda _desk: (_("Đã thêm quầy."), _commune_url(commune)),
        title=_("Thêm quầy"),
    )


@login_required
def poster_pdf(request, pk: int):
    """An A4 poster with the QR code of the commune's (or a desk's) form."""
    commune = _commune(request, pk)
    desk = None
    if request.GET.get("d", "").isdecimal():
        desk = get_in_scope_or_404(
            Desk.objects.all(), user=request.user, via="commune", pk=int(request.GET["d"])
        )
        if desk.commune_id != commune.pk:
            raise Http404
    url = public_url(request, commune, desk)
    # Printed today: headed by the unit in force today (a dissolved commune's successor).
    issuer = unit_in_force(commune, on=timezone.localdate())
    pdf = render_pdf(
        "surveys/pdf/poster.html",
        {"commune": commune, "issuer": issuer, "desk": desk, "url": url, "qr": qr_data_uri(url)},
    )
    return pdf_response(pdf, f"ma-qr-khao-sat-{commune.pk}" + (f"-quay-{desk.pk}" if desk else ""))


# --- One-time codes ---------------------------------------------------------------------------------


@login_required
def code_list(request):
    codes = selectors.code_list(user=request.user)
    commune_pk = request.GET.get("commune", "")
    if commune_pk.isdecimal():
        codes = codes.filter(commune=_commune(request, int(commune_pk)))
    return render(request, "surveys/code_list.html", {"page_obj": paginate(request, codes)})


@login_required
def code_create(request, pk: int):
    commune = _commune(request, pk, write=True)
    form = CodeForm(
        request.POST or None,
        desks=selectors.desk_list(commune=commune),
        officers=selectors.commune_officers(commune=commune),
    )
    return _commune_form_page(
        request,
        commune,
        form,
        save=lambda data: services.code_issue(commune=commune, by=request.user, **data),
        done=lambda code: (
            _("Đã tạo mã đánh giá %(code)s.") % {"code": code.code},
            reverse("surveys:code_slip", args=[code.pk]),
        ),
        title=_("Tạo mã đánh giá cho phiếu hẹn"),
    )


def _code_url(request, code: ResponseCode) -> str:
    return request.build_absolute_uri(reverse("surveys:code_form", args=[code.code]))


@login_required
def code_slip(request, pk: int):
    """A page to print on (or staple to) the receipt: the code and its QR."""
    code = get_in_scope_or_404(
        ResponseCode.objects.select_related("commune", "service", "officer", "desk"),
        user=request.user,
        via="commune",
        pk=pk,
    )
    url = _code_url(request, code)
    if request.GET.get("format") == "pdf":
        issuer = unit_in_force(code.commune, on=code.created_at)
        pdf = render_pdf(
            "surveys/pdf/code_slip.html",
            {"code": code, "issuer": issuer, "url": url, "qr": qr_data_uri(url, scale=6)},
        )
        return pdf_response(pdf, f"ma-danh-gia-{code.code}")
    return render(
        request, "surveys/code_slip.html", {"code": code, "url": url, "qr": qr_data_uri(url, scale=6)}
    )


# --- Paper batches ------------------------------------------------------------------------------------


@login_required
def batch_list(request):
    batches = selectors.batch_list(user=request.user)
    commune_pk = request.GET.get("commune", "")
    if commune_pk.isdecimal():
        batches = batches.filter(commune=_commune(request, int(commune_pk)))
    if request.GET.get("status") == "unchecked":
        batches = batches.filter(checked_at__isnull=True)
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Xã, phường"), lambda b: b.commune.name),
            Column(_("Ngày thu phiếu"), lambda b: b.collected_on),
            Column(_("Số phiếu trong lô"), lambda b: b.expected_forms),
            Column(_("Đã nhập"), lambda b: b.entered),
            Column(_("Đã kiểm tra"), lambda b: b.checked_at),
        ]
        return export_response(fmt=fmt, filename="lo-phieu-giay", columns=columns, rows=batches)
    return render(
        request,
        "surveys/batch_list.html",
        {"page_obj": paginate(request, batches), "can_configure": can_configure(request.user)},
    )


@login_required
def batch_create(request, pk: int):
    commune = _commune(request, pk, write=True)
    return _commune_form_page(
        request,
        commune,
        BatchForm(request.POST or None, request.FILES or None, desks=selectors.desk_list(commune=commune)),
        save=lambda data: services.batch_create(commune=commune, by=request.user, **data),
        done=lambda batch: (
            _("Đã tạo lô phiếu. Nhập từng phiếu dưới đây."),
            reverse("surveys:batch_entry", args=[batch.pk]),
        ),
        title=_("Lô phiếu giấy mới"),
    )


def _batch(request, pk: int) -> PaperBatch:
    return get_in_scope_or_404(
        selectors.batch_list(user=request.user), user=request.user, via="commune", pk=pk
    )


@login_required
def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    responses = SurveyResponse.objects.filter(batch=batch).select_related("service").order_by("id")
    return render(
        request,
        "surveys/batch_detail.html",
        {
            "batch": batch,
            "page_obj": paginate(request, responses),
            "can_configure": can_configure(request.user),
            "can_record": can_record(request.user),
        },
    )


@login_required
def batch_entry(request, pk: int):
    """One paper form per screen, keyboard only: Tab and the arrow keys through the answers,
    Enter to save; the next empty form follows."""
    batch = _batch(request, pk)
    if not can_record(request.user):
        raise PermissionDenied
    if batch.is_checked or batch.entered >= batch.expected_forms:
        messages.info(request, _("Lô phiếu đã nhập đủ hoặc đã được kiểm tra."))
        return redirect("surveys:batch_detail", pk=batch.pk)
    template = selectors.template_current()
    if request.method == "POST" and request.POST.get("template", "").isdecimal():
        template = (
            SurveyTemplate.objects.filter(
                pk=int(request.POST["template"]), published_at__isnull=False
            ).first()
            or template
        )
    questions = services.asked_questions(template, SurveyResponse.Channel.PAPER)
    # The procedure is asked once: the batch's last form gives it to the next one.
    last = batch.responses.order_by("-id").values_list("service_id", flat=True).first()
    form = PaperEntryForm(
        request.POST or None, questions=questions, initial={"template": template.pk, "service": last}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_enter(
                batch=batch,
                by=request.user,
                template=template,
                answers=form.answers(),
                service=form.cleaned_data.get("service"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu phiếu %(n)s/%(total)s.") % {"n": batch.entered + 1, "total": batch.expected_forms},
            )
            return redirect("surveys:batch_entry", pk=batch.pk)
    return render(
        request,
        "surveys/batch_entry.html",
        {"batch": batch, "form": form, "number": batch.entered + 1},
    )


@login_required
@require_POST
def batch_check(request, pk: int):
    batch = _batch(request, pk)
    if not can_configure(request.user):
        raise PermissionDenied
    try:
        services.batch_check(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xác nhận lô phiếu."))
    return redirect("surveys:batch_detail", pk=batch.pk)


@login_required
def batch_photo(request, pk: int):
    """The photo of a batch, after the same scope check as the batch page."""
    batch = _batch(request, pk)
    if not batch.photo:
        raise Http404
    handle = batch.photo.open("rb")
    extension = sniff(handle.read(16))
    handle.seek(0)
    if extension not in {".jpg", ".png", ".webp"}:
        raise Http404
    content_type = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}[extension]
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="lo-phieu-{batch.pk}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


# --- Tallies ----------------------------------------------------------------------------------------


@login_required
def tally_list(request):
    tallies = selectors.tally_list(user=request.user)
    commune_pk = request.GET.get("commune", "")
    if commune_pk.isdecimal():
        tallies = tallies.filter(commune=_commune(request, int(commune_pk)))
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Xã, phường"), lambda t: t.commune.name),
            Column(_("Từ ngày"), lambda t: t.period_start),
            Column(_("Đến ngày"), lambda t: t.period_end),
            Column(_("Số phiếu"), lambda t: t.forms),
            Column(_("Số phiếu hài lòng"), lambda t: t.satisfied),
            Column(_("Ghi chú"), lambda t: t.note),
        ]
        return export_response(fmt=fmt, filename="so-lieu-khao-sat", columns=columns, rows=tallies)
    return render(
        request,
        "surveys/tally_list.html",
        {"page_obj": paginate(request, tallies), "can_record": can_record(request.user)},
    )


@login_required
def tally_create(request, pk: int):
    commune = _commune(request, pk, write=True)
    return _commune_form_page(
        request,
        commune,
        TallyForm(request.POST or None),
        save=lambda data: services.tally_record(commune=commune, by=request.user, **data),
        done=lambda _tally: (_("Đã ghi số liệu tổng hợp."), _commune_url(commune)),
        title=_("Số liệu khảo sát tổng hợp theo kỳ"),
    )


@login_required
@require_POST
def tally_delete(request, pk: int):
    tally = get_in_scope_or_404(
        SurveyTally.objects.select_related("commune"), user=request.user, via="commune", pk=pk
    )
    if not can_record(request.user):
        raise PermissionDenied
    services.tally_delete(tally=tally, by=request.user)
    messages.success(request, _("Đã xóa số liệu tổng hợp."))
    return redirect("surveys:tally_list")
