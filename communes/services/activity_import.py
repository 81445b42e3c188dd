"""Import of a commune's activity history from a CSV or XLSX file of period totals.

All or nothing: one bad row and nothing is written; every error names its line and column, and a
cell gets one error (an invalid date is not also reported as a commune of the wrong era). Every
import is recorded with the SHA-256 of the file, so the same file sent again for one of the same
communes is refused, naming the earlier import, unless the user confirms it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from friendly_gov.table_import import (
    Cell,
    ImportFileError,
    RowError,
    cell_text,
    parse_count,
    parse_date,
    read_table,
)

from ..eras import unit_for_code
from ..models import ActivityImport, ActivityRecord, AdminUnit, User, fold
from ..scope import can_record, visible_units
from .activity import validate_tally

# Required columns; "ghi_chu" (a note) may be added.
IMPORT_COLUMNS = ["ma_xa", "loai", "tu_ngay", "den_ngay", "so_luong"]


class ImportRejected(Exception):
    """The file had errors; nothing was written."""

    def __init__(self, errors: list[RowError | str]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class DuplicateImport(ImportRejected):
    """The same file was already imported for one of the same communes; nothing was written."""

    def __init__(self, earlier: ActivityImport, communes: list[AdminUnit]):
        self.earlier = earlier
        super().__init__([_duplicate_message(earlier, communes)])


@dataclass
class ImportResult:
    created: int
    total: int
    record: ActivityImport


def _kind_lookup() -> dict[str, str]:
    """Kinds by code, and by their name in either language ("Thư cảm ơn", "Thank-you letter")."""
    lookup = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in ActivityRecord.Kind.choices:
                lookup[value] = value
                lookup[fold(str(label))] = value
    return lookup


def _header_key(header: str) -> str:
    return fold(header).replace(" ", "_")


def _file_sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def activity_import(*, upload, by: User, confirm_duplicate: bool = False) -> ImportResult:
    """Import period totals from CSV or XLSX (columns ma_xa, loai, tu_ngay, den_ngay, so_luong,
    ghi_chu; Vietnamese headers such as "Mã xã" work too). `confirm_duplicate` lets a file already
    imported for one of the same communes be imported again."""
    if not can_record(by):
        raise PermissionDenied(_("Bạn không được nhập số liệu."))
    try:
        table = read_table(upload)
    except ImportFileError as error:
        raise ImportRejected([str(error)]) from error
    present = {_header_key(column) for column in table.columns}
    missing = [column for column in IMPORT_COLUMNS if column not in present]
    if missing:
        raise ImportRejected(
            [_("Thiếu cột: %(columns)s. Dòng đầu tiên phải là tên cột.") % {"columns": ", ".join(missing)}]
        )
    if not table.rows:
        raise ImportRejected([_("Tệp không có dữ liệu.")])

    rows = [(line, {_header_key(k): v for k, v in values.items()}) for line, values in table.rows]
    records, errors = _check_rows(rows, by=by)
    if errors:
        raise ImportRejected(errors)

    communes = sorted({record.commune for record in records}, key=lambda unit: unit.pk)
    sha256 = _file_sha256(upload)
    with transaction.atomic():
        # Two copies of one file sent at the same moment must not both pass the duplicate check:
        # imports into the same communes wait for each other here (locked in one order, so two
        # imports sharing communes cannot deadlock).
        locked = AdminUnit.objects.select_for_update().filter(pk__in=[c.pk for c in communes]).order_by("pk")
        list(locked.values_list("pk", flat=True))
        earlier = (
            ActivityImport.objects.filter(sha256=sha256, communes__in=communes)
            .select_related("recorded_by")
            .order_by("-recorded_at", "-id")
            .first()
        )
        if earlier is not None and not confirm_duplicate:
            shared = set(earlier.communes.values_list("pk", flat=True))
            raise DuplicateImport(earlier, [c for c in communes if c.pk in shared])
        record = ActivityImport.objects.create(
            file_name=(upload.name or "")[:255],
            sha256=sha256,
            rows=len(records),
            total=sum(r.count for r in records),
            confirmed_duplicate=earlier is not None,
            recorded_by=by,
        )
        record.communes.set(communes)
        ActivityRecord.objects.bulk_create(records, batch_size=1000)
    return ImportResult(created=record.rows, total=record.total, record=record)


def _check_rows(
    rows: list[tuple[int, dict[str, Cell]]], *, by: User
) -> tuple[list[ActivityRecord], list[RowError]]:
    """The records the rows make, or the errors that refuse them."""
    units = {}
    for unit in visible_units(by).filter(level=AdminUnit.Level.COMMUNE).exclude(code=""):
        units[(unit.code, unit.era)] = unit
    kinds = _kind_lookup()
    errors: list[RowError] = []
    records = []
    for line, values in rows:
        row_errors = len(errors)
        kind_text = cell_text(values.get("loai"))
        kind = kinds.get(kind_text) or kinds.get(fold(kind_text))
        if not kind:
            errors.append(
                RowError(line, "loai", _("loại hoạt động “%(value)s” không hợp lệ.") % {"value": kind_text})
            )
        dates = {}
        for column in ("tu_ngay", "den_ngay"):
            try:
                dates[column] = parse_date(values.get(column))
            except ValueError as error:
                errors.append(RowError(line, column, str(error)))
        try:
            count = parse_count(values.get("so_luong"))
        except ValueError as error:
            errors.append(RowError(line, "so_luong", str(error)))
            count = 1  # the count's error is told; the period's checks below still run
        if len(dates) == 2:
            try:
                validate_tally(period_start=dates["tu_ngay"], period_end=dates["den_ngay"], count=count)
            except ValidationError as error:
                field = next(iter(error.message_dict))
                column = {"period_end": "den_ngay", "count": "so_luong"}.get(field, "tu_ngay")
                errors.append(RowError(line, column, error.message_dict[field][0]))
        commune, commune_error = unit_for_code(cell_text(values.get("ma_xa")), dates.get("den_ngay"), units)
        if commune_error:
            errors.append(RowError(line, "ma_xa", commune_error))
        if len(errors) == row_errors:
            records.append(
                ActivityRecord(
                    commune=commune,
                    kind=kind,
                    period_start=dates["tu_ngay"],
                    period_end=dates["den_ngay"],
                    count=count,
                    note=cell_text(values.get("ghi_chu"))[:500],
                    source=ActivityRecord.Source.IMPORT,
                    recorded_by=by,
                )
            )
    return records, errors


def _duplicate_message(earlier: ActivityImport, communes: list[AdminUnit]) -> str:
    names = ", ".join(unit.name for unit in communes[:3])
    if len(communes) > 3:
        names = _("%(communes)s và %(count)s xã khác") % {"communes": names, "count": len(communes) - 3}
    recorded_at = timezone.localtime(earlier.recorded_at)
    return _(
        "Tệp này đã được nhập lúc %(time)s ngày %(date)s bởi %(who)s (tệp “%(name)s”, %(rows)s dòng) "
        "cho %(communes)s. Nhập lại sẽ cộng số liệu thêm một lần nữa; chưa ghi dòng nào. Nếu thật "
        "sự cần nhập lại, hãy xác nhận nhập lại."
    ) % {
        "time": formats.time_format(recorded_at, "TIME_FORMAT"),
        "date": formats.date_format(recorded_at, "SHORT_DATE_FORMAT"),
        "who": _user_label(earlier.recorded_by),
        "name": earlier.file_name,
        "rows": formats.number_format(earlier.rows, force_grouping=True),
        "communes": names,
    }


def _user_label(user: User | None) -> str:
    if user is None:
        return _("một người dùng đã bị xoá")
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username
