"""Criteria sets (bộ tiêu chí) and the communes' scored self-assessments.

A set belongs to a programme and is versioned: once published it never changes, and every
assessment keeps the version it was scored against. Groups hold criteria, criteria may hold
sub-criteria; scores are given on the leaves (criteria without sub-criteria).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .files import UploadPath, validate_upload
from .programmes import Programme
from .units import AdminUnit


class CriteriaSet(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="criteria_sets"
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    issued_by = models.CharField(_("cơ quan ban hành"), max_length=160, blank=True)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="criteriaset_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CriteriaGroup(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="groups"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nhóm tiêu chí"), max_length=255)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["criteria_set", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    group = models.ForeignKey(
        CriteriaGroup, verbose_name=_("nhóm"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tiêu chí cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=12, help_text=_("Ví dụ: 1.2 hoặc 1.2.a"))
    title = models.CharField(_("nội dung"), max_length=500)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["group", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_positive_max_score"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class SelfAssessment(models.Model):
    """A commune's scoring of itself against a criteria set for one period, then verified."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự chấm")
        SUBMITTED = "submitted", _("Đã gửi thẩm định")
        VERIFIED = "verified", _("Đã thẩm định")

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
        limit_choices_to={"level": AdminUnit.Level.COMMUNE},
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    period_label = models.CharField(_("kỳ đánh giá"), max_length=60, help_text=_("Ví dụ: Năm 2024"))
    due_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    verified_at = models.DateTimeField(_("ngày thẩm định"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verifier_note = models.TextField(
        _("nhận xét chung của đơn vị thẩm định"),
        blank=True,
        help_text=_("Ghi khi xác nhận kết quả thẩm định; hiện trên bản tự đánh giá."),
    )
    # The last time the province sent a submitted assessment back to the commune, and why.
    returned_at = models.DateTimeField(_("ngày trả lại"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["-period_start", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "criteria_set", "period_start"], name="assessment_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="assessment_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.period_label}"


class AssessmentScore(models.Model):
    """The score of one leaf criterion: the commune's own, then the province's."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("tự đánh giá"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="scores"
    )
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng"), blank=True)
    verified_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    verifier_comment = models.TextField(_("nhận xét thẩm định"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__group__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(condition=Q(self_score__gte=0), name="score_self_not_negative"),
            models.CheckConstraint(
                condition=Q(verified_score__isnull=True) | Q(verified_score__gte=0),
                name="score_verified_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.self_score}"


class EvidenceFile(models.Model):
    """A file or photo backing a score."""

    score = models.ForeignKey(
        AssessmentScore, verbose_name=_("điểm tiêu chí"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp"), upload_to=UploadPath("evidence"), validators=[validate_upload])
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["score", "uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.file.name
