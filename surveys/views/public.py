"""Public pages for citizens: no account, mobile-first, no JavaScript needed, small (the first
view stays under 60 KB with its stylesheet). Every POST is CSRF-protected, rate-limited per
client by a keyed hash of its address, and carries a honeypot field and a one-use token: the
same form posted twice (a double click, a refresh, a resend) stores one response and answers
with the thank-you page both times. A commune the 2025 reform dissolved keeps its old addresses
(printed posters): they redirect to the commune that took it over (`redirect_dissolved_commune`)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django_ratelimit.decorators import ratelimit

from communes.models import AdminUnit, User
from communes.views.units import redirect_dissolved_commune, reform_context
from friendly_gov.forms import add_service_errors
from friendly_gov.idempotency import KeyReused

from ..forms import CodeLookupForm, SurveyForm
from ..models import Desk, Question, ResponseCode, Service, SurveyResponse, SurveyTemplate
from ..selectors import posted_commune, template_current, template_published
from ..services import asked_questions, normalise_code, response_submit

Channel = SurveyResponse.Channel
RATE_KEY = "friendly_gov.clients.ratelimit_key"
KIOSK_COOKIE = "ks_kiosk"


def public_rate(group, request) -> str:
    return getattr(settings, "SURVEYS_PUBLIC_RATE", "10/m")


def kiosk_rate(group, request) -> str:
    # A kiosk is one client answering for a whole queue of citizens.
    return getattr(settings, "SURVEYS_KIOSK_RATE", "30/m")


def _commune(pk: int) -> AdminUnit:
    return get_object_or_404(AdminUnit.objects.select_related("parent"), pk=pk, level=AdminUnit.Level.COMMUNE)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdecimal() else None


def _context_objects(request, commune: AdminUnit):
    """The optional desk (d), service (s) and officer (o) of a link or poster; an id that does
    not belong to the commune (or a procedure no longer in use) is ignored rather than trusted."""
    desk = service = officer = None
    if (pk := _int_param(request, "d")) is not None:
        desk = Desk.objects.filter(pk=pk, commune=commune).first()
    if (pk := _int_param(request, "s")) is not None:
        service = Service.objects.filter(pk=pk, is_active=True).first()
    if (pk := _int_param(request, "o")) is not None:
        officer = User.objects.filter(pk=pk, commune=commune, role=User.Role.COMMUNE_OFFICER).first()
    return desk, service, officer


def _posted_template(request) -> SurveyTemplate:
    """The version the citizen was shown (a new version may have been published meanwhile)."""
    pk = request.POST.get("template", "")
    template = template_published(int(pk)) if pk.isdecimal() else None
    return template or template_current()


def _sections(form: SurveyForm):
    """Questions grouped under their factor's heading, in template order."""
    sections: list[tuple[str, list]] = []
    for question, field in form.items():
        heading = question.get_factor_display() if question.factor else ""
        if not sections or sections[-1][0] != heading:
            sections.append((heading, []))
        sections[-1][1].append((question, field))
    return sections


def _render_form(
    request, *, commune, form, desk, service, officer, code=None, reform=None, status=200, dossier=None
):
    return render(
        request,
        "surveys/public/form.html",
        {
            "commune": commune,
            "form": form,
            "sections": _sections(form),
            "desk": desk,
            "service": service,
            "officer": officer,
            "code": code,
            "dossier": dossier,
            **(reform or {}),
        },
        status=status,
    )


