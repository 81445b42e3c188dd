"""Corrections to the seeded 2026 calendar, checked against the year's notices:

- Tết Dương lịch 2026: Công văn 12729/VPCP-KGVX (25/12/2025) of the Government Office: Thursday
  01/01 and Friday 02/01/2026 off, Friday made up on Saturday 10/01/2026 (missing from the seed).
- 24/11 (Ngày Văn hóa Việt Nam): Nghị quyết 80-NQ/TW of the Politburo (07/01/2026) sets the
  policy that it be a paid day off, and the Government (Nghị quyết 30/NQ-CP, 2026) asks for
  Bộ luật Lao động, Điều 112 khoản 1, to be amended; until that amendment is in force it is not a
  public holiday, so the seeded 24/11/2026 is removed (a superuser adds it in the admin, with the
  amending law, once it applies).

A year a superuser has already edited keeps their days: only the seeded rows named here change.
"""

import datetime

from django.db import migrations

SEEDED_CULTURE_DAY = ("2026-11-24", "holiday", "Ngày Văn hóa Việt Nam")
NEW_YEAR_SWAP = [
    ("2026-01-02", "swapped_off", "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"),
    ("2026-01-10", "make_up", "Làm việc bù cho thứ Sáu 02/01/2026"),
]
OLD_NOTE = (
    "\nNghị quyết 80-NQ/TW của Bộ Chính trị: ngày 24/11 là Ngày Văn hóa Việt Nam, người lao động "
    "được nghỉ hưởng nguyên lương (từ năm 2026)."
)
NEW_NOTE = (
    "\nCông văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ: Tết Dương lịch nghỉ thứ Năm "
    "01/01 và thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026."
    "\nNgày Văn hóa Việt Nam (24/11): Nghị quyết 80-NQ/TW ngày 07/01/2026 của Bộ Chính trị chủ trương "
    "là ngày nghỉ hưởng nguyên lương; chỉ là ngày nghỉ lễ khi Bộ luật Lao động (Điều 112) được sửa đổi "
    "và có hiệu lực, nên chưa ghi là ngày nghỉ."
)


def correct(apps, schema_editor):
    CalendarYear = apps.get_model("communes", "CalendarYear")
    CalendarDay = apps.get_model("communes", "CalendarDay")
    year = CalendarYear.objects.filter(year=2026).first()
    if year is None:
        return
    day, kind, name = SEEDED_CULTURE_DAY
    CalendarDay.objects.filter(
        calendar_year=year, date=datetime.date.fromisoformat(day), kind=kind, name=name
    ).delete()
    for day, kind, name in NEW_YEAR_SWAP:
        date = datetime.date.fromisoformat(day)
        if not CalendarDay.objects.filter(date=date).exists():
            CalendarDay.objects.create(calendar_year=year, date=date, kind=kind, name=name)
    if OLD_NOTE in year.sources:
        year.sources = year.sources.replace(OLD_NOTE, NEW_NOTE)
        year.save(update_fields=["sources"])


def uncorrect(apps, schema_editor):
    CalendarYear = apps.get_model("communes", "CalendarYear")
    CalendarDay = apps.get_model("communes", "CalendarDay")
    year = CalendarYear.objects.filter(year=2026).first()
    if year is None:
        return
    for day, kind, name in NEW_YEAR_SWAP:
        CalendarDay.objects.filter(date=datetime.date.fromisoformat(day), kind=kind, name=name).delete()
    day, kind, name = SEEDED_CULTURE_DAY
    CalendarDay.objects.get_or_create(
        date=datetime.date.fromisoformat(day), defaults={"calendar_year": year, "kind": kind, "name": name}
    )
    if NEW_NOTE in year.sources:
        year.sources = year.sources.replace(NEW_NOTE, OLD_NOTE)
        year.save(update_fields=["sources"])


class Migration(migrations.Migration):
    dependencies = [("communes", "0011_conduct_english")]

    operations = [migrations.RunPython(correct, uncorrect)]
