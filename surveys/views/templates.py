"""Survey templates: read by every signed-in user, authored by province administrators. A
published version never changes; "new version" copies it into a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communes.scope import can_configure
from friendly_gov.forms import form_page

from .. import selectors, services
from ..forms import QuestionForm
from ..models import Question, SurveyTemplate


@login_required
def template_list(request):
    return render(
        request,
        "surveys/template_list.html",
        {"templates": selectors.template_list(), "can_configure": can_configure(request.user)},
    )


@login_required
def template_detail(request, pk: int):
    template = get_object_or_404(SurveyTemplate, pk=pk)
    return render(
        request,
        "surveys/template_detail.html",
        {
            "template": template,
            "questions": template.questions.all(),
            "can_edit": can_configure(request.user) and not template.is_published,
            "can_configure": can_configure(request.user),
        },
    )


def _configure_only(request):
    if not can_configure(request.user):
        raise PermissionDenied


@login_required
@require_POST
def template_publish(request, pk: int):
    _configure_only(request)
    template = get_object_or_404(SurveyTemplate, pk=pk)
    try:
        services.template_publish(template=template, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã công bố mẫu phiếu. Từ nay người dân trả lời phiên bản này."))
    return redirect("surveys:template_detail", pk=template.pk)


@login_required
@require_POST
def template_new_version(request, pk: int):
    _configure_only(request)
    template = get_object_or_404(SurveyTemplate, pk=pk)
    copy = services.template_new_version(template=template, by=request.user)
    messages.success(request, _("Đã tạo bản nháp phiên bản %(v)s.") % {"v": copy.version})
    return redirect("surveys:template_detail", pk=copy.pk)


@login_required
def question_create(request, pk: int):
    _configure_only(request)
    template = get_object_or_404(SurveyTemplate, pk=pk)
    form = QuestionForm(request.POST or None)
    return _question_page(
        request,
        form,
        template,
        save=lambda data: services.question_add(
            template=template,
            by=request.user,
            options=form.options(),
            options_en=form.options_en(),
            **_question_fields(data),
        ),
        success=_("Đã thêm câu hỏi."),
        title=_("Thêm câu hỏi"),
    )


@login_required
def question_update(request, pk: int):
    """Edit a question of a draft version. A published version never changes: its questions are
    not edited here (a new version is)."""
    _configure_only(request)
    question = get_object_or_404(Question.objects.select_related("template"), pk=pk)
    template = question.template
    if template.is_published:
        messages.error(
            request,
            _("Mẫu phiếu “%(title)s” (phiên bản %(version)s) đã công bố, không thể thay đổi.")
            % {"title": template.title, "version": template.version}
            + " "
            + _("Hãy tạo phiên bản mới để sửa."),
        )
        return redirect("surveys:template_detail", pk=template.pk)
    form = QuestionForm(request.POST or None, instance=question)
    return _question_page(
        request,
        form,
        template,
        # A fresh copy: the form has already written its input on `question`.
        save=lambda data: services.question_update(
            question=Question.objects.select_related("template").get(pk=question.pk),
            by=request.user,
            options=form.options(),
            options_en=form.options_en(),
            **_question_fields(data),
        ),
        success=_("Đã lưu câu hỏi."),
        title=_("Sửa câu hỏi"),
    )


def _question_fields(data: dict) -> dict:
    """The service's fields from the question form (the options come as a list)."""
    return {k: v for k, v in data.items() if k not in ("options_text", "options_en_text")}


def _question_page(request, form, template: SurveyTemplate, *, save, success: str, title: str):
    """A question's form (friendly_gov.forms.form_page), back to its template."""
    detail_url = reverse("surveys:template_detail", args=[template.pk])
    return form_page(
        request,
        form,
        save=save,
        done=lambda _question: (success, detail_url),
        title=title,
        back_url=detail_url,
        back_label=str(template),
    )


@login_required
@require_POST
def question_delete(request, pk: int):
    _configure_only(request)
    question = get_object_or_404(Question.objects.select_related("template"), pk=pk)
    try:
        services.question_delete(question=question, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa câu hỏi."))
    return redirect("surveys:template_detail", pk=question.template_id)
