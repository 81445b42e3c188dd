"""Feeds of dossiers for the tests: CSV and XLSX files in the one-stop systems' columns."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = [
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
VIETNAMESE_HEADER = [
    "Mã hồ sơ",
    "Mã TTHC",
    "Tên TTHC",
    "Lĩnh vực",
    "Kênh",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Cán bộ",
    "Mã xã",
]
BIRTH = ("1.001193", "Đăng ký khai sinh", "Hộ tịch")
COPY = ("2.000908", "Chứng thực bản sao từ bản chính", "Chứng thực")


def dossier(
    code,
    *,
    procedure=BIRTH,
    channel="Trực tiếp",
    received="",
    due="",
    returned="",
    status="",
    officer="",
    commune="12613",
) -> list[str]:
    return [code, *procedure, channel, received, due, returned, status, officer, commune]


def csv_of(*rows, header=HEADER, name="ho-so.csv") -> SimpleUploadedFile:
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def xlsx_of(*rows, header=HEADER, name="ho-so.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
