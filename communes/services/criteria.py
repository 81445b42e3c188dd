"""Writes of criteria sets (bộ tiêu chí) and communes' self-assessments.

Rules written once here, for the pages, the API and commands alike:
- a set is authored by province administrators for a programme in their scope; it is versioned
  (version = last + 1) and, once published, never changes: a "new version" copies it;
- sets have two levels of criteria: a criterion with sub-criteria is scored through them only,
  and its maximum is always the sum of theirs;
- a commune scores itself (officer of that commune, or a province administrator) against a
  published set of a programme it takes part in (a 2025 commune takes part where a commune it
  took over was enrolled), for a period of its era (communes.eras: a period belongs by its end
  date); scores stay editable while the assessment is a draft, then it is submitted;
- a province administrator verifies a submitted assessment: accepts or adjusts each score (an
  adjustment needs a comment), then marks it verified.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..eras import ensure_unit_era
from ..models import (
    AdminUnit,
    AssessmentScore,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    Enrolment,
    EvidenceFile,
    Programme,
    SelfAssessment,
    User,
)
from ..models.files import validate_upload
from ..scope import can_configure, can_record, scope_queryset, visible_units
from ..selectors.criteria import PROGRAMME_SCOPE, leaf_criteria

Status = SelfAssessment.Status
MAX_SCORE_LIMIT = Decimal("10000")  # max_digits=6, decimal_places=2
CENT = Decimal("0.01")


def fmt_score(value: Decimal) -> str:
    """5 -> "5", 2.50 -> "2,5" (Vietnamese decimal comma)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return number_format(Decimal(text), use_l10n=True)


def _decimal(value, *, field: str) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError({field: _("“%(value)s” không phải là số.") % {"value": value}}) from exc
    if not number.is_finite():
        raise ValidationError({field: _("“%(value)s” không phải là số.") % {"value": value}})
    return number


def _has_two_decimals_at_most(value: Decimal) -> bool:
    return value == value.quantize(CENT)


# --- Permissions and state ------------------------------------------------------------------------


def ensure_can_configure(*, user: User, programme: Programme) -> None:
    """Province administrators author the sets of the programmes in their scope."""
    in_scope = scope_queryset(Programme.objects.filter(pk=programme.pk), user=user, via=PROGRAMME_SCOPE)
    if not can_configure(user) or not in_scope.exists():
        raise PermissionDenied(_("Bạn không được soạn bộ tiêu chí của chương trình này."))


def ensure_can_assess(*, user: User, commune: AdminUnit) -> None:
    """A commune is scored by its own officers (or a province administrator of its province)."""
    if not can_record(user) or not visible_units(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("Bạn không được tự đánh giá cho đơn vị này."))


def ensure_can_verify(*, user: User, assessment: SelfAssessment) -> None:
    if not can_configure(user) or not visible_units(user).filter(pk=assessment.commune_id).exists():
        raise PermissionDenied(_("Bạn không được thẩm định bản tự đánh giá này."))


def _locked_editable_set(criteria_set: CriteriaSet) -> CriteriaSet:
    """The set re-read under a row lock (call inside a transaction), refused if published: an
    edit racing a publication cannot slip through."""
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.is_published:
        raise ValidationError(
            _("Bộ tiêu chí “%(title)s” (phiên bản %(version)s) đã công bố, không thể thay đổi.")
            % {"title": locked.title, "version": locked.version}
            + " "
            + _("Hãy tạo phiên bản mới để sửa.")
        )
    return locked


def _locked_assessment(assessment: SelfAssessment) -> SelfAssessment:
    return SelfAssessment.objects.select_for_update().select_related("criteria_set").get(pk=assessment.pk)


def _ensure_draft(assessment: SelfAssessment) -> None:
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            _("Bản tự đánh giá đã gửi thẩm định (%(status)s), không thể sửa điểm hay minh chứng.")
            % {"status": assessment.get_status_display()}
        )


# --- Criteria sets ----------------------------------------------------------------------------------


def _clean_title(title: str, *, field: str = "title") -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({field: _("Hãy nhập tên.")})
    return title


