"""The import of activity history from CSV or XLSX: all or nothing, one error per bad cell on
its line and column, rows counted while the file is read, duplicates refused unless confirmed."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from communes.models import ActivityImport, ActivityRecord
from communes.services import activity_import as services
from friendly_gov.table_import import IMPORT_MAX_ROWS
from friendly_gov.table_import.limits import (
    IMPORT_MAX_CELLS,
    XLSX_MAX_PARSED_PART_BYTES,
    XLSX_MAX_UNPACKED_BYTES,
)

from .workbooks import repeated, row, streamed_xlsx

Kind = ActivityRecord.Kind
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HEADER = ["ma_xa", "loai", "tu_ngay", "den_ngay", "so_luong"]
ROW_LIMIT = f"Tệp có quá nhiều dòng; tối đa {IMPORT_MAX_ROWS:,} dòng.".replace(",", ".")


def csv_upload(text: str, name: str = "so-lieu.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_an_import_of_good_rows_writes_them_all(province_viewer, province_admin, lang_son_commune):
    text = (
        "Mã xã,Loại,Từ ngày,Đến ngày,Số lượng,Ghi chú\n"
        f"{lang_son_commune.code},Thư cảm ơn,01/01/2020,31/12/2020,1.234,Tổng hợp năm\n"
        f"{lang_son_commune.code},ceremony_marriage,2021-01-01,2021-12-31,87,\n"
    )
    result = services.activity_import(upload=csv_upload(text), by=province_admin)
    assert (result.created, result.total) == (2, 1321)
    record = ActivityRecord.objects.get(kind=Kind.THANKS)
    assert record.commune == lang_son_commune
    assert record.source == ActivityRecord.Source.IMPORT


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_row_and_column(
    province_admin, lang_son_commune
):
    text = (
        "ma_xa,loai,tu_ngay,den_ngay,so_luong\n"
        f"{lang_son_commune.code},Thư cảm ơn,01/01/2020,31/12/2020,100\n"
        f"{lang_son_commune.code},Thư cảm ơn,01/01/2021,31/12/2021,mười\n"
        f"{lang_son_commune.code},Thư cảm ơn,01/01/2022,31/12/2022,30\n"
    )
    with pytest.raises(services.ImportRejected) as rejected:
        services.activity_import(upload=csv_upload(text), by=province_admin)
    assert [str(error) for error in rejected.value.errors] == [
        "Dòng 3, cột “so_luong”: “mười” không phải số nguyên dương."
    ]
    assert not ActivityRecord.objects.exists()


def test_an_import_refuses_communes_outside_the_scope(province_admin, tien_duc):
    text = f"ma_xa,loai,tu_ngay,den_ngay,so_luong\n{tien_duc.code},Thư cảm ơn,01/01/2024,31/12/2024,5\n"
    with pytest.raises(services.ImportRejected) as rejected:
        services.activity_import(upload=csv_upload(text), by=province_admin)
    assert "Dòng 2, cột “ma_xa”" in str(rejected.value.errors[0])
    assert not ActivityRecord.objects.exists()


def test_an_import_picks_the_unit_of_the_era_the_period_ended_in(
    province_viewer, user_factory, hung_yen, tien_duc
):
    admin = user_factory(username="tinh.hy.qt", role="province_admin", province=hung_yen)
    successor = tien_duc.successor
    text = (
        "ma_xa,loai,tu_ngay,den_ngay,so_luong\n"
        f"{tien_duc.code},Thư cảm ơn,01/01/2024,31/12/2024,5\n"
        f"{successor.code},Thư cảm ơn,01/07/2025,31/12/2025,7\n"
    )
    services.activity_import(upload=csv_upload(text), by=admin)
    assert ActivityRecord.objects.get(count=5).commune == tien_duc
    assert ActivityRecord.objects.get(count=7).commune == successor


def test_an_import_reads_xlsx_and_reports_missing_columns(province_admin, lang_son_commune):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ma_xa", "loai", "so_luong"])
    sheet.append([lang_son_commune.code, "Thư cảm ơn", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())
    with pytest.raises(services.ImportRejected) as rejected:
        services.activity_import(upload=upload, by=province_admin)
    assert "Thiếu cột: tu_ngay, den_ngay" in str(rejected.value.errors[0])


def test_the_import_page_lists_the_errors_in_vietnamese(client, province_admin, lang_son_commune):
    client.force_login(province_admin)
    text = f"ma_xa,loai,tu_ngay,den_ngay,so_luong\n{lang_son_commune.code},Thư khen,01/01/2020,31/12/2020,3\n"
    response = client.post(reverse("communes:activity_import"), {"file": csv_upload(text)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dòng 2, cột “loai”: loại hoạt động “Thư khen” không hợp lệ." in html
    assert "chưa ghi dòng nào" in html
    assert not ActivityRecord.objects.exists()


def test_the_import_page_refuses_a_file_that_is_not_a_table(client, province_admin):
    client.force_login(province_admin)
    upload = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    response = client.post(reverse("communes:activity_import"), {"file": upload})
    assert "Chỉ nhận tệp CSV hoặc Excel (.xlsx)." in response.content.decode()


def test_the_api_imports_all_or_nothing(client, province_admin, lang_son_commune):
    client.force_login(province_admin)
    text = (
        f"ma_xa,loai,tu_ngay,den_ngay,so_luong\n{lang_son_commune.code},Thư cảm ơn,01/01/2020,31/12/2019,5\n"
    )
    response = client.post("/api/v1/activity/import/", {"file": csv_upload(text)})
    assert response.status_code == 400
    assert response.json()["errors"] == ["Dòng 2, cột “den_ngay”: Ngày kết thúc phải sau ngày bắt đầu."]


def test_an_import_accepts_kind_names_in_either_language(province_admin, lang_son_commune):
    text = (
        "ma_xa,loai,tu_ngay,den_ngay,so_luong\n"
        f"{lang_son_commune.code},Thư chia buồn,01/01/2020,31/12/2020,4\n"
        f"{lang_son_commune.code},Thank-you letter,01/01/2020,31/12/2020,6\n"
    )
    with translation.override("en"):
        result = services.activity_import(upload=csv_upload(text), by=province_admin)
    assert result.total == 10
    assert set(ActivityRecord.objects.values_list("kind", flat=True)) == {Kind.CONDOLENCE, Kind.THANKS}


def csv_of(*rows: list) -> SimpleUploadedFile:
    """A CSV written by the csv module, so that a value such as "2,5" is quoted as Excel would."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return csv_upload(buffer.getvalue())


