"""Pages of the dialogues app: the officer's inbox and item page, the province overview, dialogues
and commitments, items from suggestion-box openings, the apology slip; and, without an account,
the citizen's form and status page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from communes.models import AdminUnit
from communes.scope import can_configure, can_record, get_in_scope_or_404, visible_units
from communes.selectors.units import unit_search, units_labelled
from communes.views.files import scoped_file_response
from communes.views.units import redirect_dissolved_commune, reform_context
from friendly_gov.forms import add_service_errors, form_page
from friendly_gov.idempotency import KeyReused
from friendly_gov.pdf import pdf_response, render_pdf
from friendly_gov.tables import Column, export_response, paginate, requested_export

from . import selectors, services
from .filters import DialogueFilter, FeedbackFilter, PeriodFilter
from .forms import (
    AnswerForm,
    AssignForm,
    BoxLetterFormSet,
    BulkAssignForm,
    CategoryForm,
    CommitmentDoneForm,
    CommitmentForm,
    DialogueForm,
    DuplicateForm,
    FeedbackReceiveForm,
    FollowUpForm,
    NoteForm,
    PublicFeedbackForm,
    RaiseItemForm,
    RejectForm,
    RescheduleForm,
    TrackForm,
    TransferForm,
)
from .models import Attachment, Commitment, Dialogue, DueDateChange, FeedbackItem

RATE_SUBMIT = "5/h"
RATE_TRACK = "30/m"
RATE_FOLLOW_UP = "10/h"


def _commune(request, pk: int, *, write: bool = False) -> AdminUnit:
    commune = get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).select_related("parent"),
        user=request.user,
        via="",
        pk=pk,
    )
    if write and not can_record(request.user):
        raise PermissionDenied
    return commune


def _item(request, pk: int) -> FeedbackItem:
    return get_in_scope_or_404(
        selectors.feedback_detail_queryset(user=request.user), user=request.user, via="commune", pk=pk
    )


def _can_write_for(user, commune: AdminUnit) -> bool:
    return can_record(user) and visible_units(user).filter(pk=commune.pk).exists()


# --- Inbox ---------


def _feedback_columns():
    return [
        Column(_("Mã tra cứu"), lambda r: r.tracking_code),
        Column(_("Xã, phường"), lambda r: r.commune.name),
        Column(_("Loại"), lambda r: r.category.name),
        Column(_("Kênh"), lambda r: r.get_channel_display()),
        Column(_("Trạng thái"), lambda r: r.get_status_display()),
        Column(_("Ngày tiếp nhận"), lambda r: r.received_on),
        Column(_("Hạn giải quyết"), lambda r: r.due_on),
        Column(_("Quá hạn"), lambda r: _("Có") if r.is_overdue else ""),
        Column(
            _("Cán bộ xử lý"),
            lambda r: (r.assignee.get_full_name() or r.assignee.username) if r.assignee else "",
        ),
        Column(_("Ngày trả lời"), lambda r: r.resolved_on),
        Column(_("Nội dung"), lambda r: r.content),
        Column(_("Người gửi"), lambda r: r.citizen_name),
        Column(_("Số điện thoại"), lambda r: r.citizen_phone),
    ]


@login_required
def inbox(request):
    """The officer's inbox (and the province's list): filters, bulk assignment, exports."""
    queryset = selectors.feedback_list(user=request.user).order_by("-is_overdue", "due_on", "id")
    filterset = FeedbackFilter(request.GET, queryset=queryset, request=request)
    rows = filterset.qs
    fmt = requested_export(request)
    if fmt:
        return export_response(
            fmt=fmt,
            filename="phan-anh-kien-nghi",
            columns=_feedback_columns(),
            rows=rows.iterator(chunk_size=2000),
        )
    officers = None
    if request.user.is_commune_officer:
        officers = selectors.assignable_officers(commune=request.user.commune)
    return render(
        request,
        "dialogues/inbox.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, rows),
            "officers": officers,
            "can_record": can_record(request.user),
            "todo": selectors.officer_todo(user=request.user) if request.user.is_commune_officer else None,
            "box_openings": list(selectors.box_openings_to_enter(user=request.user)[:5])
            if can_record(request.user)
            else [],
        },
    )


@login_required
@require_POST
def bulk_assign(request):
    if not can_record(request.user) or not request.user.is_commune_officer:
        raise PermissionDenied
    form = BulkAssignForm(
        request.POST,
        items=selectors.feedback_list(user=request.user),
        officers=selectors.assignable_officers(commune=request.user.commune),
    )
    if form.is_valid():
        try:
            count = services.feedback_assign_many(
                items=list(form.cleaned_data["items"]),
                by=request.user,
                assignee=form.cleaned_data["assignee"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã giao %(count)s phản ánh.") % {"count": count})
    else:
        messages.error(request, _("Chọn ít nhất một phản ánh và một cán bộ để giao."))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("dialogues:inbox"))


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@login_required
def feedback_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    return form_page(
        request,
        FeedbackReceiveForm(request.POST or None, request.FILES or None, commune=commune),
        save=lambda data: services.feedback_receive(commune=commune, by=request.user, **data),
        done=lambda item: (
            _("Đã tiếp nhận phản ánh, mã tra cứu %(code)s.") % {"code": item.tracking_code},
            reverse("dialogues:feedback_detail", args=[item.pk]),
        ),
        title=_("Tiếp nhận phản ánh, kiến nghị – %(commune)s") % {"commune": commune.name},
        back_url=reverse("dialogues:inbox"),
        back_label=_("Phản ánh, kiến nghị"),
    )


# --- Item page ---------


ACTIONS = {
    # action -> (form, service, message)
    "assign": (AssignForm, "feedback_assign", _("Đã giao xử lý.")),
    "start": (NoteForm, "feedback_start", _("Đã chuyển sang đang xử lý.")),
    "answer": (AnswerForm, "feedback_answer", _("Đã trả lời người dân.")),
    "close": (NoteForm, "feedback_close", _("Đã kết thúc phản ánh.")),
    "transfer": (TransferForm, "feedback_transfer", _("Đã chuyển phản ánh.")),
    "reject": (RejectForm, "feedback_reject", _("Đã ghi không thụ lý.")),
    "duplicate": (DuplicateForm, "feedback_mark_duplicate", _("Đã đánh dấu trùng lặp.")),
    "reschedule": (
        RescheduleForm,
        "feedback_reschedule",
        _("Đã hẹn lại ngày trả kết quả; in phiếu xin lỗi."),
    ),
}
# Which action leads to which status (to offer only the allowed ones).
ACTION_STATUS = {
    "assign": FeedbackItem.Status.ASSIGNED,
    "start": FeedbackItem.Status.IN_PROGRESS,
    "answer": FeedbackItem.Status.ANSWERED,
    "close": FeedbackItem.Status.CLOSED,
    "transfer": FeedbackItem.Status.TRANSFERRED,
    "reject": FeedbackItem.Status.REJECTED,
    "duplicate": FeedbackItem.Status.DUPLICATE,
}


def _action_forms(item: FeedbackItem, *, bound: tuple[str, object] | None = None) -> dict:
    allowed = services.allowed_moves(item)
    forms = {}
    for action, (form_class, _service, _message) in ACTIONS.items():
        if action == "reschedule":
            # The slip goes out no later than the due date it replaces (one-stop decree in force).
            if item.status not in FeedbackItem.OPEN or item.due_on < timezone.localdate():
                continue
        elif ACTION_STATUS[action] not in allowed:
            continue
        kwargs = {"prefix": action}
        if action == "assign":
            kwargs["officers"] = selectors.assignable_officers(commune=item.commune)
        forms[action] = bound[1] if bound and bound[0] == action else form_class(**kwargs)
    return forms


@login_required
def feedback_detail(request, pk: int):
    item = _item(request, pk)
    return _detail_page(request, item)


def _detail_page(request, item: FeedbackItem, *, bound=None, status: int = 200):
    can_write = _can_write_for(request.user, item.commune)
    forms = _action_forms(item, bound=bound) if can_write else {}
    if bound and bound[0] not in forms:
        # The action is no longer offered (e.g. an illegal move): say why above the page.
        for errors in bound[1].errors.values():
            messages.error(request, " ".join(errors))
    return render(
        request,
        "dialogues/feedback_detail.html",
        {
            "item": item,
            "timeline": selectors.feedback_timeline(item=item),
            "forms": forms,
            "can_write": can_write,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def feedback_action(request, pk: int, action: str):
    item = _item(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not _can_write_for(request.user, item.commune):
        raise PermissionDenied
    form_class, service_name, message = ACTIONS[action]
    kwargs = {"prefix": action}
    if action == "assign":
        kwargs["officers"] = selectors.assignable_officers(commune=item.commune)
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if action == "duplicate":
            code = services.normalise_code(data.pop("duplicate_code"))
            original = selectors.feedback_list(user=request.user).filter(tracking_code=code).first()
            if original is None:
                form.add_error("duplicate_code", _("Không tìm thấy phản ánh có mã này."))
                return _detail_page(request, item, bound=(action, form), status=400)
            data["duplicate_of"] = original
        try:
            result = getattr(services, service_name)(item=item, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            item.refresh_from_db()
        else:
            messages.success(request, str(message))
            if isinstance(result, DueDateChange):
                return redirect(reverse("dialogues:feedback_detail", args=[item.pk]) + "#apology-slips")
            return redirect("dialogues:feedback_detail", pk=item.pk)
    return _detail_page(request, item, bound=(action, form), status=400)


@login_required
def apology_slip(request, pk: int):
    """The apology slip with the new date, as an official A4 document (Nghị định 30/2020)."""
    change = get_in_scope_or_404(
        selectors.due_change_list(user=request.user), user=request.user, via="item__commune", pk=pk
    )
    # Issued on its date: from 01/07/2025 by the commune in force then, never a dissolved one.
    pdf = render_pdf("dialogues/pdf/apology_slip.html", selectors.apology_slip_document(change=change))
    return pdf_response(pdf, f"phieu-xin-loi-{change.item.tracking_code}")


# kind in the URL -> (queryset, scope path, file field)
FILES = {
    "attachment": (Attachment.objects.all(), "item__commune", "file"),
    "minutes": (Dialogue.objects.all(), "commune", "minutes"),
}


@login_required
def download(request, kind: str, pk: int):
    """Attachments and minutes, after the same scope check as the pages that link them."""
    return scoped_file_response(request, files=FILES, kind=kind, pk=pk)


# --- Province overview ---------


@login_required
def overview(request):
    """Indicators of the user's scope and per commune, the overdue hot-spots first."""
    period = PeriodFilter(request.GET, queryset=selectors.overview_communes(user=request.user))
    period.is_valid()
    start = period.form.cleaned_data.get("start") if period.form.is_valid() else None
    end = period.form.cleaned_data.get("end") if period.form.is_valid() else None
    communes = period.qs
    rows = selectors.indicators_by_commune(communes=communes, start=start, end=end)
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Mã xã"), lambda r: r.code),
            Column(_("Xã, phường"), lambda r: r.name),
            Column(_("Huyện"), lambda r: r.parent.name if r.parent else ""),
            Column(_("Tiếp nhận"), lambda r: r.received),
            Column(_("Giải quyết đúng hạn"), lambda r: r.resolved_on_time),
            Column(_("Giải quyết quá hạn"), lambda r: r.resolved_late),
            Column(_("Chưa giải quyết, quá hạn"), lambda r: r.open_overdue),
            Column(_("Đang quá hạn"), lambda r: r.overdue_now),
            Column(
                _("Tỷ lệ giải quyết (%)"),
                lambda r: round(r.resolution_rate * 100, 1) if r.resolution_rate is not None else "",
            ),
            Column(_("Số buổi đối thoại"), lambda r: r.dialogues_held),
        ]
        return export_response(fmt=fmt, filename="tong-hop-phan-anh", columns=columns, rows=rows.iterator())
    return render(
        request,
        "dialogues/overview.html",
        {
            "filter": period,
            "totals": selectors.indicators(communes=communes, start=start, end=end),
            "page_obj": paginate(request, rows),
        },
    )