@transaction.atomic
def criteria_set_create(
    *,
    programme: Programme,
    by: User,
    title: str,
    issued_by: str = "",
    groups: Iterable[dict] | None = None,
) -> CriteriaSet:
    """A new unpublished set, numbered after the programme's last version. `groups` (optional,
    for imports and the API) is a list of {title, criteria: [{code, title, max_score, children:
    [...]}]}."""
    ensure_can_configure(user=by, programme=programme)
    title = _clean_title(title)
    # Lock the programme so that two sets created at once cannot take the same version.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    last = CriteriaSet.objects.filter(programme=programme).aggregate(last=Max("version"))["last"] or 0
    criteria_set = CriteriaSet.objects.create(
        programme=programme, version=last + 1, title=title, issued_by=(issued_by or "").strip()
    )
    for group_data in groups or []:
        group = _group_add(criteria_set=criteria_set, title=group_data.get("title", ""))
        for criterion_data in group_data.get("criteria", []):
            parent = _criterion_add(group=group, **_criterion_fields(criterion_data))
            for child_data in criterion_data.get("children", []):
                _criterion_add(group=group, parent=parent, **_criterion_fields(child_data))
    return criteria_set


def _criterion_fields(data: dict) -> dict:
    return {
        "code": data.get("code", ""),
        "title": data.get("title", ""),
        "max_score": data.get("max_score"),
        "order": data.get("order"),
    }


@transaction.atomic
def criteria_set_update(
    *, criteria_set: CriteriaSet, by: User, title: str, issued_by: str = ""
) -> CriteriaSet:
    ensure_can_configure(user=by, programme=criteria_set.programme)
    locked = _locked_editable_set(criteria_set)
    locked.title = _clean_title(title)
    locked.issued_by = (issued_by or "").strip()
    locked.save(update_fields=["title", "issued_by"])
    return locked


@transaction.atomic
def criteria_set_delete(*, criteria_set: CriteriaSet, by: User) -> None:
    ensure_can_configure(user=by, programme=criteria_set.programme)
    locked = _locked_editable_set(criteria_set)
    locked.delete()