def xlsx_of(*rows: list, name: str = "so-lieu.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for values in [HEADER, *rows]:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def rejected_errors(upload, user) -> list[str]:
    with pytest.raises(services.ImportRejected) as rejected:
        services.activity_import(upload=upload, by=user)
    return [str(error) for error in rejected.value.errors]


# --- Reading: rows counted as they are read, workbooks checked before they are opened ----------------


def test_it_refuses_a_million_row_xlsx_at_the_row_limit_without_reading_the_rest(
    province_admin, lang_son_commune
):
    # Row 500,000 is unreadable (its number is "x"): a reader that went on past the limit, or
    # measured the sheet first, would fail there instead of reporting the limit.
    data_row = row(1)
    sheet = streamed_xlsx(
        [
            row(*HEADER),
            *repeated(data_row, 499_998),
            row(1, number="x"),
            *repeated(data_row, 500_000),
        ]
    )
    assert len(sheet) < 1_048_576  # well within the upload limit: the rows are what is refused
    errors = rejected_errors(SimpleUploadedFile("trieu-dong.xlsx", sheet), province_admin)
    assert errors == [ROW_LIMIT]
    assert not ActivityRecord.objects.exists()
    assert not ActivityImport.objects.exists()


def test_it_counts_the_rows_of_a_sheet_whatever_size_the_sheet_declares(province_admin, lang_son_commune):
    code = lang_son_commune.code
    good = row(code, "Thư cảm ơn", "01/01/2020", "31/12/2020", 5)
    claims_two_rows = streamed_xlsx([row(*HEADER), *repeated(good, IMPORT_MAX_ROWS + 1)], dimension="A1:E2")
    assert rejected_errors(SimpleUploadedFile("a.xlsx", claims_two_rows), province_admin) == [ROW_LIMIT]

    claims_a_million = streamed_xlsx([row(*HEADER), good, good], dimension="A1:E1048576")
    result = services.activity_import(
        upload=SimpleUploadedFile("b.xlsx", claims_a_million), by=province_admin
    )
    assert (result.created, result.total) == (2, 10)


def test_it_refuses_a_row_of_millions_of_cells_once_past_the_cell_limit(province_admin):
    # Two million cells in 160 KB: the row is refused as its cells are counted, never built whole.
    sheet = streamed_xlsx([row(*HEADER), b"<row>", *repeated(b"<c><v>1</v></c>", 2_000_000), b"</row>"])
    assert len(sheet) < 1_048_576
    assert rejected_errors(SimpleUploadedFile("rong.xlsx", sheet), province_admin) == [
        f"Tệp Excel có quá nhiều ô dữ liệu; tối đa {IMPORT_MAX_CELLS:,} ô.".replace(",", ".")
    ]


def test_it_refuses_a_row_numbered_past_the_limit_at_once(province_admin):
    sheet = streamed_xlsx([row(*HEADER), row(1, number=1_000_000)])
    assert rejected_errors(SimpleUploadedFile("a.xlsx", sheet), province_admin) == [ROW_LIMIT]


def test_it_names_the_sheet_s_own_line_numbers_when_rows_are_missing(province_admin, lang_son_commune):
    sheet = streamed_xlsx(
        [
            row(*HEADER, number=1),
            row(lang_son_commune.code, "Thư khen", "01/01/2020", "31/12/2020", 3, number=5),
        ]
    )
    assert rejected_errors(SimpleUploadedFile("a.xlsx", sheet), province_admin) == [
        "Dòng 5, cột “loai”: loại hoạt động “Thư khen” không hợp lệ."
    ]


def test_it_reads_rich_text_cells_without_their_phonetic_guide(province_admin, lang_son_commune):
    rich = '<c t="inlineStr"><is><r><t>Thư </t></r><r><t>cảm ơn</t></r><rPh><t>タ</t></rPh></is></c>'
    sheet = streamed_xlsx(
        [row(*HEADER), row(lang_son_commune.code, rich.encode(), "01/01/2020", "31/12/2020", 5)]
    )
    result = services.activity_import(upload=SimpleUploadedFile("a.xlsx", sheet), by=province_admin)
    assert result.total == 5 and ActivityRecord.objects.get().kind == Kind.THANKS


def test_it_refuses_a_million_line_csv_at_the_row_limit_without_reading_the_rest(province_admin):
    # Line 500,001 is not UTF-8: decoding the whole file first would report that instead.
    lines = b"1\n" * 500_000  # 2 MB in all, within the upload limit
    data = ",".join(HEADER).encode() + b"\n" + lines + b"\xff\xfe\n" + lines
    assert rejected_errors(SimpleUploadedFile("trieu-dong.csv", data), province_admin) == [ROW_LIMIT]


def test_it_refuses_a_workbook_that_unpacks_too_large_before_opening_it(province_admin, lang_son_commune):
    bomb = streamed_xlsx(
        [row(*HEADER), row(lang_son_commune.code, "Thư cảm ơn", "01/01/2020", "31/12/2020", 5)],
        padding=XLSX_MAX_UNPACKED_BYTES,
    )
    assert len(bomb) < 1_048_576
    errors = rejected_errors(SimpleUploadedFile("bom.xlsx", bomb), province_admin)
    assert errors == [
        "Tệp Excel khi giải nén lớn hơn 50 MB, vượt mức cho phép. Hãy chỉ giữ một trang tính "
        "với các cột cần nhập, hoặc lưu dưới dạng CSV."
    ]
    assert not ActivityRecord.objects.exists()


def test_it_refuses_a_workbook_whose_styles_unpack_abnormally_large(province_admin, lang_son_commune):
    styles = (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b" " * XLSX_MAX_PARSED_PART_BYTES
        + b"</styleSheet>"
    )
    sheet = streamed_xlsx([row(*HEADER)], parts={"xl/styles.xml": styles})
    assert rejected_errors(SimpleUploadedFile("kieu.xlsx", sheet), province_admin) == [
        "Tệp Excel có phần cấu trúc hoặc định dạng lớn bất thường (hơn 4 MB khi giải nén). Hãy chép "
        "số liệu sang một tệp mới, hoặc lưu dưới dạng CSV."
    ]


def test_it_refuses_a_csv_with_an_unterminated_field_in_vietnamese(province_admin):
    data = ",".join(HEADER).encode() + b'\n1,"' + b"x" * 200_000 + b"\n"
    assert rejected_errors(SimpleUploadedFile("a.csv", data), province_admin) == [
        "Tệp CSV không đúng định dạng ở dòng 2."
    ]


def test_it_reads_a_csv_separated_by_semicolons(province_admin, lang_son_commune):
    text = ";".join(HEADER) + f"\n{lang_son_commune.code};Thư cảm ơn;01/01/2020;31/12/2020;2,5\n"
    assert rejected_errors(csv_upload(text), province_admin)[0].startswith(
        "Dòng 2, cột “so_luong”: “2,5” không phải số nguyên"
    )


# --- Counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "count"), [("12", 12), ("1.336", 1336), ("1 336", 1336), ("1.336.000", 1_336_000)]
)
def test_it_reads_whole_counts_written_the_vietnamese_way(province_admin, lang_son_commune, written, count):
    upload = csv_of([lang_son_commune.code, "Thư cảm ơn", "01/01/2020", "31/12/2020", written])
    assert services.activity_import(upload=upload, by=province_admin).total == count


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2,5", "“2,5” không phải số nguyên: số lượng không có phần thập phân"),
        ("2.5", "“2.5” không phải số nguyên: số lượng không có phần thập phân"),
        ("1,336", "“1,336” không phải số nguyên: số lượng không có phần thập phân"),
        ("-3", "“-3” không phải số nguyên dương."),
        ("0", "“0” không phải số nguyên dương."),
        ("abc", "“abc” không phải số nguyên dương."),
        ("", "thiếu số lượng."),
        ("99.999.999.999", "“99.999.999.999” quá lớn."),
    ],
)
def test_a_count_that_is_not_a_whole_positive_number_is_an_error_on_its_cell(
    province_admin, lang_son_commune, written, message
):
    upload = csv_of(
        [lang_son_commune.code, "Thư cảm ơn", "01/01/2020", "31/12/2020", "7"],
        [lang_son_commune.code, "Thư cảm ơn", "01/01/2021", "31/12/2021", written],
    )
    errors = rejected_errors(upload, province_admin)
    assert len(errors) == 1
    assert errors[0].startswith(f"Dòng 3, cột “so_luong”: {message}")
    assert not ActivityRecord.objects.exists()
    assert not ActivityImport.objects.exists()


