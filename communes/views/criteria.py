"""Pages of criteria sets and self-assessments: authoring of the sets by province
administrators, the commune's score sheet (one page, usable on the desk tablet), verification by
the province, and the ranking of communes. Thin: scope and role checks, then the selectors and
services of communes.services.criteria."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from friendly_gov.forms import add_service_errors, form_page
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..filters.criteria import AssessmentFilter, CriteriaSetFilter, RankingFilter
from ..forms.criteria import (
    AssessmentStartForm,
    CriteriaSetForm,
    CriterionForm,
    GroupForm,
    ReturnForm,
    ReviewFormSet,
    ScoreFormSet,
)
from ..models import CriteriaGroup, CriteriaSet, Criterion, EvidenceFile, SelfAssessment
from ..scope import can_configure, can_record, get_in_scope_or_404
from ..selectors import criteria as selectors
from ..services import criteria as services

Status = SelfAssessment.Status


def _set_in_scope(request, pk: int, *, configure: bool = False) -> CriteriaSet:
    criteria_set = get_in_scope_or_404(
        CriteriaSet.objects.select_related("programme__owner_unit"),
        user=request.user,
        via=selectors.SET_SCOPE,
        pk=pk,
    )
    if configure and not can_configure(request.user):
        raise PermissionDenied
    return criteria_set


def _group_in_scope(request, pk: int) -> CriteriaGroup:
    group = get_in_scope_or_404(
        CriteriaGroup.objects.select_related("criteria_set__programme__owner_unit"),
        user=request.user,
        via=selectors.GROUP_SCOPE,
        pk=pk,
    )
    if not can_configure(request.user):
        raise PermissionDenied
    return group


def _criterion_in_scope(request, pk: int) -> Criterion:
    criterion = get_in_scope_or_404(
        Criterion.objects.select_related("group__criteria_set__programme__owner_unit", "parent"),
        user=request.user,
        via=selectors.CRITERION_SCOPE,
        pk=pk,
    )
    if not can_configure(request.user):
        raise PermissionDenied
    return criterion


def _assessment_in_scope(request, pk: int, *, queryset=None) -> SelfAssessment:
    if queryset is None:
        queryset = SelfAssessment.objects.select_related("commune__parent", "criteria_set__programme")
    return get_in_scope_or_404(queryset, user=request.user, via=selectors.ASSESSMENT_SCOPE, pk=pk)


def _form_page(request, *, form, title: str, back_url: str, criteria_set=None, submit_label=None):
    return render(
        request,
        "communes/criteria/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "criteria_set": criteria_set,
            "submit_label": submit_label or _("Lưu"),
        },
    )


def _confirm_page(request, *, title: str, question: str, back_url: str):
    return render(
        request,
        "communes/criteria/confirm.html",
        {"title": title, "question": question, "back_url": back_url},
    )


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _set_url(criteria_set_id: int):
    return redirect("communes:criteria_set_detail", pk=criteria_set_id)


# --- Criteria sets ----------------------------------------------------------------------------------


@login_required
def criteria_set_list(request):
    queryset = selectors.criteria_set_list(user=request.user).order_by(
        "programme__name", "programme_id", "-version"
    )
    filterset = CriteriaSetFilter(request.GET, queryset=queryset, request=request)
    fmt = requested_export(request)
    if fmt:
        columns = [
            Column(_("Bộ tiêu chí"), lambda s: s.title),
            Column(_("Phiên bản"), lambda s: s.version),
            Column(_("Chương trình"), lambda s: s.programme.name),
            Column(_("Đơn vị chủ trì"), lambda s: s.programme.owner_unit.name),
            Column(_("Cơ quan ban hành"), lambda s: s.issued_by),
            Column(_("Ngày công bố"), lambda s: s.published_at),
            Column(_("Số tiêu chí chấm điểm"), lambda s: s.leaf_count),
            Column(_("Tổng điểm tối đa"), lambda s: s.total_max),
        ]
        return export_response(fmt=fmt, filename="bo-tieu-chi", columns=columns, rows=filterset.qs)
    return render(
        request,
        "communes/criteria/set_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "can_configure": can_configure(request.user),
        },
    )


@login_required
def criteria_set_new(request):
    if not can_configure(request.user):
        raise PermissionDenied
    programmes = selectors.programmes_for_criteria(user=request.user).order_by("-phase_start", "name")
    form = CriteriaSetForm(
        request.POST or None, programmes=programmes, initial={"programme": request.GET.get("programme")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set = services.criteria_set_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã tạo bộ tiêu chí “%(title)s” (phiên bản %(version)s). Hãy thêm nhóm và tiêu chí.")
                % {"title": criteria_set.title, "version": criteria_set.version},
            )
            return _set_url(criteria_set.pk)
    return _form_page(
        request, form=form, title=_("Tạo bộ tiêu chí"), back_url=_url("communes:criteria_set_list")
    )


@login_required
def criteria_set_detail(request, pk: int):
    criteria_set = get_in_scope_or_404(
        selectors.criteria_set_list(user=request.user), user=request.user, via=selectors.SET_SCOPE, pk=pk
    )
    user = request.user
    tree = selectors.criteria_set_tree(criteria_set=criteria_set)
    versions = (
        selectors.criteria_set_list(user=user)
        .filter(programme_id=criteria_set.programme_id)
        .exclude(pk=criteria_set.pk)
        .order_by("-version")
    )
    assessments = (
        selectors.assessment_list(user=user)
        .filter(criteria_set=criteria_set)
        .order_by("-period_start", "commune__name")
    )
    can_assess = (
        criteria_set.is_published
        and can_record(user)
        and selectors.eligible_communes(user=user, criteria_set=criteria_set).exists()
    )
    return render(
        request,
        "communes/criteria/set_detail.html",
        {
            "criteria_set": criteria_set,
            "groups": tree["groups"],
            "total_max": tree["total_max"],
            "leaf_count": len(tree["leaves"]),
            "can_configure": can_configure(user),
            "can_edit": can_configure(user) and not criteria_set.is_published,
            "can_assess": can_assess,
            "versions": versions,
            "assessments": assessments[:50],
            "assessment_count": assessments.count(),
            "group_form": GroupForm(),
        },
    )


@login_required
def criteria_set_edit(request, pk: int):
    criteria_set = _set_in_scope(request, pk, configure=True)
    form = CriteriaSetForm(
        request.POST or None,
        editing=True,
        initial={"title": criteria_set.title, "issued_by": criteria_set.issued_by},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set_update(criteria_set=criteria_set, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu bộ tiêu chí."))
            return _set_url(criteria_set.pk)
    return _form_page(
        request,
        form=form,
        title=_("Sửa bộ tiêu chí"),
        back_url=_url("communes:criteria_set_detail", criteria_set.pk),
        criteria_set=criteria_set,
    )


@login_required
def criteria_set_delete(request, pk: int):
    criteria_set = _set_in_scope(request, pk, configure=True)
    back = _url("communes:criteria_set_detail", criteria_set.pk)
    if request.method == "POST":
        try:
            services.criteria_set_delete(criteria_set=criteria_set, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Đã xóa bộ tiêu chí “%(title)s”.") % {"title": criteria_set.title})
        return redirect("communes:criteria_set_list")
    return _confirm_page(
        request,
        title=_("Xóa bộ tiêu chí"),
        question=_("Xóa bộ tiêu chí “%(title)s” (phiên bản %(version)s) cùng toàn bộ nhóm và tiêu chí?")
        % {"title": criteria_set.title, "version": criteria_set.version},
        back_url=back,
    )


@login_required
@require_POST
def criteria_set_publish(request, pk: int):
    criteria_set = _set_in_scope(request, pk, configure=True)
    try:
        services.criteria_set_publish(criteria_set=criteria_set, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã công bố bộ tiêu chí. Các xã có thể bắt đầu tự đánh giá."))
    return _set_url(criteria_set.pk)


@login_required
@require_POST
def criteria_set_new_version(request, pk: int):
    criteria_set = _set_in_scope(request, pk, configure=True)
    try:
        copy = services.criteria_set_new_version(criteria_set=criteria_set, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _set_url(criteria_set.pk)
    messages.success(request, _("Đã tạo phiên bản %(version)s để chỉnh sửa.") % {"version": copy.version})
    return _set_url(copy.pk)


# --- Groups and criteria ----------------------------------------------------------------------------


@login_required
def criteria_group_new(request, pk: int):
    criteria_set = _set_in_scope(request, pk, configure=True)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_create(criteria_set=criteria_set, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm nhóm tiêu chí."))
            return _set_url(criteria_set.pk)
    return _form_page(
        request,
        form=form,
        title=_("Thêm nhóm tiêu chí"),
        back_url=_url("communes:criteria_set_detail", criteria_set.pk),
        criteria_set=criteria_set,
    )


@login_required
def criteria_group_edit(request, pk: int):
    group = _group_in_scope(request, pk)
    form = GroupForm(request.POST or None, initial={"title": group.title, "order": group.order})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nhóm tiêu chí."))
            return _set_url(group.criteria_set_id)
    return _form_page(
        request,
        form=form,
        title=_("Sửa nhóm tiêu chí"),
        back_url=_url("communes:criteria_set_detail", group.criteria_set_id),
        criteria_set=group.criteria_set,
    )


@login_required
def criteria_group_delete(request, pk: int):
    group = _group_in_scope(request, pk)
    back = _url("communes:criteria_set_detail", group.criteria_set_id)
    if request.method == "POST":
        try:
            services.group_delete(group=group, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã xóa nhóm “%(title)s”.") % {"title": group.title})
        return redirect(back)
    return _confirm_page(
        request,
        title=_("Xóa nhóm tiêu chí"),
        question=_("Xóa nhóm “%(title)s” cùng các tiêu chí của nhóm?") % {"title": group.title},
        back_url=back,
    )


@login_required
def criterion_new(request, group_pk: int):
    group = _group_in_scope(request, group_pk)
    parent = None
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdecimal():
        parent = get_object_or_404(Criterion, group=group, pk=parent_pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_create(group=group, by=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm tiêu chí."))
            return _set_url(group.criteria_set_id)
    if parent is not None:
        title = _("Thêm tiêu chí thành phần của %(code)s") % {"code": parent.code}
    else:
        title = _("Thêm tiêu chí vào nhóm “%(group)s”") % {"group": group.title}
    return _form_page(
        request,
        form=form,
        title=title,
        back_url=_url("communes:criteria_set_detail", group.criteria_set_id),
        criteria_set=group.criteria_set,
    )


@login_required
def criterion_edit(request, pk: int):
    criterion = _criterion_in_scope(request, pk)
    has_children = criterion.children.exists()
    form = CriterionForm(
        request.POST or None,
        has_children=has_children,
        initial={
            "code": criterion.code,
            "title": criterion.title,
            "max_score": criterion.max_score,
            "order": criterion.order,
        },
    )
    set_id = criterion.group.criteria_set_id
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if has_children:
            data["max_score"] = None
        try:
            services.criterion_update(criterion=criterion, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
            return _set_url(set_id)
    return _form_page(
        request,
        form=form,
        title=_("Sửa tiêu chí %(code)s") % {"code": criterion.code},
        back_url=_url("communes:criteria_set_detail", set_id),
        criteria_set=criterion.group.criteria_set,
    )


@login_required
def criterion_delete(request, pk: int):
    criterion = _criterion_in_scope(request, pk)
    set_id = criterion.group.criteria_set_id
    back = _url("communes:criteria_set_detail", set_id)
    if request.method == "POST":
        try:
            services.criterion_delete(criterion=criterion, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã xóa tiêu chí %(code)s.") % {"code": criterion.code})
        return redirect(back)
    return _confirm_page(
        request,
        title=_("Xóa tiêu chí"),
        question=_("Xóa tiêu chí %(code)s. %(title)s (cùng các tiêu chí thành phần, nếu có)?")
        % {"code": criterion.code, "title": criterion.title},
        back_url=back,
    )


# --- Self-assessments -------------------------------------------------------------------------------


@login_required
def assessment_new(request, pk: int):
    criteria_set = _set_in_scope(request, pk)
    if not can_record(request.user):
        raise PermissionDenied
    communes = selectors.eligible_communes(user=request.user, criteria_set=criteria_set)
    year = timezone.localdate().year
    form = AssessmentStartForm(
        request.POST or None,
        communes=communes,
        initial={
            # An officer's own commune first: a 2025 commune for today's work.
            "commune": request.user.commune_id if request.user.is_commune_officer else None,
            "period_label": _("Năm %(year)s") % {"year": year},
            "period_start": datetime.date(year, 1, 1),
            "period_end": datetime.date(year, 12, 31),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                criteria_set=criteria_set, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã mở bản tự đánh giá. Hãy chấm điểm từng tiêu chí."))
            return redirect("communes:assessment_edit", pk=assessment.pk)
    return _form_page(
        request,
        form=form,
        title=_("Tự đánh giá theo “%(title)s”") % {"title": criteria_set.title},
        back_url=_url("communes:criteria_set_detail", criteria_set.pk),
        criteria_set=criteria_set,
        submit_label=_("Bắt đầu tự đánh giá"),
    )


def _assessment_columns() -> list[Column]:
    return [
        Column(_("Mã xã"), lambda a: a.commune.code),
        Column(_("Xã, phường"), lambda a: a.commune.name),
        Column(_("Huyện"), lambda a: a.commune.parent.name if a.commune.parent else ""),
        Column(_("Bộ tiêu chí"), lambda a: a.criteria_set.title),
        Column(_("Phiên bản"), lambda a: a.criteria_set.version),
        Column(_("Kỳ đánh giá"), lambda a: a.period_label),
        Column(_("Từ ngày"), lambda a: a.period_start),
        Column(_("Đến ngày"), lambda a: a.period_end),
        Column(_("Trạng thái"), lambda a: a.get_status_display()),
        Column(_("Điểm tự chấm"), lambda a: a.self_total),
        Column(_("Điểm sau thẩm định"), lambda a: a.final_total),
        Column(_("Điểm tối đa"), lambda a: a.max_total),
    ]


@login_required
def assessment_list(request):
    queryset = selectors.assessment_list(user=request.user).order_by("-period_start", "commune__name", "id")
    filterset = AssessmentFilter(request.GET, queryset=queryset, request=request)
    fmt = requested_export(request)
    if fmt:
        columns = [
            *_assessment_columns(),
            Column(_("Hạn nộp"), lambda a: a.due_on),
            Column(_("Ngày gửi"), lambda a: a.submitted_at),
            Column(_("Ngày thẩm định"), lambda a: a.verified_at),
        ]
        return export_response(fmt=fmt, filename="tu-danh-gia", columns=columns, rows=filterset.qs)
    return render(
        request,
        "communes/criteria/assessment_list.html",
        {"filter": filterset, "page_obj": paginate(request, filterset.qs)},
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = _assessment_in_scope(request, pk, queryset=selectors.assessment_list(user=request.user))
    sheet = selectors.assessment_sheet(assessment=assessment)
    return render(
        request,
        "communes/criteria/assessment_detail.html",
        {
            "assessment": assessment,
            "groups": sheet["groups"],
            "missing": sheet["missing"],
            "can_edit": assessment.status == Status.DRAFT and can_record(request.user),
            "can_verify": assessment.status == Status.SUBMITTED and can_configure(request.user),
        },
    )


def _attach_forms(leaves, forms, attribute: str = "form") -> dict:
    """Pair each leaf with its form (same order) and return {code: form} for error messages."""
    by_code = {}
    for leaf, form in zip(leaves, forms, strict=False):
        setattr(leaf, attribute, form)
        by_code[leaf.code] = form
    return by_code


def _row_errors(formset, by_code: dict, error: ValidationError) -> int:
    """Show the service's errors (keyed by criterion code) on their rows; return their count."""
    count = 0
    for key, key_messages in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        form = by_code.get(key)
        if form is not None:
            form.add_error(None, key_messages)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *key_messages])
        count += 1
    return count