@transaction.atomic
def criteria_set_publish(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Publish the set: from now on communes score themselves against it and it never changes."""
    ensure_can_configure(user=by, programme=criteria_set.programme)
    locked = _locked_editable_set(criteria_set)
    groups = CriteriaGroup.objects.filter(criteria_set=locked).annotate(n=Count("criteria"))
    if not groups.exists():
        raise ValidationError(_("Bộ tiêu chí chưa có nhóm tiêu chí nào, chưa thể công bố."))
    empty = [group.title for group in groups if group.n == 0]
    if empty:
        raise ValidationError(
            _("Nhóm chưa có tiêu chí: %(groups)s. Hãy thêm tiêu chí hoặc xóa nhóm trước khi công bố.")
            % {"groups": "; ".join(empty)}
        )
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    return locked


@transaction.atomic
def criteria_set_new_version(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Copy a published set's groups and criteria into an unpublished version last + 1, to be
    amended and published in turn. Assessments keep the version they were scored against."""
    ensure_can_configure(user=by, programme=criteria_set.programme)
    if not criteria_set.is_published:
        raise ValidationError(_("Chỉ tạo phiên bản mới từ bộ tiêu chí đã công bố; bản này vẫn đang soạn."))
    Programme.objects.select_for_update().filter(pk=criteria_set.programme_id).first()
    draft = CriteriaSet.objects.filter(
        programme_id=criteria_set.programme_id, published_at__isnull=True
    ).first()
    if draft is not None:
        raise ValidationError(
            _("Chương trình đã có phiên bản %(version)s đang soạn; hãy hoàn thiện hoặc xóa phiên bản đó.")
            % {"version": draft.version}
        )
    last = CriteriaSet.objects.filter(programme_id=criteria_set.programme_id).aggregate(last=Max("version"))
    copy = CriteriaSet.objects.create(
        programme_id=criteria_set.programme_id,
        version=last["last"] + 1,
        title=criteria_set.title,
        issued_by=criteria_set.issued_by,
    )
    groups = list(CriteriaGroup.objects.filter(criteria_set=criteria_set).order_by("order", "id"))
    new_groups = CriteriaGroup.objects.bulk_create(
        CriteriaGroup(criteria_set=copy, order=group.order, title=group.title) for group in groups
    )
    group_map = {old.pk: new.pk for old, new in zip(groups, new_groups, strict=True)}
    # Parents before children, level by level (whatever the depth of the data).
    pending = list(Criterion.objects.filter(group__criteria_set=criteria_set).order_by("order", "id"))
    criterion_map: dict[int, int] = {}
    while pending:
        ready = [c for c in pending if c.parent_id is None or c.parent_id in criterion_map]
        created = Criterion.objects.bulk_create(
            Criterion(
                group_id=group_map[c.group_id],
                parent_id=criterion_map.get(c.parent_id),
                order=c.order,
                code=c.code,
                title=c.title,
                max_score=c.max_score,
            )
            for c in ready
        )
        criterion_map.update({old.pk: new.pk for old, new in zip(ready, created, strict=True)})
        pending = [c for c in pending if c.pk not in criterion_map]
    return copy


# --- Groups -----------------------------------------------------------------------------------------


def _group_add(*, criteria_set: CriteriaSet, title: str, order: int | None = None) -> CriteriaGroup:
    title = _clean_title(title)
    if order is None:
        last = CriteriaGroup.objects.filter(criteria_set=criteria_set).aggregate(last=Max("order"))["last"]
        order = (last or 0) + 1
    return CriteriaGroup.objects.create(criteria_set=criteria_set, title=title, order=order)


@transaction.atomic
def group_create(
    *, criteria_set: CriteriaSet, by: User, title: str, order: int | None = None
) -> CriteriaGroup:
    ensure_can_configure(user=by, programme=criteria_set.programme)
    locked = _locked_editable_set(criteria_set)
    return _group_add(criteria_set=locked, title=title, order=order)


@transaction.atomic
def group_update(*, group: CriteriaGroup, by: User, title: str, order: int | None = None) -> CriteriaGroup:
    ensure_can_configure(user=by, programme=group.criteria_set.programme)
    _locked_editable_set(group.criteria_set)
    group.title = _clean_title(title)
    if order is not None:
        group.order = order
    group.save(update_fields=["title", "order"])
    return group


@transaction.atomic
def group_delete(*, group: CriteriaGroup, by: User) -> None:
    ensure_can_configure(user=by, programme=group.criteria_set.programme)
    _locked_editable_set(group.criteria_set)
    group.delete()


# --- Criteria ---------------------------------------------------------------------------------------


def _clean_max_score(max_score) -> Decimal:
    if max_score in (None, ""):
        raise ValidationError({"max_score": _("Hãy nhập điểm tối đa.")})
    value = _decimal(max_score, field="max_score")
    if value <= 0:
        raise ValidationError({"max_score": _("Điểm tối đa phải lớn hơn 0.")})
    if value >= MAX_SCORE_LIMIT or not _has_two_decimals_at_most(value):
        raise ValidationError({"max_score": _("Điểm tối đa nhỏ hơn 10.000, tối đa 2 chữ số thập phân.")})
    return value


def _clean_code(code: str, *, criteria_set_id: int, exclude_pk: int | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Hãy nhập mã tiêu chí, ví dụ 1.2.")})
    if len(code) > 12:
        raise ValidationError({"code": _("Mã tiêu chí tối đa 12 ký tự.")})
    taken = Criterion.objects.filter(group__criteria_set_id=criteria_set_id, code__iexact=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã có trong bộ tiêu chí.") % {"code": code}})
    return code


def _sync_parent_max(parent_id: int | None) -> None:
    """A criterion with sub-criteria is worth the sum of their maxima (it is scored through
    them). Without sub-criteria left, it keeps its last maximum and is scored directly again."""
    if parent_id is None:
        return
    total = Criterion.objects.filter(parent_id=parent_id).aggregate(total=Sum("max_score"))["total"]
    if total:
        Criterion.objects.filter(pk=parent_id).update(max_score=total)


def _criterion_add(
    *,
    group: CriteriaGroup,
    code: str,
    title: str,
    max_score,
    parent: Criterion | None = None,
    order: int | None = None,
) -> Criterion:
    fields = {}
    errors = {}
    for name, clean in (
        ("code", lambda: _clean_code(code, criteria_set_id=group.criteria_set_id)),
        ("title", lambda: _clean_title(title)),
        ("max_score", lambda: _clean_max_score(max_score)),
    ):
        try:
            fields[name] = clean()
        except ValidationError as error:
            errors.update(error.message_dict)
    if parent is not None:
        if parent.group_id != group.pk:
            errors["parent"] = [_("Tiêu chí cha phải thuộc cùng nhóm.")]
        elif parent.parent_id is not None:
            errors["parent"] = [_("Bộ tiêu chí có hai cấp: tiêu chí và tiêu chí thành phần.")]
    if errors:
        raise ValidationError(errors)
    if order is None:
        last = Criterion.objects.filter(group=group, parent=parent).aggregate(last=Max("order"))["last"]
        order = (last or 0) + 1
    criterion = Criterion.objects.create(group=group, parent=parent, order=order, **fields)
    _sync_parent_max(criterion.parent_id)
    return criterion


@transaction.atomic
def criterion_create(
    *,
    group: CriteriaGroup,
    by: User,
    code: str,
    title: str,
    max_score,
    parent: Criterion | None = None,
    order: int | None = None,
) -> Criterion:
    """Add a criterion to a group, or a sub-criterion under `parent` (whose maximum becomes the
    sum of its sub-criteria)."""
    ensure_can_configure(user=by, programme=group.criteria_set.programme)
    _locked_editable_set(group.criteria_set)
    return _criterion_add(
        group=group, code=code, title=title, max_score=max_score, parent=parent, order=order
    )


@transaction.atomic
def criterion_update(
    *,
    criterion: Criterion,
    by: User,
    code: str,
    title: str,
    max_score=None,
    order: int | None = None,
) -> Criterion:
    """Edit a criterion. `max_score` None keeps the maximum; the maximum of a criterion with
    sub-criteria follows them (only the same sum is accepted)."""
    group = criterion.group
    ensure_can_configure(user=by, programme=group.criteria_set.programme)
    _locked_editable_set(group.criteria_set)
    errors = {}
    try:
        criterion.code = _clean_code(code, criteria_set_id=group.criteria_set_id, exclude_pk=criterion.pk)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        criterion.title = _clean_title(title)
    except ValidationError as error:
        errors.update(error.message_dict)
    children_total = criterion.children.aggregate(total=Sum("max_score"))["total"]
    if children_total is not None:
        if max_score not in (None, "") and _decimal(max_score, field="max_score") != children_total:
            errors["max_score"] = [
                _("Điểm tối đa của tiêu chí có thành phần bằng tổng điểm các thành phần (%(total)s).")
                % {"total": fmt_score(children_total)}
            ]
    elif max_score is not None:
        try:
            criterion.max_score = _clean_max_score(max_score)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if order is not None:
        criterion.order = order
    criterion.save(update_fields=["code", "title", "max_score", "order"])
    _sync_parent_max(criterion.parent_id)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by: User) -> None:
    """Delete a criterion (and its sub-criteria)."""
    ensure_can_configure(user=by, programme=criterion.group.criteria_set.programme)
    _locked_editable_set(criterion.group.criteria_set)
    parent_id = criterion.parent_id
    criterion.delete()
    _sync_parent_max(parent_id)


# --- Self-assessments -------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    criteria_set: CriteriaSet,
    commune: AdminUnit,
    by: User,
    period_start: datetime.date,
    period_end: datetime.date,
    period_label: str,
    due_on: datetime.date | None = None,
) -> SelfAssessment:
    """Open a commune's self-assessment against a published set, for one period."""
    ensure_can_assess(user=by, commune=commune)
    if commune.level != AdminUnit.Level.COMMUNE:
        raise ValidationError({"commune": _("Chỉ đơn vị cấp xã mới tự đánh giá.")})
    if not criteria_set.is_published:
        raise ValidationError(_("Chỉ tự đánh giá theo bộ tiêu chí đã công bố."))
    enrolled = (
        Enrolment.objects.filter(programme_id=criteria_set.programme_id)
        .filter(Q(commune=commune) | Q(commune__successor=commune))
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exists()
    )
    if not enrolled:
        raise ValidationError(
            {
                "commune": _("%(commune)s không tham gia chương trình “%(programme)s”.")
                % {"commune": commune.name, "programme": criteria_set.programme.name}
            }
        )
    period_label = (period_label or "").strip()
    errors = {}
    if not period_label:
        errors["period_label"] = [_("Hãy ghi kỳ đánh giá, ví dụ: Năm 2024.")]
    if period_end < period_start:
        errors["period_end"] = [_("Ngày kết thúc kỳ phải sau ngày bắt đầu.")]
    if due_on is not None and due_on < period_start:
        errors["due_on"] = [_("Hạn nộp phải sau ngày bắt đầu kỳ đánh giá.")]
    if errors:
        raise ValidationError(errors)
    # The page and the API let the user pick the commune: the message goes there.
    ensure_unit_era(unit=commune, on=period_end, field="commune")
    existing = SelfAssessment.objects.filter(commune=commune, criteria_set=criteria_set)
    if (
        existing.filter(period_start=period_start).exists()
        or existing.filter(period_label__iexact=period_label).exists()
    ):
        raise ValidationError(
            {
                "period_label": _("%(commune)s đã có bản tự đánh giá kỳ này theo bộ tiêu chí này.")
                % {"commune": commune.name}
            }
        )
    try:
        with transaction.atomic():
            return SelfAssessment.objects.create(
                commune=commune,
                criteria_set=criteria_set,
                period_start=period_start,
                period_end=period_end,
                period_label=period_label,
                due_on=due_on,
            )
    except IntegrityError as exc:  # the same form sent twice at once
        raise ValidationError(
            {"period_label": _("%(commune)s đã có bản tự đánh giá kỳ này.") % {"commune": commune.name}}
        ) from exc


def _score_value(value, *, criterion: Criterion, label: str) -> Decimal:
    """A score within 0..max_score with at most two decimals; ValidationError keyed by the
    criterion code otherwise."""
    try:
        number = _decimal(value, field=criterion.code)
    except ValidationError as error:
        raise ValidationError({criterion.code: error.messages}) from error
    if number < 0 or number > criterion.max_score or not _has_two_decimals_at_most(number):
        raise ValidationError(
            {
                criterion.code: _(
                    "%(label)s của tiêu chí %(code)s phải từ 0 đến %(max)s (tối đa 2 chữ số thập phân)."
                )
                % {"label": label, "code": criterion.code, "max": fmt_score(criterion.max_score)}
            }
        )
    return number


@transaction.atomic
def assessment_scores_save(*, assessment: SelfAssessment, by: User, entries: Iterable[dict]) -> int:
    """Save the commune's own scores: each entry is {criterion (Criterion or id), self_score
    (None leaves it unscored), evidence, files (uploads)}. Only leaf criteria of the assessment's
    set are scored. All or nothing: the errors, keyed by criterion code, are raised together and
    nothing (no score, no file) is stored. Returns the number of scores saved."""
    ensure_can_assess(user=by, commune=assessment.commune)
    locked = _locked_assessment(assessment)
    _ensure_draft(locked)
    criteria = {c.pk: c for c in Criterion.objects.filter(group__criteria_set_id=locked.criteria_set_id)}
    leaves = set(leaf_criteria(criteria_set=locked.criteria_set_id).values_list("pk", flat=True))
    existing = {
        score.criterion_id: score
        for score in AssessmentScore.objects.filter(assessment=locked).annotate(file_count=Count("files"))
    }
    errors: dict[str, list[str]] = {}
    to_save: list[AssessmentScore] = []
    to_clear: list[int] = []
    uploads: list[tuple[Criterion, object]] = []
    seen: set[int] = set()
    for entry in entries:
        raw = entry.get("criterion")
        criterion = criteria.get(getattr(raw, "pk", raw))
        if criterion is None:
            errors.setdefault("criterion", []).append(
                _("Tiêu chí không thuộc bộ tiêu chí của bản tự đánh giá này.")
            )
            continue
        if criterion.pk in seen:
            errors.setdefault(criterion.code, []).append(
                _("Tiêu chí %(code)s được nhập hai lần.") % {"code": criterion.code}
            )
            continue
        seen.add(criterion.pk)
        if criterion.pk not in leaves:
            errors.setdefault(criterion.code, []).append(
                _("Tiêu chí %(code)s có tiêu chí thành phần: hãy chấm điểm từng tiêu chí thành phần.")
                % {"code": criterion.code}
            )
            continue
        value = entry.get("self_score")
        evidence = (entry.get("evidence") or "").strip()
        files = [upload for upload in entry.get("files") or [] if upload]
        if value in (None, ""):
            if files:
                errors.setdefault(criterion.code, []).append(
                    _("Hãy chấm điểm tiêu chí %(code)s trước khi đính kèm minh chứng.")
                    % {"code": criterion.code}
                )
            elif criterion.pk in existing:
                if existing[criterion.pk].file_count:
                    errors.setdefault(criterion.code, []).append(
                        _("Tiêu chí %(code)s đã có tệp minh chứng: không thể bỏ trống điểm.")
                        % {"code": criterion.code}
                    )
                else:
                    to_clear.append(criterion.pk)
            continue
        try:
            score = _score_value(value, criterion=criterion, label=_("Điểm tự chấm"))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            continue
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.setdefault(criterion.code, []).extend(
                    _("Tệp “%(name)s”: %(message)s")
                    % {"name": getattr(upload, "name", ""), "message": message}
                    for message in error.messages
                )
            else:
                uploads.append((criterion, upload))
        to_save.append(
            AssessmentScore(assessment=locked, criterion=criterion, self_score=score, evidence=evidence)
        )
    if errors:
        raise ValidationError(errors)
    AssessmentScore.objects.filter(assessment=locked, criterion_id__in=to_clear).delete()
    saved = AssessmentScore.objects.bulk_create(
        to_save,
        update_conflicts=True,
        unique_fields=["assessment", "criterion"],
        update_fields=["self_score", "evidence"],
    )
    score_ids = {score.criterion_id: score.pk for score in saved}
    for criterion, upload in uploads:
        EvidenceFile.objects.create(score_id=score_ids[criterion.pk], file=upload, uploaded_by=by)
    return len(saved)


@transaction.atomic
def evidence_file_add(
    *, assessment: SelfAssessment, criterion: Criterion, by: User, file, caption: str = ""
) -> EvidenceFile:
    """Attach one file (PDF or photo) to a scored criterion of a draft assessment."""
    ensure_can_assess(user=by, commune=assessment.commune)
    locked = _locked_assessment(assessment)
    _ensure_draft(locked)
    score = AssessmentScore.objects.filter(assessment=locked, criterion=criterion).first()
    if score is None:
        raise ValidationError(
            {
                "criterion": _("Hãy chấm điểm tiêu chí %(code)s trước khi đính kèm minh chứng.")
                % {"code": criterion.code}
            }
        )
    record = EvidenceFile(score=score, file=file, caption=(caption or "").strip()[:255], uploaded_by=by)
    record.full_clean(exclude=["score", "uploaded_by"])
    record.save()
    return record


@transaction.atomic
def evidence_file_delete(*, evidence: EvidenceFile, by: User) -> None:
    assessment = evidence.score.assessment
    ensure_can_assess(user=by, commune=assessment.commune)
    _ensure_draft(_locked_assessment(assessment))
    stored = evidence.file
    evidence.delete()
    # The stored file goes only once the row is surely gone.
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, by: User) -> SelfAssessment:
    """Send a fully scored draft for verification."""
    ensure_can_assess(user=by, commune=assessment.commune)
    locked = _locked_assessment(assessment)
    if locked.status != Status.DRAFT:
        raise ValidationError(_("Chỉ gửi thẩm định bản tự đánh giá đang tự chấm."))
    missing = list(
        leaf_criteria(criteria_set=locked.criteria_set_id)
        .exclude(pk__in=AssessmentScore.objects.filter(assessment=locked).values("criterion"))
        .order_by("group__order", "order", "id")
        .values_list("code", flat=True)
    )
    if missing:
        raise ValidationError(
            _("Còn %(count)s tiêu chí chưa chấm điểm: %(codes)s.")
            % {"count": len(missing), "codes": ", ".join(missing)}
        )
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    return locked


