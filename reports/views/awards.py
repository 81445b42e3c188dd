"""Pages of award decisions (Quyết định khen thưởng): the list, a decision with its collectives and
individuals, nominations pre-filled from the communes' ranking, the "signed" action, the decision
itself as a PDF, and the printable certificates (bằng khen, giấy khen: A4 landscape PDFs)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from communes.models import AdminUnit
from communes.scope import can_configure
from friendly_gov.forms import add_service_errors, form_page
from friendly_gov.pdf import pdf_response, render_pdf
from friendly_gov.tables import Column, export_response, paginate, requested_export

from .. import selectors
from ..forms.awards import (
    NOMINATE_DEFAULT,
    NOMINATE_MAX,
    AwardForm,
    DecisionFilter,
    DecisionForm,
    NominateForm,
)
from ..models import Award, AwardDecision, Review
from ..services import awards as services

# --- Helpers ----------------------------------------------------------------------------------


def _decision(request, pk: int) -> AwardDecision:
    """A decision the user may read; 404 otherwise (another province's decisions do not leak)."""
    return get_object_or_404(selectors.award_decision_in_scope(user=request.user), pk=pk)


def _award(request, pk: int) -> Award:
    return get_object_or_404(selectors.award_in_scope(user=request.user), pk=pk)


def _ensure_can_manage(request, decision: AwardDecision) -> None:
    if not selectors.can_manage_awards(user=request.user, programme=decision.programme):
        raise PermissionDenied


def _detail_url(decision_id: int) -> str:
    return reverse("reports:decision_detail", args=[decision_id])


def _closed(request, decision: AwardDecision):
    """A signed decision's list is closed: say so on its page instead of showing a form."""
    if selectors.decision_is_decided(decision=decision):
        messages.error(
            request,
            _("Quyết định %(number)s đã được ký: không thêm, sửa hoặc xóa tập thể, cá nhân được nữa.")
            % {"number": decision.number},
        )
        return redirect(_detail_url(decision.pk))
    return None


# --- Decisions ----------------------------------------------------------------------------------


def decision_columns() -> list[Column]:
    return [
        Column(_("Số quyết định"), lambda d: d.number),
        Column(_("Ngày quyết định"), lambda d: d.decided_on),
        Column(_("Cơ quan ban hành"), lambda d: d.issuer),
        Column(_("Hình thức"), lambda d: d.get_level_display()),
        Column(_("Chương trình"), lambda d: d.programme.name),
        Column(_("Hội nghị"), lambda d: str(d.review) if d.review_id else ""),
        Column(_("Tập thể"), lambda d: d.collectives),
        Column(_("Cá nhân"), lambda d: d.individuals),
        Column(_("Đang đề nghị"), lambda d: d.proposed),
    ]


@login_required
def decision_list(request):
    filterset = DecisionFilter(
        request.GET, queryset=selectors.decision_list(user=request.user), request=request
    )
    decisions = filterset.qs.order_by("-decided_on", "-id")
    fmt = requested_export(request)
    if fmt:
        return export_response(
            fmt=fmt, filename="quyet-dinh-khen-thuong", columns=decision_columns(), rows=decisions
        )
    page_obj = paginate(request, decisions)
    for decision in page_obj:
        decision.totals_phrase = selectors.award_totals_phrase(selectors.decision_totals(decision))
    return render(
        request,
        "reports/decision_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "totals_phrase": selectors.award_totals_phrase(selectors.award_totals(decisions)),
            "can_create": can_configure(request.user),
        },
    )


def _initial_from_review(request) -> dict:
    """?review= opens the form pre-filled from that review (its programme, conference, signer)."""
    pk = request.GET.get("review", "")
    if not pk.isdecimal():
        return {"level": AwardDecision.Level.PROVINCE_MERIT}
    programmes = selectors.award_programmes(user=request.user)
    review = get_object_or_404(Review.objects.filter(programme__in=programmes.values("pk")), pk=int(pk))
    return {
        "programme": review.programme_id,
        "review": review.pk,
        "decided_on": review.conference_date,
        "issuer": review.issuer,
        "place": review.place,
        "signer_name": review.signer_name,
        "signer_title": review.signer_title,
        "level": AwardDecision.Level.PROVINCE_MERIT,
        "reason": _("Đã có thành tích xuất sắc trong thực hiện mô hình “%(programme)s”.")
        % {"programme": review.programme.name},
    }


def _decision_args(data: dict) -> dict:
    return {
        field: data[field]
        for field in (
            "review",
            "number",
            "decided_on",
            "issuer",
            "place",
            "signer_name",
            "signer_title",
            "level",
            "reason",
            "stated_collectives",
            "stated_individuals",
            "stated_recipients",
            "proposed_by",
            "reward",
            "executors",
        )
    }