@login_required
def assessment_edit(request, pk: int):
    """The score sheet: every leaf criterion, grouped, with its score, evidence and files."""
    assessment = _assessment_in_scope(request, pk, queryset=selectors.assessment_list(user=request.user))
    if not can_record(request.user):
        raise PermissionDenied
    if assessment.status != Status.DRAFT:
        messages.info(request, _("Bản tự đánh giá đã gửi thẩm định, không sửa được nữa."))
        return redirect("communes:assessment_detail", pk=assessment.pk)
    sheet = selectors.assessment_sheet(assessment=assessment)
    leaves = sheet["leaves"]
    initial = [
        {
            "criterion": leaf.pk,
            "self_score": leaf.score.self_score if leaf.score else None,
            "evidence": leaf.score.evidence if leaf.score else "",
        }
        for leaf in leaves
    ]
    formset = ScoreFormSet(request.POST or None, request.FILES or None, initial=initial, prefix="scores")
    by_code = _attach_forms(leaves, formset.forms)
    if request.method == "POST":
        if len(formset.forms) != len(leaves):
            formset._non_form_errors = formset.error_class([_("Bảng điểm đã thay đổi; hãy tải lại trang.")])
        elif formset.is_valid():
            try:
                services.assessment_scores_save(
                    assessment=assessment, by=request.user, entries=formset.entries()
                )
            except ValidationError as error:
                count = _row_errors(formset, by_code, error)
                messages.error(
                    request, _("Chưa lưu: có lỗi ở %(count)s tiêu chí, xem bên dưới.") % {"count": count}
                )
            else:
                if request.POST.get("action") == "submit":
                    try:
                        services.assessment_submit(assessment=assessment, by=request.user)
                    except ValidationError as error:
                        messages.warning(
                            request,
                            _("Đã lưu điểm nhưng chưa gửi được: %(why)s") % {"why": " ".join(error.messages)},
                        )
                        return redirect("communes:assessment_edit", pk=assessment.pk)
                    messages.success(request, _("Đã gửi bản tự đánh giá để thẩm định."))
                    return redirect("communes:assessment_detail", pk=assessment.pk)
                messages.success(request, _("Đã lưu điểm tự chấm."))
                return redirect("communes:assessment_edit", pk=assessment.pk)
    return render(
        request,
        "communes/criteria/assessment_edit.html",
        {"assessment": assessment, "groups": sheet["groups"], "formset": formset},
    )