def test_an_xlsx_count_is_read_from_the_cell_s_own_number(province_admin, lang_son_commune):
    code = lang_son_commune.code
    # <v>12.0</v>: a whole number stored as a decimal, as some spreadsheets write it.
    whole = streamed_xlsx(
        [
            row(*HEADER),
            row(code, "Thư cảm ơn", "01/01/2020", "31/12/2020", 12.0),
            row(code, "ceremony_other", "01/01/2020", "31/12/2020", 1336),
        ]
    )
    upload = SimpleUploadedFile("nguyen.xlsx", whole)
    assert services.activity_import(upload=upload, by=province_admin).total == 1348

    decimals = xlsx_of(
        [code, "Thư cảm ơn", "01/01/2021", "31/12/2021", 2.5],
        [code, "Thư cảm ơn", "01/01/2021", "31/12/2021", "2.5"],
    )
    errors = rejected_errors(decimals, province_admin)
    assert [error.split(":")[0] for error in errors] == ["Dòng 2, cột “so_luong”", "Dòng 3, cột “so_luong”"]
    assert "“2,5” không phải số nguyên" in errors[0]  # the number as a Vietnamese spreadsheet shows it
    assert "“2.5” không phải số nguyên" in errors[1]
    assert ActivityRecord.objects.count() == 2  # the first file's rows only


