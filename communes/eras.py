"""The era rule: which administrative unit a dated record belongs to, and which unit a document
dated on a given day is issued by. Every app calls it, so the rule is written once.

On 1 July 2025 (`REFORM_DAY`) districts were abolished and communes merged (see
`AdminUnit`). The portal keeps both lists, so:

- a record dated on or after 01/07/2025 belongs to a unit of the current era, one dated before
  to a legacy unit; `ensure_unit_era` refuses the wrong one with a message naming the right one;
- a period (from/to) belongs by its END date, as the import of history has always matched it: a
  period that ends on or after 01/07/2025 belongs to the 2025 unit even when it starts before
  (a "Năm 2025" total, the self-assessment of 2025), one that ends before to the legacy unit. A
  period is never split, so one total stays one row;
- the rule places a NEW record by its own date. Work that continues on a record that already
  exists (a 2024 item answered in 2026, the follow-up of a 2024 inspection, a commitment of a 2024
  dialogue, an apology slip for an older item) stays on that record's unit: history is not
  rewritten, and the 2025 commune's officers see it because their scope holds the communes they
  took over;
- a document dated from 01/07/2025 names the unit in force on its date (`unit_in_force`): a legacy
  commune's successor, never a dissolved unit; a document dated before keeps the name of its day.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AdminUnit

REFORM_DAY = datetime.date(2025, 7, 1)
# Predecessors named in a message before "and N others".
_NAMED_PREDECESSORS = 5


def day_of(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The local date of a date or a moment."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def era_on(moment: datetime.date | datetime.datetime) -> str:
    """The era whose units a record dated `moment` belongs to (a period: its end date)."""
    return AdminUnit.Era.LEGACY if day_of(moment) < REFORM_DAY else AdminUnit.Era.CURRENT


def unit_label(unit: AdminUnit, *, with_code: bool = False) -> str:
    """“xã Tiến Đức”: the unit's name as it reads inside a sentence (“xã Tiến Đức – mã 12646”
    with its code, where the reader must type the code, as in an imported file)."""
    label = unit.name[:1].lower() + unit.name[1:]
    if with_code and unit.code:
        label = _("%(unit)s – mã %(code)s") % {"unit": label, "code": unit.code}
    return label


def era_error_message(
    *, unit: AdminUnit, on: datetime.date | datetime.datetime, with_codes: bool = False
) -> str:
    """Why a record dated `on` cannot go to `unit`, naming the unit it goes to ("" if it can);
    `with_codes` adds the codes of the units it names."""
    if unit.era == era_on(on):
        return ""
    if not unit.name:
        # A stub with only the id, level and era (the hot path of a survey response): read it.
        unit = AdminUnit.objects.select_related("successor").get(pk=unit.pk)
    if unit.era == AdminUnit.Era.LEGACY:
        successor = unit.successor
        if successor is None:
            return _("Từ 01/07/2025 không còn %(unit)s: số liệu từ ngày này ghi cho đơn vị sau sắp xếp.") % {
                "unit": unit_label(unit)
            }
        return _("Từ 01/07/2025, %(unit)s đã sáp nhập vào %(successor)s: hãy ghi vào %(target)s.") % {
            "unit": unit_label(unit),
            "successor": unit_label(successor),
            "target": unit_label(successor, with_code=with_codes),
        }
    # Units dissolved before the published pre-2025 list (no code) held nothing then either.
    predecessors = list(unit.predecessors.exclude(code="").order_by("name")[: _NAMED_PREDECESSORS + 1])
    if not predecessors:
        return _("Trước 01/07/2025 chưa có %(unit)s: số liệu của kỳ này ghi cho đơn vị trước sắp xếp.") % {
            "unit": unit_label(unit)
        }
    separator = "; " if with_codes else ", "
    names = separator.join(unit_label(p, with_code=with_codes) for p in predecessors[:_NAMED_PREDECESSORS])
    if len(predecessors) > _NAMED_PREDECESSORS:
        others = unit.predecessors.exclude(code="").count() - _NAMED_PREDECESSORS
        names = _("%(names)s và %(count)s đơn vị khác") % {"names": names, "count": others}
    return _("Trước 01/07/2025 chưa có %(unit)s: số liệu của kỳ này ghi cho đơn vị cũ (%(names)s).") % {
        "unit": unit_label(unit),
        "names": names,
    }


def ensure_unit_era(
    *, unit: AdminUnit, on: datetime.date | datetime.datetime, field: str = "commune"
) -> None:
    """Refuse a record dated `on` (a period: its end date) for a unit of the other era.

    `field` is the input the message is shown on: the one the user would change (the date when
    the page fixes the commune, the commune where the user picks it or the date is "now")."""
    message = era_error_message(unit=unit, on=on)
    if message:
        raise ValidationError({field: message})


def unit_in_force(unit: AdminUnit | None, *, on: datetime.date | datetime.datetime) -> AdminUnit | None:
    """The unit that stood for `unit` on the date `on`: `unit` itself before 01/07/2025 or when it
    is a 2025 unit; from 01/07/2025, for a legacy unit, the unit that took it over (a district,
    which none took over, hands over to its current province)."""
    if unit is None or unit.is_current or day_of(on) < REFORM_DAY:
        return unit
    return unit.successor or unit.current_province or unit


def issuing_body(unit: AdminUnit | None, *, on: datetime.date | datetime.datetime) -> str:
    """“UBND XÃ LONG HƯNG”: the People's Committee that issues a document of `unit` dated `on`."""
    issuer = unit_in_force(unit, on=on)
    return f"UBND {issuer.name.upper()}" if issuer else ""


def unit_for_code(
    code: str, on: datetime.date | None, units: dict[tuple[str, str], AdminUnit]
) -> tuple[AdminUnit | None, str]:
    """The unit an imported row's code names on the day `on`, by the era rule: `units` maps
    (code, era) to the units in the importer's scope. A code of the other era is told with the
    unit the row needs. Without a date (an error of its own) the era is unknown, so the code is
    only checked to exist in either era. Returns the unit, or None and the message."""
    Era = AdminUnit.Era
    if on is None:
        found = units.get((code, Era.LEGACY)) or units.get((code, Era.CURRENT))
        return found, "" if found else _("không có xã mã “%(code)s” trong phạm vi của bạn.") % {"code": code}
    era = era_on(on)
    if (code, era) in units:
        return units[(code, era)], ""
    other = Era.CURRENT if era == Era.LEGACY else Era.LEGACY
    if (code, other) in units:
        unit = units[(code, other)]
        return None, _("mã “%(code)s” là của %(unit)s. %(rule)s") % {
            "code": code,
            "unit": unit_label(unit),
            "rule": era_error_message(unit=unit, on=on, with_codes=True),
        }
    return None, _("không có xã mã “%(code)s” (%(era)s) trong phạm vi của bạn.") % {
        "code": code,
        "era": Era(era).label,
    }
