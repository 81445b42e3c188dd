"""The import of dossiers from a one-stop system's feed: all or nothing, idempotent by code, both
date formats, Vietnamese headers, the era rule, and the monthly counts kept exact."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from surveys.dossiers.services import ImportRejected, dossiers_import_file, dossiers_push
from surveys.models import Dossier, DossierMonthlyCount, DossierProvinceCount, Service

from .dossier_feeds import COPY, HEADER, VIETNAMESE_HEADER, csv_of, dossier, xlsx_of

D = datetime.date


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


COUNTED = ["received", "received_online", "early", "on_time", "late"]


def counts(**filters) -> dict:
    """The commune counts; the province counts (each month and each day, for all procedures and
    per procedure) must hold the same sums over the same dossiers."""
    rows = DossierMonthlyCount.objects.filter(**filters)
    sums = rows.aggregate(**{c: Sum(c) for c in COUNTED})
    if not filters:
        province = DossierProvinceCount.objects
        Span, ALL = DossierProvinceCount.Span, DossierProvinceCount.ALL
        for span, scope in [
            (Span.MONTH, {"service_key": ALL}),
            (Span.MONTH, {"service_key__gt": ALL}),
            (Span.DAY, {"service_key": ALL}),
            (Span.DAY, {"province__isnull": True}),
        ]:
            assert province.filter(span=span, **scope).aggregate(**{c: Sum(c) for c in COUNTED}) == sums
    return sums


def test_it_imports_a_feed_in_both_date_formats(officer, long_hung):
    result = dossiers_import_file(
        upload=csv_of(
            dossier(
                "000.00.31.H26-260303-0042",
                received="03/03/2026 08:15",
                due="06/03/2026",
                returned="05/03/2026 10:00",
                status="Đã trả kết quả",
                officer="xa.td",
            ),
            dossier(
                "000.00.31.H26-260304-0001",
                procedure=COPY,
                channel="Trực tuyến",
                received="20260304143000",
                due="20260309170000",
            ),
        ),
        by=officer,
    )
    assert (result.created, result.updated, result.services_added) == (2, 0, 2)
    returned = Dossier.objects.get(code="000.00.31.H26-260303-0042")
    assert returned.commune == long_hung and returned.officer == officer
    assert returned.received_at == local(2026, 3, 3, 8, 15)
    assert returned.returned_at == local(2026, 3, 5, 10, 0)
    assert (returned.due_on, returned.status, returned.outcome) == (D(2026, 3, 6), "returned", "early")
    assert returned.service.code == "1.001193" and returned.service.field == "Hộ tịch"
    open_one = Dossier.objects.get(code="000.00.31.H26-260304-0001")
    assert open_one.received_at == local(2026, 3, 4, 14, 30)
    assert (open_one.due_on, open_one.channel, open_one.status, open_one.outcome) == (
        D(2026, 3, 9),
        "online",
        "processing",
        "",
    )
    assert counts(month=D(2026, 3, 1)) == {
        "received": 2,
        "received_online": 1,
        "early": 1,
        "on_time": 0,
        "late": 0,
    }
    # The import read the local times in the local time zone; the session is back to its own.
    with connection.cursor() as cursor:
        cursor.execute("SHOW TIME ZONE")
        assert cursor.fetchone()[0] == connection.timezone_name


def test_a_bad_row_writes_nothing_and_names_its_line_and_column(officer):
    Service.objects.create(name="Đăng ký khai tử")
    with pytest.raises(ImportRejected) as rejected:
        dossiers_import_file(
            upload=csv_of(
                dossier("HS-1", received="03/03/2026", due="06/03/2026"),
                dossier("HS-2", received="31/02/2026", due="06/03/2026", channel="Fax"),
                dossier("HS-3", received="03/03/2026", due="02/03/2026"),
            ),
            by=officer,
        )
    assert [str(error) for error in rejected.value.errors] == [
        "Dòng 3, cột “kenh”: kênh “Fax” không hợp lệ (trực tiếp, trực tuyến hoặc bưu chính).",
        "Dòng 3, cột “ngay_tiep_nhan”: “31/02/2026” không phải ngày có thật.",
        "Dòng 4, cột “ngay_hen_tra”: ngày hẹn trả trước ngày tiếp nhận.",
    ]
    assert not Dossier.objects.exists() and not DossierMonthlyCount.objects.exists()
    # The procedures the good row named were not added either.
    assert list(Service.objects.values_list("name", flat=True)) == ["Đăng ký khai tử"]


def test_a_bad_row_after_many_good_chunks_rolls_them_all_back(officer, monkeypatch):
    monkeypatch.setattr("surveys.dossiers.services.imports.CHUNK_ROWS", 2)
    rows = [dossier(f"HS-{n}", received="03/03/2026", due="06/03/2026") for n in range(7)]
    rows.append(dossier("HS-X", received="03/03/2026", due="ngày mai"))
    with pytest.raises(ImportRejected):
        dossiers_import_file(upload=csv_of(*rows), by=officer)
    assert not Dossier.objects.exists() and not DossierMonthlyCount.objects.exists()


@pytest.mark.parametrize("kept,way", [(100_000, "copy"), (1, "copy"), (100_000, "orm")])
def test_a_reimport_updates_dossiers_and_moves_their_counts_never_doubling(officer, monkeypatch, kept, way):
    # Also with the sums handed to the database after every chunk (a national feed's bound), and
    # through the ORM as on the SQLite of the demo.
    monkeypatch.setattr("surveys.dossiers.services.store.TALLY_KEPT", kept)
    if way == "orm":
        monkeypatch.setattr("surveys.dossiers.services.store._postgresql", lambda: False)
    monkeypatch.setattr("surveys.dossiers.services.imports.CHUNK_ROWS", 1)
    feed = [
        dossier("HS-1", received="03/03/2026", due="06/03/2026"),
        dossier("HS-2", received="03/03/2026", due="06/03/2026", returned="06/03/2026 16:00"),
    ]
    dossiers_import_file(upload=csv_of(*feed), by=officer)
    again = dossiers_import_file(upload=csv_of(*feed), by=officer)
    assert (again.created, again.updated) == (0, 2)
    assert Dossier.objects.count() == 2
    assert counts() == {"received": 2, "received_online": 0, "early": 0, "on_time": 1, "late": 0}
    # The next feed returns HS-1 late in April and moves HS-2's return to the day before.
    result = dossiers_import_file(
        upload=csv_of(
            dossier("HS-1", received="03/03/2026", due="06/03/2026", returned="02/04/2026 09:00"),
            dossier("HS-2", received="03/03/2026", due="06/03/2026", returned="05/03/2026 16:00"),
            dossier("HS-3", received="01/04/2026", due="06/04/2026", channel="Bưu chính"),
        ),
        by=officer,
    )
    assert (result.created, result.updated) == (1, 2)
    assert Dossier.objects.get(code="HS-1").outcome == "late"
    assert counts(month=D(2026, 3, 1)) == {
        "received": 2,
        "received_online": 0,
        "early": 1,
        "on_time": 0,
        "late": 0,
    }
    assert counts(month=D(2026, 4, 1)) == {
        "received": 1,
        "received_online": 0,
        "early": 0,
        "on_time": 0,
        "late": 1,
    }


def test_chunks_of_new_dossiers_are_copied_without_looking_their_codes_up(officer, monkeypatch):
    """A feed of new dossiers skips the lookup of known codes (the unique code still guards it);
    a known code in the middle of such a chunk rolls back what the chunk had copied, and the
    chunk is written the careful way: updated, never doubled, counts exact."""
    monkeypatch.setattr("surveys.dossiers.services.imports.CHUNK_ROWS", 3)
    dossiers_import_file(upload=csv_of(dossier("HS-2", received="02/03/2026", due="06/03/2026")), by=officer)
    # The lookup cannot run: only chunks copied straight away can be written.
    monkeypatch.setattr("surveys.dossiers.services.store._KNOWN", "SELECT 1/0")
    fresh = [dossier(f"HS-1{n}", received="03/03/2026", due="06/03/2026") for n in range(7)]
    assert dossiers_import_file(upload=csv_of(*fresh), by=officer).created == 7
    monkeypatch.undo()
    monkeypatch.setattr("surveys.dossiers.services.imports.CHUNK_ROWS", 3)
    result = dossiers_import_file(
        upload=csv_of(
            dossier("HS-0", received="03/03/2026", due="06/03/2026"),
            dossier("HS-1", received="03/03/2026", due="06/03/2026"),
            dossier("HS-2", received="02/03/2026", due="06/03/2026", returned="04/03/2026 09:00"),
            dossier("HS-3", received="03/03/2026", due="06/03/2026", channel="Trực tuyến"),
        ),
        by=officer,
    )
    assert (result.created, result.updated) == (3, 1)
    assert Dossier.objects.count() == 11
    assert Dossier.objects.get(code="HS-2").outcome == "early"
    assert counts() == {"received": 11, "received_online": 1, "early": 1, "on_time": 0, "late": 0}


def test_it_reads_vietnamese_headers_and_an_xlsx_workbook(officer):
    dossiers_import_file(
        upload=xlsx_of(
            dossier(
                "HS-1",
                received=datetime.datetime(2026, 3, 3, 8, 30),
                due=datetime.datetime(2026, 3, 6),
                returned="06/03/2026 17:00",
                status="đã trả",
            ),
            header=VIETNAMESE_HEADER,
        ),
        by=officer,
    )
    row = Dossier.objects.get()
    assert (row.received_at, row.outcome) == (local(2026, 3, 3, 8, 30), "on_time")


def test_a_time_limit_instead_of_a_due_date_counts_working_days(officer):
    # Received Wednesday 29/04/2026 with 3 working days: 30/04 and 01/05 are holidays.
    row = dossier("HS-1", received="29/04/2026 09:00", due="")
    upload = csv_of([*row, "3"], header=[*HEADER, "thoi_han"])
    dossiers_import_file(upload=upload, by=officer)
    row = Dossier.objects.get()
    assert (row.due_on, row.time_limit_days) == (D(2026, 5, 6), 3)


def test_a_dossier_goes_to_the_commune_in_force_on_the_day_it_was_received(officer, tien_duc, long_hung):
    # Tiến Đức (12646) took dossiers until 30/06/2025; from 01/07/2025 Long Hưng (12613) does.
    dossiers_import_file(
        upload=csv_of(dossier("HS-OLD", received="30/06/2025", due="03/07/2025", commune="12646")),
        by=officer,
    )
    assert Dossier.objects.get(code="HS-OLD").commune == tien_duc
    with pytest.raises(ImportRejected) as rejected:
        dossiers_import_file(
            upload=csv_of(dossier("HS-NEW", received="01/07/2025", due="04/07/2025", commune="12646")),
            by=officer,
        )
    [error] = rejected.value.errors
    assert error.column == "ma_xa" and "xã Long Hưng – mã 12613" in error.message


def test_an_officer_imports_only_dossiers_of_their_own_communes(officer, other_officer, province_viewer):
    upload = csv_of(dossier("HS-1", received="03/03/2026", due="06/03/2026"))
    with pytest.raises(ImportRejected) as rejected:
        dossiers_import_file(upload=upload, by=other_officer)
    assert "không có xã mã “12613”" in str(rejected.value.errors[0])
    with pytest.raises(PermissionDenied):
        dossiers_import_file(upload=upload, by=province_viewer)
    assert not Dossier.objects.exists()


def test_a_system_pushes_a_json_list_upserted_by_code(officer):
    items = [
        {
            "ma_ho_so": "HS-1",
            "ma_tthc": "1.001193",
            "ten_tthc": "Đăng ký khai sinh",
            "kenh": "online",
            "ngay_tiep_nhan": "20260303081500",
            "ngay_hen_tra": "20260306170000",
            "ngay_tra_ket_qua": None,
            "trang_thai": "processing",
            "ma_xa": "12613",
        }
    ]
    assert dossiers_push(items=items, by=officer).created == 1
    items[0].update(ngay_tra_ket_qua="2026-03-09T10:00:00", trang_thai="returned")
    assert dossiers_push(items=items, by=officer).updated == 1
    row = Dossier.objects.get()
    assert (row.source, row.outcome) == ("api", "late")
    assert counts() == {"received": 1, "received_online": 1, "early": 0, "on_time": 0, "late": 1}


def test_a_status_that_contradicts_the_dates_is_refused(officer):
    with pytest.raises(ImportRejected) as rejected:
        dossiers_import_file(
            upload=csv_of(
                dossier("HS-1", received="03/03/2026", due="06/03/2026", status="Đã trả kết quả"),
                dossier(
                    "HS-2",
                    received="03/03/2026",
                    due="06/03/2026",
                    returned="04/03/2026",
                    status="Đang xử lý",
                ),
            ),
            by=officer,
        )
    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "ngay_tra_ket_qua"), (3, "trang_thai")]


def test_a_national_feed_streams_from_a_file_in_chunks_all_or_nothing(officer, tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr("surveys.dossiers.services.imports.CHUNK_ROWS", 3)
    rows = [dossier(f"HS-{n}", received="03/03/2026", due="06/03/2026") for n in range(8)]
    feed = tmp_path / "ho-so.csv"
    feed.write_bytes(csv_of(*rows).read())
    call_command("import_dossiers", str(feed), user=officer.username)
    assert Dossier.objects.count() == 8 and counts()["received"] == 8
    bad = tmp_path / "ho-so-loi.csv"
    bad.write_bytes(csv_of(*rows, dossier("HS-9", received="03/03/2026", due="xx")).read())
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(bad), user=officer.username)
    assert Dossier.objects.count() == 8 and counts()["received"] == 8


def test_a_code_held_by_a_dossier_outside_the_scope_is_refused(officer, other_officer, hong_minh):
    """An import upserts by code, but never over another commune's dossier it may not see."""
    theirs = csv_of(dossier("HS-9", received="03/03/2026", due="06/03/2026", commune=hong_minh.code))
    dossiers_import_file(upload=theirs, by=other_officer)
    before = counts()
    mine = csv_of(
        dossier("HS-8", received="04/03/2026", due="06/03/2026"),
        dossier("HS-9", received="04/03/2026", due="06/03/2026", returned="05/03/2026 09:00"),
    )
    with pytest.raises(ImportRejected) as rejected:
        dossiers_import_file(upload=mine, by=officer)
    [error] = rejected.value.errors
    assert (error.line, error.column) == (3, "ma_ho_so") and "HS-9" in error.message
    assert list(Dossier.objects.values_list("code", "commune", "outcome")) == [("HS-9", hong_minh.pk, "")]
    assert counts() == before


