"""The working-day calendar: legal time limits count working days after the day of receipt,
skipping weekends, the seeded holidays and swapped days, and counting the Saturdays worked."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from communes.models import CalendarDay, CalendarYear
from communes.workdays import add_working_days, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # The example: 30/04 and 01/05 are holidays, 02-03/05 the weekend.
        (D(2026, 4, 29), 3, D(2026, 5, 6)),
        # Tết Bính Ngọ: 16-20/02/2026 off, with the weekends around them.
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        # Received on a Saturday: the count starts with Monday.
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
        # Giỗ Tổ on Sunday 26/04/2026 is made up on Monday 27/04.
        (D(2026, 4, 24), 1, D(2026, 4, 28)),
        # 2026 National Day: 31/08 swapped away (22/08, a Saturday, worked), 01-02/09 holidays.
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        # Ngày Văn hóa Việt Nam, Tuesday 24/11/2026, is not a holiday while the Labour Code is
        # not amended.
        (D(2026, 11, 23), 1, D(2026, 11, 24)),
        # Tết Dương lịch 2026: Friday 02/01 swapped away, Saturday 10/01 worked (CV 12729/VPCP-KGVX).
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
        (D(2026, 1, 9), 1, D(2026, 1, 10)),
        # 2024: Monday 29/04 swapped for Saturday 04/05.
        (D(2024, 4, 26), 1, D(2024, 5, 2)),
        (D(2024, 5, 3), 1, D(2024, 5, 4)),
        # 2025: Tết 27-31/01; 30/04-02/05 off, Saturday 26/04 worked.
        (D(2025, 1, 24), 1, D(2025, 2, 3)),
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        (D(2025, 4, 29), 1, D(2025, 5, 5)),
        # 2023: Giỗ Tổ (Saturday) and 30/04 (Sunday) made up on 02-03/05.
        (D(2023, 4, 28), 1, D(2023, 5, 4)),
        # 2019: 31/12/2018 swapped for Saturday 05/01/2019.
        (D(2018, 12, 28), 1, D(2019, 1, 2)),
        (D(2019, 1, 4), 1, D(2019, 1, 5)),
        # Plain weeks, and a limit of 0 ("within the day").
        (D(2026, 3, 2), 10, D(2026, 3, 16)),
        (D(2026, 3, 4), 0, D(2026, 3, 4)),
    ],
)
def test_it_counts_working_days_after_the_day_of_receipt(db, received, days, due):
    assert add_working_days(start=received, days=days) == due


def test_it_seeds_2019_to_2026_with_their_sources(db):
    years = dict(CalendarYear.objects.values_list("year", "sources"))
    assert sorted(years) == list(range(2019, 2027))
    assert all("Bộ luật Lao động" in sources for sources in years.values())
    assert "2450/VPCP-KGVX" in years[2024]
    assert "12729/VPCP-KGVX" in years[2026] and "chưa ghi là ngày nghỉ" in years[2026]
    # Quốc khánh has two days from 2021 (Labour Code 2019), one before.
    assert CalendarDay.objects.filter(date__year=2020, date__month=9).count() == 1
    assert CalendarDay.objects.filter(date__year=2021, date__month=9).count() == 2


def test_a_day_a_superuser_adds_changes_the_count_at_once(db):
    assert add_working_days(start=D(2027, 1, 1), days=1) == D(2027, 1, 4)
    year = CalendarYear.objects.create(year=2027, sources="Thông báo lịch nghỉ năm 2027.")
    CalendarDay.objects.create(
        calendar_year=year, date=D(2027, 1, 4), kind="swapped_off", name="Nghỉ hoán đổi"
    )
    assert add_working_days(start=D(2027, 1, 1), days=1) == D(2027, 1, 5)


def test_it_counts_how_many_working_days_lie_between_two_dates(db):
    assert working_days_between(start=D(2026, 4, 29), end=D(2026, 5, 6)) == 3
    assert working_days_between(start=D(2026, 5, 6), end=D(2026, 4, 29)) == 0


def test_a_make_up_day_must_fall_on_a_weekend(db):
    year = CalendarYear.objects.get(year=2026)
    with pytest.raises(ValidationError):
        CalendarDay(calendar_year=year, date=D(2026, 3, 4), kind="make_up", name="Làm bù").full_clean()
    with pytest.raises(ValidationError):
        CalendarDay(calendar_year=year, date=D(2026, 3, 7), kind="compensatory", name="Nghỉ bù").full_clean()


def test_superusers_edit_a_year_of_the_calendar_in_the_admin(client, superuser):
    assert admin.site.is_registered(CalendarYear)
    client.force_login(superuser)
    year = CalendarYear.objects.get(year=2026)
    page = client.get(reverse("admin:communes_calendaryear_change", args=[year.pk])).content.decode()
    assert "Làm việc bù cho thứ Sáu 02/01/2026" in page and "Làm việc bù cho thứ Hai 31/8/2026" in page
    assert "12729/VPCP-KGVX" in page
