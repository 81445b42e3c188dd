"""The working-day calendar of state offices (cán bộ, công chức, viên chức), 2019-2026.

Only what changes the count of working days from "Monday to Friday" is needed: weekdays off and
weekend days worked; weekend holidays are listed where they give a compensatory day. Later years,
and any correction, are entered by superusers in the admin ("Lịch làm việc theo năm"). A year
already in the database is left as it is (a superuser may have corrected it).

The law: Bộ luật Lao động 2012, Điều 115 (until 2020: Tết Dương lịch 1 day, Tết Âm lịch 5 days,
Giỗ Tổ Hùng Vương 10/3 âm lịch 1 day, 30/4 1 day, 1/5 1 day, Quốc khánh 2/9 1 day; a holiday on
the weekly day off is made up on the next working day); Bộ luật Lao động 2019 (45/2019/QH14),
Điều 111-112 (from 2021: Quốc khánh 2 days, 2/9 and the day before or after it). Each year's days
(which days of Tết, the compensatory days and the swaps of working days) are set by the
Government's and the Ministry's notice of that year, cited per year below.
"""

import datetime

from django.db import migrations

H, C, S, M = "holiday", "compensatory", "swapped_off", "make_up"

LAW_2012 = "Bộ luật Lao động 2012 (10/2012/QH13), Điều 115 (ngày nghỉ lễ, Tết; khoản 3: nghỉ bù)."
LAW_2019 = "Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 (ngày nghỉ lễ, Tết) và Điều 111 khoản 3 (nghỉ bù)."