# --- Dialogues ---------


@login_required
def dialogue_list(request):
    queryset = selectors.dialogue_list(user=request.user).order_by("-held_on", "-id")
    filterset = DialogueFilter(request.GET, queryset=queryset)
    rows = filterset.qs
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Xã, phường"), lambda r: r.commune.name),
            Column(_("Ngày đối thoại"), lambda r: r.held_on),
            Column(_("Người chủ trì"), lambda r: r.chaired_by),
            Column(_("Số người dân tham dự"), lambda r: r.participant_count),
            Column(_("Nội dung"), lambda r: r.topics),
            Column(_("Số ý kiến"), lambda r: r.item_count),
            Column(_("Số cam kết"), lambda r: r.commitment_count),
            Column(_("Cam kết đã thực hiện"), lambda r: r.commitments_done),
            Column(_("Cam kết quá hạn"), lambda r: r.commitments_overdue),
        ]
        return export_response(
            fmt=fmt, filename="doi-thoai", columns=columns, rows=rows.iterator(chunk_size=2000)
        )
    return render(
        request,
        "dialogues/dialogue_list.html",
        {"filter": filterset, "page_obj": paginate(request, rows), "can_record": can_record(request.user)},
    )


@login_required
def dialogue_new(request, commune_pk: int):
    commune = _commune(request, commune_pk, write=True)
    return form_page(
        request,
        DialogueForm(request.POST or None, request.FILES or None),
        save=lambda data: services.dialogue_record(commune=commune, by=request.user, **data),
        done=lambda dialogue: (
            _("Đã ghi buổi đối thoại."),
            reverse("dialogues:dialogue_detail", args=[dialogue.pk]),
        ),
        title=_("Ghi buổi đối thoại – %(commune)s") % {"commune": commune.name},
        back_url=reverse("dialogues:dialogue_list"),
        back_label=_("Đối thoại"),
    )


