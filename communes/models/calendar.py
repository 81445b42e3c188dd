"""The working-day calendar of state offices: which weekdays are days off (public holidays, Tết,
compensatory days, days swapped away) and which Saturdays or Sundays are worked instead.

Legal time limits (a dossier's, a feedback item's) count working days (communes.workdays). Every
other Saturday and Sunday is a day off and every other weekday a working day, so only the
exceptions are stored, one year at a time: the days are announced each year (the Government's and
the Ministry's notices), and a superuser enters them in the admin. Migration 0007 seeds 2019-2026
with their sources.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year of the calendar, with the documents its days come from."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    sources = models.TextField(
        _("căn cứ"),
        blank=True,
        help_text=_("Văn bản quy định, thông báo lịch nghỉ lễ, Tết và hoán đổi ngày làm việc của năm."),
    )

    class Meta:
        verbose_name = _("lịch làm việc năm")
        verbose_name_plural = _("lịch làm việc theo năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="calendaryear_range")
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One exception to "Monday to Friday": a weekday off, or a weekend day worked."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
        COMPENSATORY = "compensatory", _("Ngày nghỉ bù")
        SWAPPED_OFF = "swapped_off", _("Ngày nghỉ do hoán đổi")
        MAKE_UP = "make_up", _("Ngày làm việc bù (thứ Bảy, Chủ nhật)")

    OFF = (Kind.HOLIDAY, Kind.COMPENSATORY, Kind.SWAPPED_OFF)

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("năm"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên ngày"), max_length=160)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in self.OFF

    def clean(self) -> None:
        # Checked in the admin's form, where superusers enter the year's days.
        if self.date and self.kind == self.Kind.MAKE_UP and self.date.weekday() < 5:
            raise ValidationError({"kind": _("Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật.")})
        moved = (self.Kind.COMPENSATORY, self.Kind.SWAPPED_OFF)
        if self.date and self.kind in moved and self.date.weekday() >= 5:
            raise ValidationError({"kind": _("Ngày nghỉ bù, nghỉ hoán đổi phải là ngày trong tuần.")})