CALENDAR = {
    2019: (
        LAW_2012
        + "\nCông văn 6519/VPCP-KGVX năm 2018 của Văn phòng Chính phủ: nghỉ thứ Hai 31/12/2018, làm bù "
        "thứ Bảy 05/01/2019; nghỉ thứ Hai 29/4/2019, làm bù thứ Bảy 04/5/2019."
        "\nTết Kỷ Hợi: thông báo nghỉ Tết năm 2019 của Bộ Lao động - Thương binh và Xã hội.",
        [
            ("2018-12-31", S, "Nghỉ hoán đổi dịp Tết Dương lịch 2019 (làm bù thứ Bảy 05/01/2019)"),
            ("2019-01-01", H, "Tết Dương lịch"),
            ("2019-01-05", M, "Làm việc bù cho thứ Hai 31/12/2018"),
            ("2019-02-04", H, "Tết Nguyên đán Kỷ Hợi (30 tháng Chạp)"),
            ("2019-02-05", H, "Tết Nguyên đán Kỷ Hợi (mùng 1)"),
            ("2019-02-06", H, "Tết Nguyên đán Kỷ Hợi (mùng 2)"),
            ("2019-02-07", H, "Tết Nguyên đán Kỷ Hợi (mùng 3)"),
            ("2019-02-08", H, "Tết Nguyên đán Kỷ Hợi (mùng 4)"),
            ("2019-04-14", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)"),
            ("2019-04-15", C, "Nghỉ bù Giỗ Tổ Hùng Vương"),
            ("2019-04-29", S, "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 04/5/2019)"),
            ("2019-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2019-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2019-05-04", M, "Làm việc bù cho thứ Hai 29/4/2019"),
            ("2019-09-02", H, "Quốc khánh 2/9"),
        ],
    ),
    2020: (
        LAW_2012 + "\nTết Canh Tý: thông báo nghỉ Tết năm 2020 của Bộ Lao động - Thương binh và Xã hội.",
        [
            ("2020-01-01", H, "Tết Dương lịch"),
            ("2020-01-23", H, "Tết Nguyên đán Canh Tý (29 tháng Chạp)"),
            ("2020-01-24", H, "Tết Nguyên đán Canh Tý (30 tháng Chạp)"),
            ("2020-01-25", H, "Tết Nguyên đán Canh Tý (mùng 1, thứ Bảy)"),
            ("2020-01-26", H, "Tết Nguyên đán Canh Tý (mùng 2, Chủ nhật)"),
            ("2020-01-27", H, "Tết Nguyên đán Canh Tý (mùng 3)"),
            ("2020-01-28", H, "Tết Nguyên đán Canh Tý (mùng 4)"),
            ("2020-01-29", C, "Nghỉ bù Tết Nguyên đán Canh Tý (mùng 5)"),
            ("2020-04-02", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            ("2020-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2020-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2020-09-02", H, "Quốc khánh 2/9"),
        ],
    ),
    2021: (
        LAW_2019 + "\nTết Tân Sửu: thông báo nghỉ Tết năm 2021 của Bộ Lao động - Thương binh và Xã hội.",
        [
            ("2021-01-01", H, "Tết Dương lịch"),
            ("2021-02-10", H, "Tết Nguyên đán Tân Sửu (29 tháng Chạp)"),
            ("2021-02-11", H, "Tết Nguyên đán Tân Sửu (30 tháng Chạp)"),
            ("2021-02-12", H, "Tết Nguyên đán Tân Sửu (mùng 1)"),
            ("2021-02-13", H, "Tết Nguyên đán Tân Sửu (mùng 2, thứ Bảy)"),
            ("2021-02-14", H, "Tết Nguyên đán Tân Sửu (mùng 3, Chủ nhật)"),
            ("2021-02-15", H, "Tết Nguyên đán Tân Sửu (mùng 4)"),
            ("2021-02-16", C, "Nghỉ bù Tết Nguyên đán Tân Sửu (mùng 5)"),
            ("2021-04-21", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            ("2021-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2021-05-01", H, "Ngày Quốc tế Lao động 1/5 (thứ Bảy)"),
            ("2021-05-03", C, "Nghỉ bù Ngày Quốc tế Lao động"),
            ("2021-09-02", H, "Quốc khánh 2/9"),
            ("2021-09-03", H, "Quốc khánh (ngày liền sau 2/9)"),
        ],
    ),
    2022: (
        LAW_2019 + "\nTết Nhâm Dần: thông báo nghỉ Tết năm 2022 của Bộ Lao động - Thương binh và Xã hội.",
        [
            ("2022-01-01", H, "Tết Dương lịch (thứ Bảy)"),
            ("2022-01-03", C, "Nghỉ bù Tết Dương lịch"),
            ("2022-01-31", H, "Tết Nguyên đán Nhâm Dần (29 tháng Chạp)"),
            ("2022-02-01", H, "Tết Nguyên đán Nhâm Dần (mùng 1)"),
            ("2022-02-02", H, "Tết Nguyên đán Nhâm Dần (mùng 2)"),
            ("2022-02-03", H, "Tết Nguyên đán Nhâm Dần (mùng 3)"),
            ("2022-02-04", H, "Tết Nguyên đán Nhâm Dần (mùng 4)"),
            ("2022-04-10", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)"),
            ("2022-04-11", C, "Nghỉ bù Giỗ Tổ Hùng Vương"),
            ("2022-04-30", H, "Ngày Chiến thắng 30/4 (thứ Bảy)"),
            ("2022-05-01", H, "Ngày Quốc tế Lao động 1/5 (Chủ nhật)"),
            ("2022-05-02", C, "Nghỉ bù Ngày Chiến thắng"),
            ("2022-05-03", C, "Nghỉ bù Ngày Quốc tế Lao động"),
            ("2022-09-01", H, "Quốc khánh (ngày liền trước 2/9)"),
            ("2022-09-02", H, "Quốc khánh 2/9"),
        ],
    ),
    2023: (
        LAW_2019 + "\nTết Quý Mão: thông báo nghỉ Tết năm 2023 của Bộ Lao động - Thương binh và Xã hội.",
        [
            ("2023-01-01", H, "Tết Dương lịch (Chủ nhật)"),
            ("2023-01-02", C, "Nghỉ bù Tết Dương lịch"),
            ("2023-01-20", H, "Tết Nguyên đán Quý Mão (29 tháng Chạp)"),
            ("2023-01-21", H, "Tết Nguyên đán Quý Mão (30 tháng Chạp, thứ Bảy)"),
            ("2023-01-22", H, "Tết Nguyên đán Quý Mão (mùng 1, Chủ nhật)"),
            ("2023-01-23", H, "Tết Nguyên đán Quý Mão (mùng 2)"),
            ("2023-01-24", H, "Tết Nguyên đán Quý Mão (mùng 3)"),
            ("2023-01-25", H, "Tết Nguyên đán Quý Mão (mùng 4)"),
            ("2023-01-26", C, "Nghỉ bù Tết Nguyên đán Quý Mão (mùng 5)"),
            ("2023-04-29", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch, thứ Bảy)"),
            ("2023-04-30", H, "Ngày Chiến thắng 30/4 (Chủ nhật)"),
            ("2023-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2023-05-02", C, "Nghỉ bù Giỗ Tổ Hùng Vương"),
            ("2023-05-03", C, "Nghỉ bù Ngày Chiến thắng"),
            ("2023-09-01", H, "Quốc khánh (ngày liền trước 2/9)"),
            ("2023-09-02", H, "Quốc khánh 2/9 (thứ Bảy)"),
            ("2023-09-04", C, "Nghỉ bù Quốc khánh"),
        ],
    ),
    2024: (
        LAW_2019
        + "\nTết Giáp Thìn: thông báo nghỉ Tết năm 2024 của Bộ Lao động - Thương binh và Xã hội."
        "\nCông văn 2450/VPCP-KGVX năm 2024 của Văn phòng Chính phủ: nghỉ thứ Hai 29/4/2024, làm bù "
        "thứ Bảy 04/5/2024.",
        [
            ("2024-01-01", H, "Tết Dương lịch"),
            ("2024-02-08", H, "Tết Nguyên đán Giáp Thìn (29 tháng Chạp)"),
            ("2024-02-09", H, "Tết Nguyên đán Giáp Thìn (30 tháng Chạp)"),
            ("2024-02-10", H, "Tết Nguyên đán Giáp Thìn (mùng 1, thứ Bảy)"),
            ("2024-02-11", H, "Tết Nguyên đán Giáp Thìn (mùng 2, Chủ nhật)"),
            ("2024-02-12", H, "Tết Nguyên đán Giáp Thìn (mùng 3)"),
            ("2024-02-13", H, "Tết Nguyên đán Giáp Thìn (mùng 4)"),
            ("2024-02-14", C, "Nghỉ bù Tết Nguyên đán Giáp Thìn (mùng 5)"),
            ("2024-04-18", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            ("2024-04-29", S, "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 04/5/2024)"),
            ("2024-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2024-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2024-05-04", M, "Làm việc bù cho thứ Hai 29/4/2024"),
            ("2024-09-02", H, "Quốc khánh 2/9"),
            ("2024-09-03", H, "Quốc khánh (ngày liền sau 2/9)"),
        ],
    ),
    2025: (
        LAW_2019
        + "\nThông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội: Tết Ất Tỵ, "
        "nghỉ từ thứ Bảy 25/01 đến hết Chủ nhật 02/02/2025."
        "\nThông báo của Bộ Nội vụ về hoán đổi ngày làm việc dịp 30/4 - 1/5/2025: nghỉ thứ Sáu 02/5, "
        "làm bù thứ Bảy 26/4/2025.",
        [
            ("2025-01-01", H, "Tết Dương lịch"),
            ("2025-01-27", C, "Nghỉ bù Tết Nguyên đán Ất Tỵ (28 tháng Chạp)"),
            ("2025-01-28", H, "Tết Nguyên đán Ất Tỵ (29 tháng Chạp)"),
            ("2025-01-29", H, "Tết Nguyên đán Ất Tỵ (mùng 1)"),
            ("2025-01-30", H, "Tết Nguyên đán Ất Tỵ (mùng 2)"),
            ("2025-01-31", H, "Tết Nguyên đán Ất Tỵ (mùng 3)"),
            ("2025-02-01", H, "Tết Nguyên đán Ất Tỵ (mùng 4, thứ Bảy)"),
            ("2025-04-07", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            ("2025-04-26", M, "Làm việc bù cho thứ Sáu 02/5/2025"),
            ("2025-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2025-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2025-05-02", S, "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/4/2025)"),
            ("2025-09-01", H, "Quốc khánh (ngày liền trước 2/9)"),
            ("2025-09-02", H, "Quốc khánh 2/9"),
        ],
    ),
    2026: (
        LAW_2019
        + "\nThông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026 (Thủ tướng Chính phủ "
        "đồng ý): Tết Bính Ngọ nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026; Quốc khánh nghỉ thứ "
        "Ba 01/9 và thứ Tư 02/9, nghỉ hoán đổi thứ Hai 31/8, làm bù thứ Bảy 22/8/2026."
        "\nNghị quyết 80-NQ/TW của Bộ Chính trị: ngày 24/11 là Ngày Văn hóa Việt Nam, người lao động "
        "được nghỉ hưởng nguyên lương (từ năm 2026).",
        [
            ("2026-01-01", H, "Tết Dương lịch"),
            ("2026-02-16", H, "Tết Nguyên đán Bính Ngọ (29 tháng Chạp)"),
            ("2026-02-17", H, "Tết Nguyên đán Bính Ngọ (mùng 1)"),
            ("2026-02-18", H, "Tết Nguyên đán Bính Ngọ (mùng 2)"),
            ("2026-02-19", H, "Tết Nguyên đán Bính Ngọ (mùng 3)"),
            ("2026-02-20", H, "Tết Nguyên đán Bính Ngọ (mùng 4)"),
            ("2026-04-26", H, "Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)"),
            ("2026-04-27", C, "Nghỉ bù Giỗ Tổ Hùng Vương"),
            ("2026-04-30", H, "Ngày Chiến thắng 30/4"),
            ("2026-05-01", H, "Ngày Quốc tế Lao động 1/5"),
            ("2026-08-22", M, "Làm việc bù cho thứ Hai 31/8/2026"),
            ("2026-08-31", S, "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)"),
            ("2026-09-01", H, "Quốc khánh (ngày liền trước 2/9)"),
            ("2026-09-02", H, "Quốc khánh 2/9"),
            ("2026-11-24", H, "Ngày Văn hóa Việt Nam"),
        ],
    ),
}


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("communes", "CalendarYear")
    CalendarDay = apps.get_model("communes", "CalendarDay")
    for year, (sources, days) in CALENDAR.items():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        calendar_year = CalendarYear.objects.create(year=year, sources=sources)
        CalendarDay.objects.bulk_create(
            CalendarDay(
                calendar_year=calendar_year,
                date=datetime.date.fromisoformat(day),
                kind=kind,
                name=name,
            )
            for day, kind, name in days
        )


def unseed(apps, schema_editor):
    apps.get_model("communes", "CalendarYear").objects.filter(year__in=list(CALENDAR)).delete()


class Migration(migrations.Migration):
    dependencies = [("communes", "0007_working_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