def _dialogue(request, pk: int) -> Dialogue:
    return get_in_scope_or_404(
        Dialogue.objects.select_related("commune__parent"), user=request.user, via="commune", pk=pk
    )


@login_required
def dialogue_detail(request, pk: int, *, raise_form=None, commitment_form=None, status: int = 200):
    dialogue = _dialogue(request, pk)
    can_write = _can_write_for(request.user, dialogue.commune)
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "items": dialogue.items.select_related("category").order_by("id"),
            "commitments": dialogue.commitments.order_by("due_on", "id"),
            "can_write": can_write,
            "raise_form": raise_form or RaiseItemForm(prefix="raise", commune=dialogue.commune),
            "commitment_form": commitment_form or CommitmentForm(prefix="commitment"),
            "done_form": CommitmentDoneForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def dialogue_raise_item(request, pk: int):
    dialogue = _dialogue(request, pk)
    if not _can_write_for(request.user, dialogue.commune):
        raise PermissionDenied
    form = RaiseItemForm(request.POST, prefix="raise", commune=dialogue.commune)
    if form.is_valid():
        try:
            item = services.dialogue_raise_item(dialogue=dialogue, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi ý kiến, mã %(code)s.") % {"code": item.tracking_code})
            return redirect("dialogues:dialogue_detail", pk=dialogue.pk)
    return dialogue_detail(request, pk, raise_form=form, status=400)


@login_required
@require_POST
def commitment_add(request, pk: int):
    dialogue = _dialogue(request, pk)
    if not _can_write_for(request.user, dialogue.commune):
        raise PermissionDenied
    form = CommitmentForm(request.POST, prefix="commitment")
    if form.is_valid():
        try:
            services.commitment_add(dialogue=dialogue, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi cam kết."))
            return redirect("dialogues:dialogue_detail", pk=dialogue.pk)
    return dialogue_detail(request, pk, commitment_form=form, status=400)


@login_required
@require_POST
def commitment_done(request, pk: int):
    commitment = get_in_scope_or_404(
        Commitment.objects.select_related("dialogue__commune"),
        user=request.user,
        via="dialogue__commune",
        pk=pk,
    )
    if not _can_write_for(request.user, commitment.dialogue.commune):
        raise PermissionDenied
    form = CommitmentDoneForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_complete(commitment=commitment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành cam kết."))
    else:
        messages.error(request, _("Ngày hoàn thành không hợp lệ."))
    return redirect("dialogues:dialogue_detail", pk=commitment.dialogue_id)


# --- Suggestion-box openings ------------------------------------------------------------------------


@login_required
def box_opening_items(request, pk: int):
    """The letters of a suggestion-box opening (logged in the communes app), as feedback items."""
    opening = get_in_scope_or_404(
        selectors.box_opening_for_items(user=request.user), user=request.user, via="commune", pk=pk
    )
    if not _can_write_for(request.user, opening.commune):
        raise PermissionDenied
    formset = BoxLetterFormSet(
        request.POST or None, prefix="letters", form_kwargs={"commune": opening.commune}
    )
    errors = []
    if request.method == "POST" and formset.is_valid():
        letters = [letter for letter in formset.cleaned_data if letter]
        try:
            items = services.feedback_from_box_opening(opening=opening, by=request.user, letters=letters)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã tạo %(count)s phản ánh từ hòm thư.") % {"count": len(items)})
            return redirect(reverse("dialogues:inbox") + "?channel=box")
    return render(
        request,
        "dialogues/box_opening_items.html",
        {
            "opening": opening,
            "formset": formset,
            "errors": errors,
            "existing": opening.feedback_items.select_related("category").order_by("id"),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Categories and their time limits ---------


@login_required
def category_list(request):
    """Categories and their time limits; province administrators add and change them."""
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        if not can_configure(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.category_save(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu loại phản ánh."))
                return redirect("dialogues:category_list")
    return render(
        request,
        "dialogues/category_list.html",
        {
            # Each with whether this user may change it (shared ones: superusers only).
            "categories": [
                (category, services.category_editable(user=request.user, category=category))
                for category in selectors.category_list(user=request.user)
            ],
            "form": form,
            "can_configure": can_configure(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def category_edit(request, pk: int):
    if not can_configure(request.user):
        raise PermissionDenied
    # Another province's category answers 404; a shared one, seen but not theirs to change, 403.
    category = get_object_or_404(selectors.category_list(user=request.user), pk=pk)
    if not services.category_editable(user=request.user, category=category):
        raise PermissionDenied
    initial = {
        "name": category.name,
        "name_en": category.name_en,
        "kind": category.kind,
        "time_limit_days": category.time_limit_days,
        "active": category.active,
    }
    return form_page(
        request,
        CategoryForm(request.POST or None, initial=initial),
        save=lambda data: services.category_save(by=request.user, category=category, **data),
        done=lambda _category: (_("Đã lưu loại phản ánh."), reverse("dialogues:category_list")),
        title=_("Sửa loại phản ánh"),
        back_url=reverse("dialogues:category_list"),
        back_label=_("Loại phản ánh và thời hạn"),
    )


# --- Citizens, without an account ---------


# The page after the form shows the tracking code to the browser that sent the item only: a signed
# cookie holds the item's id, sent back to that page alone, for an hour. The code never travels in
# an address (history, access logs, Referer), and no session row is made per citizen.
SUBMITTED_COOKIE = "gop_y_da_gui"
SUBMITTED_SALT = "dialogues.public_submitted"
SUBMITTED_MAX_AGE = 3600


def _submitted_redirect(request, item: FeedbackItem):
    url = reverse("dialogues:public_submitted")
    response = redirect(url)
    response.set_signed_cookie(
        SUBMITTED_COOKIE,
        str(item.pk),
        salt=SUBMITTED_SALT,
        max_age=SUBMITTED_MAX_AGE,
        path=url,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
@redirect_dissolved_commune
@ratelimit(key="friendly_gov.clients.ratelimit_key", rate=RATE_SUBMIT, method="POST", block=True)
def public_submit(request, commune_pk: int):
    """The citizen's form. It answers with a redirect (POST/redirect/GET); the same form sent
    twice (its one-use token) stores one item and redirects both times."""
    commune = (
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, pk=commune_pk)
        .select_related("parent")
        .first()
    )
    if commune is None:
        raise Http404
    form = PublicFeedbackForm(request.POST or None, request.FILES or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("website", "submission_key")}
        try:
            item = services.feedback_submit_online(
                commune=commune, submission_key=form.cleaned_data["submission_key"], **data
            )
        except KeyReused:
            # Sent before with other content (changed after going back): the first item stands.
            # The form, with a new token, sends this content as a new item if the citizen wants.
            form.renew_key()
            form.add_error(
                None,
                _(
                    "Biểu mẫu này đã được gửi trước đó với nội dung khác, và phản ánh đó đã được "
                    "tiếp nhận. Nếu Ông/Bà muốn gửi thêm phản ánh với nội dung dưới đây, hãy bấm "
                    "“Gửi phản ánh” lần nữa (và chọn lại tệp đính kèm nếu có)."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _submitted_redirect(request, item)
    return render(
        request,
        "dialogues/public_submit.html",
        {"form": form, "commune": commune, **reform_context(request, commune)},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def public_submitted(request):
    """The page the form redirects to: the tracking code of the item this browser has just sent
    (see SUBMITTED_COOKIE). Anyone else, or an hour later, is sent to the tracking page."""
    pk = request.get_signed_cookie(
        SUBMITTED_COOKIE, default=None, salt=SUBMITTED_SALT, max_age=SUBMITTED_MAX_AGE
    )
    item = (
        FeedbackItem.objects.select_related("commune").filter(pk=int(pk)).first()
        if pk and pk.isdecimal()
        else None
    )
    if item is None:
        return redirect("dialogues:public_status")
    return render(request, "dialogues/public_submitted.html", {"item": item, "commune": item.commune})


@ratelimit(key="friendly_gov.clients.ratelimit_key", rate=RATE_TRACK, method="GET", block=True)
def public_status(request):
    """Status, dates and the public answer, by tracking code: never the content or the contact."""
    form = TrackForm(request.GET or None)
    item = None
    searched = False
    if form.is_valid():
        searched = True
        item = selectors.feedback_by_code(code=services.normalise_code(form.cleaned_data["code"]))
    return render(
        request,
        "dialogues/public_status.html",
        {
            "form": form,
            "item": item,
            "searched": searched,
            "follow_up_form": FollowUpForm() if item and item.status == "closed" else None,
        },
    )


@require_POST
@ratelimit(key="friendly_gov.clients.ratelimit_key", rate=RATE_FOLLOW_UP, method="POST", block=True)
def public_follow_up(request, code: str):
    item = FeedbackItem.objects.filter(tracking_code=services.normalise_code(code)).first()
    if item is None:
        raise Http404
    form = FollowUpForm(request.POST)
    status_url = reverse("dialogues:public_status") + f"?code={item.tracking_code}"
    if form.is_valid():
        try:
            services.feedback_follow_up(item=item, resolved=form.cleaned_data["resolved"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Cảm ơn Ông/Bà đã cho biết kết quả."))
    else:
        messages.error(request, _("Hãy chọn một câu trả lời."))
    return redirect(status_url)


def public_start(request):
    """Where a citizen finds their commune's form (a QR code at the desk leads straight to it):
    by today's name or a former one, with or without the district or province, today's communes
    first; a commune dissolved in 2025 is shown with the one that took it over, and its link
    leads to that one's form. Two queries."""
    query = request.GET.get("q", "").strip()
    communes = []
    if len(query) >= 2:
        communes = units_labelled(
            unit_search(
                queryset=AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), q=query
            ).select_related("successor__parent")[:20],
            q=query,
        )
    return render(request, "dialogues/public_start.html", {"q": query, "communes": communes})