@never_cache
@redirect_dissolved_commune
@ratelimit(key=RATE_KEY, rate=public_rate, method="POST", block=True)
def survey_form(request, commune_pk: int):
    """The commune's form, from the QR poster or a link (optionally for a desk, service, officer)."""
    posted = request.method == "POST"
    commune = posted_commune(commune_pk) if posted else _commune(commune_pk)
    if commune is None:
        raise Http404
    desk, service, officer = _context_objects(request, commune)
    template = _posted_template(request) if posted else template_current()
    questions = asked_questions(template, Channel.WEB)
    form = SurveyForm(request.POST or None, questions=questions, initial={"template": template.pk})
    if posted and form.is_valid():
        try:
            response_submit(
                template=template,
                commune=commune,
                answers=form.answers(),
                channel=Channel.WEB,
                desk=desk,
                service=service,
                officer=officer,
                submission_key=form.cleaned_data["submission_key"],
            )
        except KeyReused:
            # The page was sent before with other answers (changed after going back): that
            # response stands, and was answered with the thank-you page, as this one is.
            return redirect("surveys:thanks", commune_pk=commune.pk)
        except ValidationError as error:
            if "commune" in getattr(error, "message_dict", {}):
                raise Http404 from error
            add_service_errors(form, error)
        else:
            return redirect("surveys:thanks", commune_pk=commune.pk)
    if posted:
        commune = _commune(commune_pk)  # the page shows its names
    return _render_form(
        request,
        commune=commune,
        form=form,
        desk=desk,
        service=service,
        officer=officer,
        reform=reform_context(request, commune),
    )


@never_cache
def code_lookup(request):
    """A citizen types the code printed on the receipt."""
    form = CodeLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("surveys:code_form", code=normalise_code(form.cleaned_data["code"]) or "0")
    return render(request, "surveys/public/code_lookup.html", {"form": form})


@never_cache
@ratelimit(key=RATE_KEY, rate=public_rate, method="POST", block=True)
def code_form(request, code: str):
    """The form of a one-time code (mã đánh giá): it works once, for the dossier's service and
    officer."""
    row = (
        ResponseCode.objects.select_related("commune__parent", "service", "officer", "desk")
        .filter(code=normalise_code(code))
        .first()
    )
    if row is None:
        return render(
            request,
            "surveys/public/message.html",
            {
                "title": _("Mã đánh giá không đúng"),
                "message": _("Không tìm thấy mã này. Vui lòng kiểm tra lại mã in trên phiếu hẹn."),
            },
            status=404,
        )
    if row.used_at is not None and request.method != "POST":
        return _used(request, row)
    template = _posted_template(request) if request.method == "POST" else template_current()
    questions = asked_questions(template, Channel.CODE)
    form = SurveyForm(request.POST or None, questions=questions, initial={"template": template.pk})
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(
                template=template,
                commune=row.commune,
                answers=form.answers(),
                channel=Channel.WEB,
                code=row.code,
                submission_key=form.cleaned_data["submission_key"],
            )
        except KeyReused:
            return redirect("surveys:thanks", commune_pk=row.commune_id)
        except ValidationError as error:
            if "code" in getattr(error, "message_dict", {}):
                row.refresh_from_db()
                return _used(request, row)
            add_service_errors(form, error)
        else:
            return redirect("surveys:thanks", commune_pk=row.commune_id)
    return _render_form(
        request,
        commune=row.commune,
        form=form,
        desk=row.desk,
        service=row.service,
        officer=row.officer,
        code=row,
    )


def _used(request, row: ResponseCode):
    return render(
        request,
        "surveys/public/message.html",
        {
            "title": _("Mã đánh giá đã được sử dụng"),
            "message": _(
                "Mã %(code)s đã được dùng để đánh giá ngày %(date)s. Mỗi mã chỉ dùng được một lần. "
                "Cảm ơn Ông/Bà đã góp ý."
            )
            % {"code": row.code, "date": row.used_at.strftime("%d/%m/%Y") if row.used_at else ""},
            "commune": row.commune,
        },
        status=409,
    )


@redirect_dissolved_commune
def thanks(request, commune_pk: int):
    return render(request, "surveys/public/thanks.html", {"commune": _commune(commune_pk)})


# --- Kiosk ----------------------------------------------------------------------------------------