def test_an_xlsx_count_is_named_in_english_with_the_english_decimal_point(province_admin, lang_son_commune):
    upload = xlsx_of([lang_son_commune.code, "Thư cảm ơn", "01/01/2021", "31/12/2021", 2.5])
    with translation.override("en"):
        errors = rejected_errors(upload, province_admin)
    assert "“2.5”" in errors[0]


# --- Dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "written", "message"),
    [
        ("tu_ngay", "31/02/2024", "“31/02/2024” không phải ngày có thật."),
        ("den_ngay", "31/02/2024", "“31/02/2024” không phải ngày có thật."),
        ("den_ngay", "abc", "“abc” không phải ngày dạng dd/mm/yyyy."),
        ("den_ngay", "", "thiếu ngày (dd/mm/yyyy)."),
    ],
)
def test_an_invalid_date_is_one_error_with_no_second_one_about_the_era(
    province_admin, lang_son_commune, column, written, message
):
    # A commune of before the reform: with no valid end date the era cannot be told, and the code
    # must not be reported as missing from the current era.
    values = {"tu_ngay": "01/01/2024", "den_ngay": "31/12/2024", column: written}
    upload = csv_of([lang_son_commune.code, "Thư cảm ơn", values["tu_ngay"], values["den_ngay"], "5"])
    assert rejected_errors(upload, province_admin) == [f"Dòng 2, cột “{column}”: {message}"]


