"""Review pages: the list, set-up, the review with its builds (progress while one runs), the PDF,
and a programme's review schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communes.models import Programme
from communes.scope import can_configure, get_in_scope_or_404
from friendly_gov.forms import form_page
from friendly_gov.tables import Column, export_response, paginate, requested_export

from ..forms.reviews import ReviewFilter, ReviewForm, ScheduleForm
from ..models import Review, ReviewBuild
from ..selectors import (
    build_in_scope,
    build_state,
    latest_done_build,
    review_builds,
    review_draft_reasons,
    review_list,
    schedule_for,
)
from ..services import builds as build_services
from ..services import reviews as services


def review_columns() -> list[Column]:
    return [
        Column(_("Báo cáo"), lambda r: str(r)),
        Column(_("Chương trình"), lambda r: r.programme.name),
        Column(_("Phạm vi"), lambda r: r.scope_unit.name),
        Column(_("Loại"), lambda r: r.get_kind_display()),
        Column(_("Từ ngày"), lambda r: r.period_start),
        Column(_("Đến ngày"), lambda r: r.period_end),
        Column(_("Ngày hội nghị"), lambda r: r.conference_date),
        Column(_("Đã có PDF"), lambda r: _("Có") if r.has_pdf else _("Chưa")),
    ]


def _review(request, pk: int) -> Review:
    return get_in_scope_or_404(
        Review.objects.select_related("programme", "programme__owner_unit", "scope_unit"),
        user=request.user,
        via="scope_unit",
        pk=pk,
    )


def _require_configure(request) -> None:
    if not can_configure(request.user):
        raise PermissionDenied


@login_required
def review_list_view(request):
    filterset = ReviewFilter(request.GET, queryset=review_list(user=request.user), user=request.user)
    rows = filterset.qs.order_by("-period_end", "-id")
    fmt = requested_export(request)
    if fmt:
        return export_response(fmt=fmt, filename="so-ket-tong-ket", columns=review_columns(), rows=rows)
    return render(
        request,
        "reports/review_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, rows),
            "can_configure": can_configure(request.user),
        },
    )


def _form_page(request, form, *, title: str, review: Review | None, save, success: str):
    if review is not None:
        back_url, back_label = reverse("reports:review_detail", args=[review.pk]), str(review)
    else:
        back_url, back_label = reverse("reports:review_list"), _("Sơ kết, tổng kết")
    return form_page(
        request,
        form,
        save=save,
        done=lambda result: (success, reverse("reports:review_detail", args=[result.pk])),
        title=title,
        back_url=back_url,
        back_label=back_label,
    )


@login_required
def review_new(request):
    _require_configure(request)
    initial = {}
    if programme_id := request.GET.get("programme", "").strip():
        programme = Programme.objects.filter(pk=programme_id).first() if programme_id.isdecimal() else None
        if programme is not None:
            initial = {
                "programme": programme.pk,
                "scope_unit": programme.owner_unit_id,
                "period_start": programme.phase_start,
                "period_end": programme.phase_end,
            }
    form = ReviewForm(request.POST or None, initial=initial, user=request.user)

    def save(data):
        data = dict(data)
        return services.review_create(
            by=request.user, programme=data.pop("programme"), scope_unit=data.pop("scope_unit"), **data
        )

    return _form_page(
        request,
        form,
        title=_("Báo cáo sơ kết, tổng kết mới"),
        review=None,
        save=save,
        success=_("Đã tạo báo cáo."),
    )


@login_required
def review_edit(request, pk: int):
    review = _review(request, pk)
    _require_configure(request)
    form = ReviewForm(request.POST or None, instance=Review.objects.get(pk=review.pk), user=request.user)

    def save(data):
        data = dict(data)
        data.pop("programme", None)
        return services.review_update(by=request.user, review=review, **data)

    return _form_page(
        request,
        form,
        title=_("Sửa thông tin báo cáo"),
        review=review,
        save=save,
        success=_("Đã lưu báo cáo."),
    )


@login_required
def review_detail(request, pk: int):
    review = _review(request, pk)
    builds = review_builds(review=review)
    active = next((build for build in builds if build.is_active), None)
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "builds": paginate(request, builds, per_page=10),
            "active": active,
            "active_state": build_state(build=active) if active is not None else None,
            "latest_done": latest_done_build(review=review),
            "can_configure": can_configure(request.user),
            "draft_reasons": review_draft_reasons(review=review),
        },
    )


@login_required
@require_POST
def build_request(request, pk: int):
    review = _review(request, pk)
    running = review.builds.filter(status__in=ReviewBuild.ACTIVE).exists()  # for the message only
    build = build_services.build_request(review=review, by=request.user)
    build.refresh_from_db()  # sent (or not) once the request committed
    if running:
        messages.info(request, _("Báo cáo đang được lập; yêu cầu này dùng chung lượt đang chạy."))
    elif build.status == ReviewBuild.Status.PENDING and build.dispatched_at is None:
        messages.warning(
            request,
            _(
                "Đã ghi nhận yêu cầu lập báo cáo, nhưng máy chủ hàng đợi đang không trả lời. Yêu cầu sẽ "
                "được tự động gửi khi máy chủ hoạt động trở lại; không cần bấm lại."
            ),
        )
    else:
        messages.success(request, _("Đã gửi yêu cầu lập báo cáo. Trang này cho biết tiến độ."))
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(_status(build), status=202)
    return redirect("reports:review_detail", pk=review.pk)


def _status(build: ReviewBuild) -> dict:
    state = build_state(build=build)
    return {
        "id": build.pk,
        "status": build.status,
        "status_label": build.get_status_display(),
        "state": state.code,
        "message": state.message,
        "progress": build.progress,
        "stage": build.stage,
        "error": build.error if build.status == ReviewBuild.Status.FAILED else "",
        "pages": build.pages,
        "download_url": reverse("reports:build_download", args=[build.pk])
        if build.status == ReviewBuild.Status.DONE
        else None,
    }


@login_required
def build_status(request, pk: int):
    """The build's progress, polled by the review page while it runs."""
    build = get_in_scope_or_404(ReviewBuild.objects.all(), user=request.user, via="review__scope_unit", pk=pk)
    return JsonResponse(_status(build))


@login_required
def build_download(request, pk: int):
    build = get_in_scope_or_404(
        build_in_scope(user=request.user), user=request.user, via="review__scope_unit", pk=pk
    )
    if build.status != ReviewBuild.Status.DONE or not build.file:
        raise Http404
    review = build.review
    filename = f"{slug_for(review)}-{build.pk}.pdf"
    return FileResponse(
        build.file.open("rb"), content_type="application/pdf", filename=filename, as_attachment=True
    )


def slug_for(review: Review) -> str:
    kind = "tong-ket" if review.kind == Review.Kind.FINAL else "so-ket"
    return f"{kind}-{review.period_end:%Y%m%d}"


@login_required
def schedule_edit(request, pk: int):
    programme = get_in_scope_or_404(Programme.objects.all(), user=request.user, via="owner_unit", pk=pk)
    _require_configure(request)
    schedule = schedule_for(programme=programme)
    form = ScheduleForm(request.POST or None, instance=schedule)
    return form_page(
        request,
        form,
        save=lambda data: services.schedule_update(by=request.user, programme=programme, **data),
        done=lambda saved: (
            _("Đã lưu lịch sơ kết, tổng kết của chương trình."),
            reverse("reports:review_list"),
        ),
        title=_("Lịch sơ kết, tổng kết: %(programme)s") % {"programme": programme.name},
        back_url=reverse("reports:review_list"),
        back_label=_("Sơ kết, tổng kết"),
    )