@login_required
def decision_new(request):
    if not can_configure(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, user=request.user, initial=_initial_from_review(request))
    return form_page(
        request,
        form,
        save=lambda data: services.decision_create(
            by=request.user, programme=data["programme"], **_decision_args(data)
        ),
        done=lambda decision: (
            _("Đã tạo quyết định khen thưởng %(number)s.") % {"number": decision.number},
            _detail_url(decision.pk),
        ),
        title=_("Thêm quyết định khen thưởng"),
        back_url=reverse("reports:decision_list"),
        back_label=_("Khen thưởng"),
    )


@login_required
def decision_edit(request, pk: int):
    decision = _decision(request, pk)
    _ensure_can_manage(request, decision)
    form = DecisionForm(request.POST or None, user=request.user, decision=decision)
    return form_page(
        request,
        form,
        save=lambda data: services.decision_update(
            decision=decision, by=request.user, **_decision_args(data)
        ),
        done=lambda saved: (
            _("Đã lưu quyết định %(number)s.") % {"number": saved.number},
            _detail_url(decision.pk),
        ),
        title=_("Sửa quyết định %(number)s") % {"number": decision.number},
        back_url=_detail_url(decision.pk),
        back_label=decision.number,
    )


@login_required
def decision_detail(request, pk: int):
    decision = _decision(request, pk)
    awards = list(selectors.decision_awards(decision=decision))
    collectives = [a for a in awards if a.kind == Award.Kind.COLLECTIVE]
    individuals = [a for a in awards if a.kind == Award.Kind.INDIVIDUAL]
    decided = any(a.status == Award.Status.DECIDED for a in awards)
    can_manage = selectors.can_manage_awards(user=request.user, programme=decision.programme)
    return render(
        request,
        "reports/decision_detail.html",
        {
            "decision": decision,
            "collectives": collectives,
            "individuals": individuals,
            "decided": decided,
            "can_manage": can_manage,
            "can_change_list": can_manage and not decided,
            "totals_phrase": selectors.award_totals_phrase(
                {"collectives": len(collectives), "individuals": len(individuals)}
                if awards
                else selectors.stated_totals(decision)
            ),
        },
    )