def test_a_code_unknown_in_both_eras_is_still_reported_beside_an_invalid_date(province_admin):
    upload = csv_of(["99999", "Thư cảm ơn", "01/01/2024", "31/02/2024", "5"])
    assert rejected_errors(upload, province_admin) == [
        "Dòng 2, cột “den_ngay”: “31/02/2024” không phải ngày có thật.",
        "Dòng 2, cột “ma_xa”: không có xã mã “99999” trong phạm vi của bạn.",
    ]


def test_a_code_of_the_wrong_era_says_which_code_the_period_needs(province_admin, lang_son_commune):
    # Phường Hoàng Văn Thụ (05971) merged into phường Kỳ Lừa (06187) on 01/07/2025: the rule of
    # communes.eras names the unit, and the import adds the code to write.
    upload = csv_of([lang_son_commune.code, "Thư cảm ơn", "01/01/2025", "31/12/2025", "5"])
    assert (lang_son_commune.name, lang_son_commune.successor.code) == ("Phường Hoàng Văn Thụ", "06187")
    assert rejected_errors(upload, province_admin) == [
        "Dòng 2, cột “ma_xa”: mã “05971” là của phường Hoàng Văn Thụ. Từ 01/07/2025, phường Hoàng "
        "Văn Thụ đã sáp nhập vào phường Kỳ Lừa: hãy ghi vào phường Kỳ Lừa – mã 06187."
    ]
    assert not ActivityRecord.objects.exists()


def test_xlsx_date_cells_are_read_as_dates(province_admin, lang_son_commune):
    upload = xlsx_of(
        [lang_son_commune.code, "Thư cảm ơn", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), 4]
    )
    services.activity_import(upload=upload, by=province_admin)
    record = ActivityRecord.objects.get()
    assert (record.period_start, record.period_end, record.count) == (
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        4,
    )


# --- The same file twice -------------------------------------------------------------------------------


def tien_duc_file(tien_duc, count: str = "5") -> SimpleUploadedFile:
    return csv_of([tien_duc.code, "Thư cảm ơn", "01/01/2024", "31/12/2024", count])


def test_an_import_is_recorded_with_its_file_s_hash_rows_and_communes(officer, tien_duc):
    upload = tien_duc_file(tien_duc)
    result = services.activity_import(upload=upload, by=officer)
    record = ActivityImport.objects.get()
    assert result.record == record
    assert (record.file_name, record.rows, record.total, record.recorded_by) == ("so-lieu.csv", 1, 5, officer)
    assert list(record.communes.all()) == [tien_duc]
    assert len(record.sha256) == 64 and not record.confirmed_duplicate


def test_the_same_file_for_the_same_commune_is_refused_naming_the_earlier_import(
    officer, hung_yen_admin, tien_duc
):
    services.activity_import(upload=tien_duc_file(tien_duc), by=officer)
    earlier = ActivityImport.objects.get()
    when = timezone.localtime(earlier.recorded_at).strftime("%H:%M ngày %d/%m/%Y")

    for user in (officer, hung_yen_admin):  # whoever sends it again
        with pytest.raises(services.DuplicateImport) as rejected:
            services.activity_import(upload=tien_duc_file(tien_duc), by=user)
        assert rejected.value.earlier == earlier
        assert str(rejected.value.errors[0]).startswith(
            f"Tệp này đã được nhập lúc {when} bởi {officer.get_full_name()} (xa.td) "
            "(tệp “so-lieu.csv”, 1 dòng) cho Xã Tiến Đức. Nhập lại sẽ cộng số liệu thêm một lần nữa; "
            "chưa ghi dòng nào."
        )
    assert ActivityRecord.objects.count() == 1
    assert ActivityImport.objects.count() == 1


