"""The dashboard's picker: a programme, the unit it is read over (its owner unit, the 2025
province it continues under, or one of its districts before 2025) and a period, typed or chosen
from presets."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Programme

from ..selectors import continuing_unit

# The previous period of a long one starts well before it: keep both in sensible years.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Preset:
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    PHASE = "phase"
    LAST_QUARTER = "last_quarter"

    choices = [
        (THIS_YEAR, _("Năm nay")),
        (LAST_YEAR, _("Năm trước")),
        (PHASE, _("Cả giai đoạn")),
        (LAST_QUARTER, _("Quý trước")),
    ]


def preset_period(
    preset: str, *, programme: Programme, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    if preset == Preset.THIS_YEAR:
        return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    if preset == Preset.LAST_YEAR:
        return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    if preset == Preset.LAST_QUARTER:
        quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = quarter_start - datetime.timedelta(days=1)
        return datetime.date(end.year, end.month - 2, 1), end
    return programme.phase_start, programme.phase_end


def scope_choices(programme: Programme) -> QuerySet[AdminUnit]:
    """The units a programme's dashboard may be read over: its owner unit, the 2025 unit it
    continues under (Hưng Yên for Thái Bình's programme) and, under a province before 2025, its
    districts."""
    owner = programme.owner_unit
    return (
        AdminUnit.objects.filter(Q(pk__in=[owner.pk, continuing_unit(owner).pk]) | Q(parent=owner))
        .exclude(level=AdminUnit.Level.COMMUNE)
        .order_by("-era", "level", "name")
    )


def default_scope(programme: Programme) -> AdminUnit:
    """The owner unit; for a phase that runs past the reform, the 2025 unit it continues under."""
    owner = programme.owner_unit
    return continuing_unit(owner) if programme.phase_end >= REFORM_DAY else owner


def _scope_label(unit: AdminUnit) -> str:
    if unit.is_current:
        return str(unit.name)
    return _("%(name)s (trước 01/07/2025)") % {"name": unit.name}


class DashboardForm(forms.Form):
    """Bound to the query string. An empty picker shows the first programme over its owner unit
    for its whole phase; a preset wins over typed dates."""

    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), required=False
    )
    scope = forms.ModelChoiceField(label=_("Phạm vi"), queryset=AdminUnit.objects.none(), required=False)
    start = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy, ví dụ 16/01/2025.")},
    )
    end = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy, ví dụ 16/01/2025.")},
    )
    preset = forms.ChoiceField(label=_("Kỳ có sẵn"), choices=[("", "—"), *Preset.choices], required=False)

    def __init__(self, data=None, *, programmes: QuerySet[Programme], programme: Programme, with_scope=True):
        """`programme` is the one the picker is about (the chosen one, found in scope by the view,
        or the default); the scope choices are its units."""
        super().__init__(data)
        self.programme = programme
        if self.is_bound:
            # What is not chosen takes its default, and the boxes show it.
            self.data = self.data.copy()
            defaults = {"programme": programme.pk, "start": programme.phase_start, "end": programme.phase_end}
            if with_scope:
                defaults["scope"] = default_scope(programme).pk
            for key, value in defaults.items():
                if not self.data.get(key):
                    self.data[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} – {p.owner_unit.name}"
        if with_scope:
            self.fields["scope"].queryset = scope_choices(programme)
            self.fields["scope"].label_from_instance = _scope_label
            if self.is_bound and not self._scope_fits():
                # A district of the programme picked before: the new programme starts at its owner.
                self.data["scope"] = str(default_scope(programme).pk)
        else:
            del self.fields["scope"]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def _scope_fits(self) -> bool:
        wanted = str(self.data.get("scope"))
        if wanted == str(self.programme.owner_unit_id):
            return True
        return wanted.isdecimal() and self.fields["scope"].queryset.filter(pk=int(wanted)).exists()

    def clean(self):
        data = super().clean()
        if data.get("preset"):
            data["start"], data["end"] = preset_period(data["preset"], programme=self.programme)
            # The date boxes show the preset's dates, so the next change starts from them.
            self.data = self.data.copy()
            self.data["start"], self.data["end"] = data["start"].isoformat(), data["end"].isoformat()
            self.data.pop("preset", None)
            return data
        if "start" in self.errors or "end" in self.errors:
            return data
        start = data.get("start") or self.programme.phase_start
        end = data.get("end") or self.programme.phase_end
        if start < EARLIEST or end > LATEST:
            self.add_error(
                "start" if start < EARLIEST else "end",
                _("Chọn ngày trong khoảng từ %(earliest)s đến %(latest)s.")
                % {"earliest": EARLIEST.strftime("%d/%m/%Y"), "latest": LATEST.strftime("%d/%m/%Y")},
            )
        elif end < start:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        else:
            data["start"], data["end"] = start, end
        return data

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.cleaned_data["start"], self.cleaned_data["end"]

    def unit(self) -> AdminUnit:
        return self.cleaned_data.get("scope") or default_scope(self.programme)