@login_required
@require_POST
def decide(request, pk: int):
    """The decision is signed: its nominations become awards and its list is closed."""
    decision = _decision(request, pk)
    _ensure_can_manage(request, decision)
    try:
        services.awards_decide(by=request.user, decision=decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        totals = selectors.award_totals(AwardDecision.objects.filter(pk=decision.pk))
        messages.success(
            request,
            _("Quyết định %(number)s đã ký: khen thưởng %(totals)s.")
            % {"number": decision.number, "totals": selectors.award_totals_phrase(totals)},
        )
    return redirect(_detail_url(decision.pk))


# --- Awardees -----------------------------------------------------------------------------------


def _award_args(data: dict) -> dict:
    return {
        field: data[field]
        for field in (
            "kind",
            "name",
            "commune",
            "staff_member",
            "position",
            "achievement",
            "honorific",
            "order",
        )
    }


@login_required
def award_add(request, pk: int):
    decision = _decision(request, pk)
    _ensure_can_manage(request, decision)
    if closed := _closed(request, decision):
        return closed
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in Award.Kind.values else {}
    form = AwardForm(request.POST or None, decision=decision, initial=initial)

    def done(award):
        url = _detail_url(decision.pk)
        if "another" in request.POST:
            url = f"{reverse('reports:award_add', args=[decision.pk])}?kind={award.kind}"
        return _("Đã thêm %(name)s vào quyết định.") % {"name": award.name}, url

    return form_page(
        request,
        form,
        save=lambda data: services.award_add(by=request.user, decision=decision, **_award_args(data)),
        done=done,
        title=_("Thêm tập thể, cá nhân vào quyết định %(number)s") % {"number": decision.number},
        back_url=_detail_url(decision.pk),
        back_label=decision.number,
    )


@login_required
def award_edit(request, pk: int):
    award = _award(request, pk)
    decision = award.decision
    _ensure_can_manage(request, decision)
    if closed := _closed(request, decision):
        return closed
    form = AwardForm(request.POST or None, decision=decision, award=award)
    return form_page(
        request,
        form,
        save=lambda data: services.award_update(award=award, by=request.user, **_award_args(data)),
        done=lambda saved: (_("Đã lưu %(name)s.") % {"name": saved.name}, _detail_url(decision.pk)),
        title=_("Sửa: %(name)s") % {"name": award.name},
        back_url=_detail_url(decision.pk),
        back_label=decision.number,
    )


@login_required
@require_POST
def award_delete(request, pk: int):
    award = _award(request, pk)
    _ensure_can_manage(request, award.decision)
    try:
        services.award_delete(award=award, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi quyết định.") % {"name": award.name})
    return redirect(_detail_url(award.decision_id))


def _requested_top(request) -> int:
    value = request.POST.get("top") or request.GET.get("top") or ""
    return min(max(int(value), 1), NOMINATE_MAX) if value.isdecimal() else NOMINATE_DEFAULT


@login_required
def nominate(request, pk: int):
    """Propose communes from the ranking of the decision's review (or of the programme's whole
    phase): the top N are ticked, except a tie at the cut, listed whole for staff to choose
    from; the officer unticks or adds before saving."""
    decision = _decision(request, pk)
    _ensure_can_manage(request, decision)
    if closed := _closed(request, decision):
        return closed
    top = _requested_top(request)
    rows = selectors.nomination_rows(decision=decision)
    top_cut = selectors.nomination_cut(rows, top=top)
    form = NominateForm(request.POST or None, rows=rows, initial={"top": top})
    if request.method == "POST":
        if form.is_valid():
            chosen = form.cleaned_data["communes"]
            ranks = {row["unit"].pk: row["rank"] for row in rows}
            communes = list(AdminUnit.objects.filter(pk__in=chosen))
            try:
                created = services.nominations_from_ranking(
                    by=request.user, decision=decision, communes=communes, ranks=ranks
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã đề nghị khen thưởng %(count)s xã, phường theo bảng xếp hạng.")
                    % {"count": len(created)},
                )
                return redirect(_detail_url(decision.pk))
        checked = {int(v) for v in request.POST.getlist("communes") if v.isdecimal()}
    else:
        # Only the communes sure to be within the first `top` are ticked: a tie at the cut is
        # listed whole and left to staff, never settled by the communes' names.
        checked = {row["unit"].pk for row in top_cut.sure if not row["in_decision"]}
    shown = rows[: max(len(top_cut) + 10, 20)]
    shown_pks = {row["unit"].pk for row in shown}
    # A commune ticked further down than the rows shown (a longer list posted back) stays listed.
    shown += [row for row in rows if row["unit"].pk in checked and row["unit"].pk not in shown_pks]
    source = selectors.nomination_source(decision=decision)
    return render(
        request,
        "reports/award_nominate.html",
        {
            "decision": decision,
            "form": form,
            "rows": shown,
            "ranked": len(rows),
            "checked": checked,
            "top": top,
            "tie": top_cut.tied,
            "tie_ids": {row["unit"].pk for row in top_cut.tied},
            "places": top_cut.places,
            "ranking_formula": selectors.RANKING_FORMULA,
            "source": source,
        },
    )


# --- Certificates -------------------------------------------------------------------------------


def _certificates_pdf(decision: AwardDecision, awards: list[Award]) -> bytes:
    return render_pdf(
        "pdf/certificate.html",
        {"decision": decision, "pages": selectors.certificate_pages(decision=decision, awards=awards)},
    )


def _file_stem(decision: AwardDecision) -> str:
    return "bang-khen" if decision.level == AwardDecision.Level.PROVINCE_MERIT else "giay-khen"


@login_required
def certificate(request, pk: int):
    """The certificate of one awardee, once the decision is signed."""
    award = _award(request, pk)
    decision = award.decision
    if award.status != Award.Status.DECIDED:
        messages.error(
            request,
            _("%(name)s mới được đề nghị; bằng khen, giấy khen chỉ in khi quyết định đã được ký.")
            % {"name": award.name},
        )
        return redirect(_detail_url(decision.pk))
    pdf = _certificates_pdf(decision, [award])
    return pdf_response(pdf, f"{_file_stem(decision)}-{decision.pk}-{award.pk}")


@login_required
def certificates(request, pk: int):
    """Every certificate of a signed decision, one per page: collectives, then individuals."""
    decision = _decision(request, pk)
    awards = list(selectors.decision_certificates(decision=decision))
    if not awards:
        messages.error(
            request,
            _("Quyết định chưa được ký: chưa có bằng khen, giấy khen nào để in."),
        )
        return redirect(_detail_url(decision.pk))
    return pdf_response(_certificates_pdf(decision, awards), f"{_file_stem(decision)}-{decision.pk}")


# --- The decision itself ------------------------------------------------------------------------


@login_required
def decision_pdf(request, pk: int):
    """The award decision as an official document (Nghị định 30/2020) with its attached list; a
    draft ("DỰ THẢO") until its list is signed or its totals are stated."""
    decision = _decision(request, pk)
    with override(settings.LANGUAGE_CODE):  # an official document, in the portal's language
        pdf = render_pdf("pdf/award_decision.html", selectors.decision_document(decision=decision))
    return pdf_response(pdf, f"quyet-dinh-khen-thuong-{decision.pk}")