def test_a_different_file_for_the_same_commune_is_not_a_duplicate(officer, tien_duc):
    services.activity_import(upload=tien_duc_file(tien_duc, "5"), by=officer)
    services.activity_import(upload=tien_duc_file(tien_duc, "6"), by=officer)
    assert ActivityImport.objects.count() == 2


def test_a_confirmed_duplicate_is_imported_and_marked(officer, tien_duc):
    services.activity_import(upload=tien_duc_file(tien_duc), by=officer)
    result = services.activity_import(upload=tien_duc_file(tien_duc), by=officer, confirm_duplicate=True)
    assert result.record.confirmed_duplicate
    assert ActivityRecord.objects.filter(commune=tien_duc).count() == 2


def test_the_import_page_asks_for_confirmation_and_imports_once_confirmed(client, officer, tien_duc):
    client.force_login(officer)
    url = reverse("communes:activity_import")
    assert "confirm_duplicate" not in client.get(url).content.decode()
    assert client.post(url, {"file": tien_duc_file(tien_duc)}).status_code == 302

    response = client.post(url, {"file": tien_duc_file(tien_duc)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp này đã được nhập lúc" in html and "chọn lại tệp" in html
    assert 'name="confirm_duplicate"' in html
    assert ActivityRecord.objects.count() == 1

    response = client.post(url, {"file": tien_duc_file(tien_duc), "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert ActivityRecord.objects.count() == 2
    html = client.get(url).content.decode()
    assert html.count("so-lieu.csv") == 2 and "nhập lại đã xác nhận" in html


def test_the_api_answers_409_for_a_duplicate_and_imports_it_when_confirmed(client, officer, tien_duc):
    client.force_login(officer)
    first = client.post("/api/v1/activity/import/", {"file": tien_duc_file(tien_duc)})
    assert first.status_code == 201

    again = client.post("/api/v1/activity/import/", {"file": tien_duc_file(tien_duc)})
    assert again.status_code == 409
    assert again.json()["duplicate_of"]["id"] == first.json()["import"]
    assert again.json()["duplicate_of"]["recorded_by"] == "xa.td"

    confirmed = client.post(
        "/api/v1/activity/import/", {"file": tien_duc_file(tien_duc), "confirm_duplicate": "true"}
    )
    assert confirmed.status_code == 201
    assert ActivityRecord.objects.count() == 2


# --- Who sees which imports ------------------------------------------------------------------------------


def test_imports_are_seen_in_scope_only(
    client, officer, other_officer, province_viewer, province_admin, tien_duc, lang_son_commune
):
    services.activity_import(upload=tien_duc_file(tien_duc), by=officer)
    mine = ActivityImport.objects.get()
    services.activity_import(
        upload=csv_of([lang_son_commune.code, "Thư cảm ơn", "01/01/2020", "31/12/2020", "3"]),
        by=province_admin,
    )

    client.force_login(other_officer)  # another commune of the same district
    assert client.get("/api/v1/activity-imports/").json()["results"] == []
    assert client.get(f"/api/v1/activity-imports/{mine.pk}/").status_code == 404
    assert "so-lieu.csv" not in client.get(reverse("communes:activity_import")).content.decode()

    client.force_login(province_viewer)  # Hưng Yên, which took over Thái Bình
    listed = client.get("/api/v1/activity-imports/").json()["results"]
    assert [item["id"] for item in listed] == [mine.pk]
    assert listed[0]["communes"] == [tien_duc.pk] and listed[0]["recorded_by"] == "xa.td"

    client.force_login(province_admin)  # Lạng Sơn
    assert client.get(f"/api/v1/activity-imports/{mine.pk}/").status_code == 404

    client.force_login(officer)
    assert "so-lieu.csv" in client.get(reverse("communes:activity_import")).content.decode()