DEFAULT_INTERVAL = 5
DEFAULT_RESET = 5


def _kiosk_settings(desk: Desk | None) -> tuple[int, int]:
    if desk is None:
        return DEFAULT_INTERVAL, DEFAULT_RESET
    return desk.kiosk_interval_seconds, desk.kiosk_reset_seconds


def _kiosk_url(commune: AdminUnit, desk: Desk | None) -> str:
    url = reverse("surveys:kiosk", args=[commune.pk])
    return f"{url}?{urlencode({'d': desk.pk})}" if desk else url


def _recent_tap(request, commune: AdminUnit, interval: int) -> bool:
    """True when this kiosk stored a response less than `interval` seconds ago: a repeated tap
    (a double tap, or a tap while the thank-you screen was on its way) is ignored. The time is
    kept in a signed cookie, so it works without JavaScript and without a session."""
    try:
        last = request.get_signed_cookie(f"{KIOSK_COOKIE}{commune.pk}", default=None, salt="kiosk")
    except signing.BadSignature:
        return False
    try:
        return last is not None and time.time() - float(last) < interval
    except ValueError:
        return False


@never_cache
@redirect_dissolved_commune
@ratelimit(key=RATE_KEY, rate=kiosk_rate, method="POST", block=True)
def kiosk(request, commune_pk: int):
    """Full-screen form for a tablet at the desk: big faces, one tap answers."""
    commune = _commune(commune_pk)
    desk, _service, _officer = _context_objects(request, commune)
    interval, reset = _kiosk_settings(desk)
    template = _posted_template(request) if request.method == "POST" else template_current()
    questions = asked_questions(template, Channel.KIOSK)
    form = SurveyForm(request.POST or None, questions=questions, initial={"template": template.pk})
    thanks_url = reverse("surveys:kiosk_thanks", args=[commune.pk]) + (f"?d={desk.pk}" if desk else "")
    if request.method == "POST":
        if _recent_tap(request, commune, interval):
            return redirect(thanks_url)
        if form.is_valid():
            try:
                response_submit(
                    template=template,
                    commune=commune,
                    answers=form.answers(),
                    channel=Channel.KIOSK,
                    desk=desk,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except KeyReused:
                return redirect(thanks_url)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                response = redirect(thanks_url)
                response.set_signed_cookie(
                    f"{KIOSK_COOKIE}{commune.pk}",
                    str(time.time()),
                    salt="kiosk",
                    max_age=max(interval, 1),
                    httponly=True,
                    samesite="Lax",
                )
                return response
    one_tap = len(questions) == 1 and questions[0].kind == Question.Kind.SCALE
    worker = reverse("surveys:kiosk_worker")
    return render(
        request,
        "surveys/public/kiosk.html",
        {
            "commune": commune,
            "desk": desk,
            "form": form,
            "items": list(form.items()),
            "one_tap": one_tap,
            "template": template,
            "reset": reset,
            "worker_scope": worker.rsplit("/", 1)[0] + "/",
        },
    )


@cache_control(no_cache=True)
def kiosk_worker(request):
    """The kiosk's service worker (surveys/static/surveys/kiosk-sw.js). Served from /ks/ rather
    than /static/: a worker controls only the pages under its own folder, and the kiosk pages are
    under /ks/. Same origin, so the Content-Security-Policy's 'self' allows it."""
    path = finders.find("surveys/kiosk-sw.js")
    if not path:
        raise Http404
    with open(path, "rb") as handle:
        return HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")


@redirect_dissolved_commune
def kiosk_thanks(request, commune_pk: int):
    commune = _commune(commune_pk)
    desk, _service, _officer = _context_objects(request, commune)
    _interval, reset = _kiosk_settings(desk)
    return render(
        request,
        "surveys/public/kiosk_thanks.html",
        {"commune": commune, "reset": reset, "kiosk_url": _kiosk_url(commune, desk)},
    )