@transaction.atomic
def assessment_review(*, assessment: SelfAssessment, by: User, reviews: Iterable[dict]) -> int:
    """Record the province's review of a submitted assessment: each review is {score
    (AssessmentScore or id), verified_score (None: not decided yet), verifier_comment}. A score
    different from the commune's needs a comment. All or nothing; errors keyed by criterion code.
    Returns the number of scores reviewed."""
    ensure_can_verify(user=by, assessment=assessment)
    locked = _locked_assessment(assessment)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("Chỉ thẩm định bản tự đánh giá đã gửi thẩm định."))
    scores = {
        score.pk: score
        for score in AssessmentScore.objects.filter(assessment=locked).select_related("criterion")
    }
    errors: dict[str, list[str]] = {}
    changed = []
    for review in reviews:
        raw = review.get("score")
        score = scores.get(getattr(raw, "pk", raw))
        if score is None:
            errors.setdefault("score", []).append(_("Điểm không thuộc bản tự đánh giá này."))
            continue
        code = score.criterion.code
        comment = (review.get("verifier_comment") or "").strip()
        value = review.get("verified_score")
        verified = None
        if value not in (None, ""):
            try:
                verified = _score_value(value, criterion=score.criterion, label=_("Điểm thẩm định"))
            except ValidationError as error:
                errors.setdefault(code, []).extend(error.message_dict[code])
                continue
            if verified != score.self_score and not comment:
                errors.setdefault(code, []).append(
                    _("Tiêu chí %(code)s: điều chỉnh điểm (%(self)s → %(verified)s) phải ghi nhận xét.")
                    % {"code": code, "self": fmt_score(score.self_score), "verified": fmt_score(verified)}
                )
                continue
        score.verified_score = verified
        score.verifier_comment = comment
        changed.append(score)
    if errors:
        raise ValidationError(errors)
    AssessmentScore.objects.bulk_update(changed, ["verified_score", "verifier_comment"])
    return len(changed)