def test_the_tally_adds_and_takes_away_each_sum_apart():
    """The import's in-memory sums pack five counts in one integer: dossiers taken away (a
    re-import) can make a sum negative without touching its neighbours."""
    from surveys.dossiers.services.store import Tally

    tally = Tally()
    late = {
        "commune_id": 7,
        "province_id": 3,
        "service_id": 11,
        "online": True,
        "received_on": D(2026, 3, 3),
        "returned_on": D(2026, 4, 2),
        "outcome": "late",
    }
    tally.add(**late)
    tally.add(**late)
    tally.add(**{**late, "online": False, "returned_on": D(2026, 3, 5), "outcome": "early"}, sign=-1)
    monthly, province = tally.rows()
    assert sorted(monthly) == [(D(2026, 3, 1), 7, 1, 2, -1, 0, 0), (D(2026, 4, 1), 7, 0, 0, 0, 0, 2)]
    assert sorted(row for row in province if row[0] == "month" and row[1] == D(2026, 3, 1)) == [
        ("month", D(2026, 3, 1), 3, 0, 1, 2, -1, 0, 0),
        ("month", D(2026, 3, 1), 3, 11, 1, 2, -1, 0, 0),
    ]
    days = {(row[1], row[2], row[3]): row[4:] for row in province if row[0] == "day"}
    assert days == {
        (D(2026, 3, 3), 3, 0): (1, 2, 0, 0, 0),
        (D(2026, 3, 3), None, 11): (1, 2, 0, 0, 0),
        (D(2026, 3, 5), 3, 0): (0, 0, -1, 0, 0),
        (D(2026, 3, 5), None, 11): (0, 0, -1, 0, 0),
        (D(2026, 4, 2), 3, 0): (0, 0, 0, 0, 2),
        (D(2026, 4, 2), None, 11): (0, 0, 0, 0, 2),
    }


def test_a_moment_read_from_its_day_and_time_already_seen_is_the_moment_read_whole():
    """A feed's days and times of day are read once each; what they make is what the patterns
    make, and an impossible or mixed date is still refused."""
    from surveys.dossiers.rows import parse_moment

    seen = ["28/02/2026 08:15", "01/03/2026 23:59", "20260301081500", "2026-03-02 07:05:09"]
    for text in seen:
        parse_moment(text)
    assert parse_moment("01/03/2026 08:15") == datetime.datetime(2026, 3, 1, 8, 15)
    assert parse_moment("28/02/2026 23:59") == datetime.datetime(2026, 2, 28, 23, 59)
    assert parse_moment("20260301081500") == datetime.datetime(2026, 3, 1, 8, 15)
    assert parse_moment("2026-03-02 08:15") == datetime.datetime(2026, 3, 2, 8, 15)
    for wrong in ["29/02/2026 08:15", "01/03/2026 081500", "2026-03-02 081500", "28/02/2026 24:00"]:
        with pytest.raises(ValueError):
            parse_moment(wrong)