@login_required
@require_POST
def assessment_submit(request, pk: int):
    assessment = _assessment_in_scope(request, pk)
    if not can_record(request.user):
        raise PermissionDenied
    try:
        services.assessment_submit(assessment=assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi bản tự đánh giá để thẩm định."))
    return redirect("communes:assessment_detail", pk=assessment.pk)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_in_scope_or_404(
        EvidenceFile.objects.select_related("score__assessment__commune"),
        user=request.user,
        via="score__assessment__commune",
        pk=pk,
    )
    if not can_record(request.user):
        raise PermissionDenied
    assessment_pk = evidence.score.assessment_id
    try:
        services.evidence_file_delete(evidence=evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa tệp minh chứng."))
    return redirect("communes:assessment_edit", pk=assessment_pk)


@login_required
def assessment_verify(request, pk: int):
    """The province's review: accept or adjust each score, then confirm the result."""
    assessment = _assessment_in_scope(request, pk, queryset=selectors.assessment_list(user=request.user))
    if not can_configure(request.user):
        raise PermissionDenied
    if assessment.status != Status.SUBMITTED:
        messages.info(request, _("Chỉ thẩm định bản tự đánh giá đã gửi thẩm định."))
        return redirect("communes:assessment_detail", pk=assessment.pk)
    sheet = selectors.assessment_sheet(assessment=assessment)
    scored = [leaf for leaf in sheet["leaves"] if leaf.score is not None]
    initial = [
        {
            "score": leaf.score.pk,
            "verified_score": leaf.score.verified_score,
            "verifier_comment": leaf.score.verifier_comment,
        }
        for leaf in scored
    ]
    formset = ReviewFormSet(request.POST or None, initial=initial, prefix="reviews")
    by_code = _attach_forms(scored, formset.forms)
    if request.method == "POST":
        if len(formset.forms) != len(scored):
            formset._non_form_errors = formset.error_class([_("Bảng điểm đã thay đổi; hãy tải lại trang.")])
        elif formset.is_valid():
            verify = request.POST.get("action") == "verify"
            try:
                if verify:
                    services.assessment_verify(
                        assessment=assessment,
                        by=request.user,
                        reviews=formset.reviews(),
                        note=request.POST.get("verifier_note", ""),
                    )
                else:
                    services.assessment_review(
                        assessment=assessment, by=request.user, reviews=formset.reviews()
                    )
            except ValidationError as error:
                count = _row_errors(formset, by_code, error)
                messages.error(
                    request, _("Chưa lưu: có lỗi ở %(count)s tiêu chí, xem bên dưới.") % {"count": count}
                )
            else:
                if verify:
                    messages.success(request, _("Đã xác nhận kết quả thẩm định."))
                    return redirect("communes:assessment_detail", pk=assessment.pk)
                messages.success(request, _("Đã lưu ý kiến thẩm định."))
                return redirect("communes:assessment_verify", pk=assessment.pk)
    return render(
        request,
        "communes/criteria/assessment_verify.html",
        {
            "assessment": assessment,
            "groups": sheet["groups"],
            "formset": formset,
            "note": request.POST.get("verifier_note", ""),
        },
    )


@login_required
def assessment_return(request, pk: int):
    """The province sends a submitted assessment back to the commune, with the reason."""
    assessment = _assessment_in_scope(request, pk)
    if not can_configure(request.user):
        raise PermissionDenied
    detail_url = reverse("communes:assessment_detail", args=[assessment.pk])
    if assessment.status != Status.SUBMITTED:
        messages.info(request, _("Chỉ trả lại bản tự đánh giá đã gửi thẩm định."))
        return redirect(detail_url)
    return form_page(
        request,
        ReturnForm(request.POST or None),
        save=lambda data: services.assessment_return(
            assessment=assessment, by=request.user, reason=data["reason"]
        ),
        done=lambda returned: (
            _("Đã trả lại bản tự đánh giá cho %(commune)s để bổ sung.") % {"commune": returned.commune.name},
            detail_url,
        ),
        title=_("Trả lại xã bổ sung"),
        back_url=detail_url,
        back_label=f"{assessment.commune.name} – {assessment.period_label}",
    )


# --- Ranking ----------------------------------------------------------------------------------------


@login_required
def ranking(request):
    filterset = RankingFilter(request.GET, queryset=selectors.ranking(user=request.user), request=request)
    fmt = requested_export(request)
    if fmt:
        columns = [Column(_("Hạng"), lambda a: a.rank), *_assessment_columns()]
        return export_response(fmt=fmt, filename="xep-hang-tu-danh-gia", columns=columns, rows=filterset.qs)
    return render(
        request,
        "communes/criteria/ranking.html",
        {"filter": filterset, "page_obj": paginate(request, filterset.qs, per_page=50)},
    )