@transaction.atomic
def assessment_verify(
    *, assessment: SelfAssessment, by: User, reviews: Iterable[dict] | None = None, note: str = ""
) -> SelfAssessment:
    """Close the verification: record `reviews` if given, accept every score not adjusted (its
    verified score becomes the commune's own), keep the verifier's overall `note`, and mark the
    assessment verified."""
    ensure_can_verify(user=by, assessment=assessment)
    if reviews is not None:
        assessment_review(assessment=assessment, by=by, reviews=reviews)
    locked = _locked_assessment(assessment)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("Chỉ thẩm định bản tự đánh giá đã gửi thẩm định."))
    AssessmentScore.objects.filter(assessment=locked, verified_score__isnull=True).update(
        verified_score=F("self_score")
    )
    locked.status = Status.VERIFIED
    locked.verified_by = by
    locked.verified_at = timezone.now()
    locked.verifier_note = (note or "").strip()
    locked.save(update_fields=["status", "verified_by", "verified_at", "verifier_note"])
    return locked


@transaction.atomic
def assessment_return(*, assessment: SelfAssessment, by: User, reason: str) -> SelfAssessment:
    """Send a submitted assessment back to the commune to complete or correct (trả lại để bổ
    sung): it is a draft again, with the reason shown to the commune. The verifier's comments on
    each criterion stay as guidance; the scores already decided are cleared, so that the next
    review starts from what the commune submits again."""
    ensure_can_verify(user=by, assessment=assessment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để xã biết cần bổ sung, sửa gì.")})
    locked = _locked_assessment(assessment)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại bản tự đánh giá đã gửi thẩm định."))
    AssessmentScore.objects.filter(assessment=locked).update(verified_score=None)
    locked.status = Status.DRAFT
    locked.returned_at = timezone.now()
    locked.return_reason = reason
    locked.save(update_fields=["status", "returned_at", "return_reason"])
    return locked
