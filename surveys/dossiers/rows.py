"""One dossier of a feed read and checked: the columns of a file (`ma_ho_so, ma_tthc, ten_tthc,
linh_vuc, kenh, ngay_tiep_nhan, ngay_hen_tra, ngay_tra_ket_qua, trang_thai, can_bo, ma_xa`, and
`thoi_han` when the feed gives a time limit in working days instead of a due date), the
Vietnamese headers ("Mã hồ sơ", "Ngày tiếp nhận"...) or the keys of a JSON object alike.

Dates come as 16/01/2025 or 16/01/2025 08:30, as the national portal sends them (20250116083000),
as ISO text from JSON (2025-01-16T08:30:00) or as a workbook's date cells. A date without a time
is taken at the start of its day; every time is local (Asia/Ho_Chi_Minh). Errors name the column
and say, in Vietnamese, what is wrong; each cell gets one error.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from communes.models import fold
from friendly_gov.table_import import Cell, cell_text

from .models import Dossier

COLUMNS = [
    "ma_ho_so",
    "ma_tthc",
    "ten_tthc",
    "linh_vuc",
    "kenh",
    "ngay_tiep_nhan",
    "ngay_hen_tra",
    "ngay_tra_ket_qua",
    "trang_thai",
    "can_bo",
    "ma_xa",
]
OPTIONAL = {"ten_tthc", "linh_vuc", "ngay_hen_tra", "ngay_tra_ket_qua", "trang_thai", "can_bo", "ma_tthc"}
TIME_LIMIT = "thoi_han"
REQUIRED = [column for column in COLUMNS if column not in OPTIONAL]

# Other names the one-stop systems' exports give the same columns (folded: no diacritics,
# lower case, "_" for spaces).
HEADER_ALIASES = {
    "ma_hs": "ma_ho_so",
    "so_ho_so": "ma_ho_so",
    "ma_thu_tuc": "ma_tthc",
    "ma_thu_tuc_hanh_chinh": "ma_tthc",
    "ten_thu_tuc": "ten_tthc",
    "ten_thu_tuc_hanh_chinh": "ten_tthc",
    "thu_tuc": "ten_tthc",
    "kenh_nop": "kenh",
    "hinh_thuc_nop": "kenh",
    "ngay_nhan": "ngay_tiep_nhan",
    "ngay_hen": "ngay_hen_tra",
    "ngay_hen_tra_ket_qua": "ngay_hen_tra",
    "ngay_tra": "ngay_tra_ket_qua",
    "ngay_tra_kq": "ngay_tra_ket_qua",
    "tinh_trang": "trang_thai",
    "can_bo_tiep_nhan": "can_bo",
    "can_bo_xu_ly": "can_bo",
    "can_bo_giai_quyet": "can_bo",
    "ma_don_vi": "ma_xa",
    "thoi_han_giai_quyet": TIME_LIMIT,
    "so_ngay_giai_quyet": TIME_LIMIT,
}


def header_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", fold(str(header))).strip("_")
    return HEADER_ALIASES.get(key, key)


_CHANNELS = {
    "in_person": Dossier.Channel.IN_PERSON,
    "truc_tiep": Dossier.Channel.IN_PERSON,
    "1": Dossier.Channel.IN_PERSON,
    "online": Dossier.Channel.ONLINE,
    "truc_tuyen": Dossier.Channel.ONLINE,
    "dvc": Dossier.Channel.ONLINE,
    "dich_vu_cong": Dossier.Channel.ONLINE,
    "2": Dossier.Channel.ONLINE,
    "post": Dossier.Channel.POST,
    "buu_chinh": Dossier.Channel.POST,
    "buu_chinh_cong_ich": Dossier.Channel.POST,
    "qua_buu_chinh": Dossier.Channel.POST,
    "3": Dossier.Channel.POST,
}
_STATUSES = {
    "processing": Dossier.Status.PROCESSING,
    "dang_xu_ly": Dossier.Status.PROCESSING,
    "dang_giai_quyet": Dossier.Status.PROCESSING,
    "da_tiep_nhan": Dossier.Status.PROCESSING,
    "cho_bo_sung": Dossier.Status.PROCESSING,
    "returned": Dossier.Status.RETURNED,
    "da_tra": Dossier.Status.RETURNED,
    "da_tra_ket_qua": Dossier.Status.RETURNED,
    "da_giai_quyet": Dossier.Status.RETURNED,
    "hoan_thanh": Dossier.Status.RETURNED,
    "withdrawn": Dossier.Status.WITHDRAWN,
    "rut_ho_so": Dossier.Status.WITHDRAWN,
    "da_rut": Dossier.Status.WITHDRAWN,
    "dung_xu_ly": Dossier.Status.WITHDRAWN,
    "dung_giai_quyet": Dossier.Status.WITHDRAWN,
    "da_huy": Dossier.Status.WITHDRAWN,
}


@functools.lru_cache(maxsize=4096)
def _value_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


# A dossier's code: up to 60 characters, no spaces.
_CODE = re.compile(r"\S{1,60}")
# 16/01/2025, 16/01/2025 08:30, 16/01/2025 08:30:15; 2025-01-16 and ISO 2025-01-16T08:30:00.
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
# The national portal's 20250116083000 (yyyyMMddHHmmss), also without seconds or time.
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?")


def parse_moment(value: Cell) -> datetime.datetime:
    """A local, naive date and time (see the module's formats); ValueError with a Vietnamese
    message otherwise, telling an impossible date (31/02/2025) from text that is no date."""
    if value.__class__ is str:
        # A feed repeats its dates (due dates, days of receipt): each text is read once.
        moment = _MOMENTS.get(value)
        if moment is None:
            moment = _parse_text(value.strip())
            if len(_MOMENTS) >= _MOMENTS_KEPT:
                _MOMENTS.clear()
            _MOMENTS[value] = moment
        return moment
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else _local(value)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    return _parse_text(cell_text(value))


_MOMENTS: dict[str, datetime.datetime] = {}
_MOMENTS_KEPT = 50_000


# A feed's moments share their days and their times of day: "16/01/2025 08:30" and
# "20250116083000" are read as a day and a time, each read by the patterns once, then looked up.
_DAY_PARTS: dict[str, tuple[int, int, int]] = {}
_CLOCK_PARTS: dict[str, tuple[int, int, int]] = {}
_PARTS_KEPT = 100_000


def _moment_parts(text: str) -> tuple[str, str] | None:
    if len(text) == 14 and text.isdigit():
        return text[:8], text[8:]
    # (A time of day after a space has its colon: never one of the compact layout's.)
    day, space, clock = text.partition(" ")
    return (day, clock) if space and ":" in clock else None


def _parse_text(text: str) -> datetime.datetime:
    if not text:
        raise ValueError(_("thiếu ngày."))
    parts = _moment_parts(text)
    if parts is not None:
        day, clock = _DAY_PARTS.get(parts[0]), _CLOCK_PARTS.get(parts[1])
        if day is not None and clock is not None:
            return datetime.datetime(*day, *clock)
    if match := _DMY.fullmatch(text):
        day, month, year, hour, minute, second = match.groups()
    elif match := _COMPACT.fullmatch(text):
        year, month, day, hour, minute, second = match.groups()
    elif match := _ISO.fullmatch(text):
        year, month, day, hour, minute, second = match.groups()
    else:
        raise ValueError(
            _("“%(value)s” không phải ngày dạng dd/mm/yyyy [HH:MM] hoặc yyyyMMddHHmmss.") % {"value": text}
        )
    try:
        moment = datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        raise ValueError(_("“%(value)s” không phải ngày có thật.") % {"value": text}) from None
    # Only parts of a moment read whole: a day and a time each valid, so any two make one.
    if parts is not None and len(_DAY_PARTS) < _PARTS_KEPT and len(_CLOCK_PARTS) < _PARTS_KEPT:
        _DAY_PARTS[parts[0]] = (moment.year, moment.month, moment.day)
        _CLOCK_PARTS[parts[1]] = (moment.hour, moment.minute, moment.second)
    return moment


def _local(moment: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime(moment).replace(tzinfo=None)


@dataclass
class DossierRow:
    """A row as checked: everything the services need to write the dossier (the procedure, the
    commune and the officer are looked up by the services, which hold the caches)."""

    line: int
    code: str
    service_code: str
    service_name: str
    service_field: str
    channel: str
    received: datetime.datetime  # local, naive
    due_on: datetime.date | None
    time_limit_days: int | None
    returned: datetime.datetime | None
    status: str
    officer: str
    commune_code: str


def check_row(line: int, values: dict[str, Cell]) -> tuple[DossierRow | None, list[tuple[str, str]]]:
    """The row, or its errors as (column, message)."""
    errors: list[tuple[str, str]] = []
    get = values.get

    def text(column: str) -> str:
        value = get(column)
        return value.strip() if value.__class__ is str else cell_text(value)

    code = text("ma_ho_so")
    if not code:
        errors.append(("ma_ho_so", _("thiếu mã hồ sơ.")))
    elif not _CODE.fullmatch(code):
        errors.append(("ma_ho_so", _("mã hồ sơ “%(value)s” không hợp lệ.") % {"value": code[:80]}))

    service_code, service_name = text("ma_tthc"), " ".join(text("ten_tthc").split())
    if not service_code and not service_name:
        errors.append(("ten_tthc", _("thiếu mã hoặc tên thủ tục.")))
    elif len(service_code) > 40:
        errors.append(("ma_tthc", _("mã thủ tục dài quá 40 ký tự.")))
    elif len(service_name) > 255:
        errors.append(("ten_tthc", _("tên thủ tục dài quá 255 ký tự.")))

    channel_text = text("kenh")
    channel = _CHANNELS.get(_value_key(channel_text))
    if channel is None:
        errors.append(
            (
                "kenh",
                _("kênh “%(value)s” không hợp lệ (trực tiếp, trực tuyến hoặc bưu chính).")
                % {"value": channel_text},
            )
        )

    moments: dict[str, datetime.datetime | None] = {}
    for column in ("ngay_tiep_nhan", "ngay_hen_tra", "ngay_tra_ket_qua"):
        if column != "ngay_tiep_nhan" and not text(column):
            moments[column] = None
            continue
        try:
            moments[column] = parse_moment(values.get(column))
        except ValueError as error:
            errors.append((column, str(error)))
    received = moments.get("ngay_tiep_nhan")
    due = moments.get("ngay_hen_tra")
    returned = moments.get("ngay_tra_ket_qua")

    time_limit = None
    if limit_text := text(TIME_LIMIT):
        if limit_text.isdecimal() and int(limit_text) <= 365:
            time_limit = int(limit_text)
        else:
            errors.append(
                (
                    TIME_LIMIT,
                    _("thời hạn “%(value)s” phải là số ngày làm việc (0-365).") % {"value": limit_text},
                )
            )
    if (
        "ngay_hen_tra" in moments
        and due is None
        and time_limit is None
        and TIME_LIMIT not in _columns_with_errors(errors)
    ):
        errors.append(("ngay_hen_tra", _("thiếu ngày hẹn trả (hoặc thời hạn giải quyết).")))
    if received and due and due.date() < received.date():
        errors.append(("ngay_hen_tra", _("ngày hẹn trả trước ngày tiếp nhận.")))
    if received and returned and returned < received:
        errors.append(("ngay_tra_ket_qua", _("ngày trả kết quả trước ngày tiếp nhận.")))

    status_text = text("trang_thai")
    if status_text:
        status = _STATUSES.get(_value_key(status_text))
        if status is None:
            errors.append(
                (
                    "trang_thai",
                    _("trạng thái “%(value)s” không hợp lệ (đang giải quyết, đã trả kết quả, rút hồ sơ).")
                    % {"value": status_text},
                )
            )
    else:
        status = Dossier.Status.RETURNED if returned else Dossier.Status.PROCESSING
    if status == Dossier.Status.RETURNED and "ngay_tra_ket_qua" in moments and returned is None:
        errors.append(("ngay_tra_ket_qua", _("hồ sơ đã trả kết quả cần ngày trả kết quả.")))
    if status == Dossier.Status.PROCESSING and returned is not None:
        errors.append(("trang_thai", _("hồ sơ có ngày trả kết quả không thể đang giải quyết.")))

    commune_code = text("ma_xa")
    if not commune_code:
        errors.append(("ma_xa", _("thiếu mã xã.")))
    officer = text("can_bo")[:160]
    if errors:
        return None, errors
    return (
        DossierRow(
            line=line,
            code=code,
            service_code=service_code,
            service_name=service_name,
            service_field=" ".join(text("linh_vuc").split())[:120],
            channel=channel,
            received=received,
            due_on=due.date() if due else None,
            time_limit_days=time_limit,
            returned=returned,
            status=status,
            officer=officer,
            commune_code=commune_code,
        ),
        [],
    )


def _columns_with_errors(errors: list[tuple[str, str]]) -> set[str]:
    return {column for column, _message in errors}
