from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    AdminUnit,
    CalendarDay,
    CalendarYear,
    Enrolment,
    LegalReference,
    Programme,
    ProgrammeDocument,
    User,
)
from .selectors.units import unit_search, units_labelled
from .services.accounts import user_validate_scope


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "era", "parent", "successor"]
    list_filter = ["era", "level", "unit_type"]
    list_select_related = ["parent", "successor"]
    search_fields = ["search_name", "code"]
    autocomplete_fields = ["parent", "current_province", "successor"]
    readonly_fields = ["search_name"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The portal's search in every autocomplete: diacritics optional, parents' and former
        # names too ("tien duc" finds Tiến Đức and Long Hưng, which took it over), best first.
        if search_term.isdigit():
            return queryset.filter(code__startswith=search_term).select_related("parent__parent"), False
        return unit_search(queryset=queryset, q=search_term), False


class UnitAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocompletes (routed in friendly_gov/urls.py in place of the site's), a unit
    labelled as the portal's pickers label it: “Xã Long Hưng, Tỉnh Hưng Yên — trước đây: Xã Tiến
    Đức, ...”, a unit before 01/07/2025 marked so. One more query a page."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.model_admin.model is AdminUnit:
            context["object_list"] = units_labelled(context["object_list"], q=self.term)
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, AdminUnit) and hasattr(obj, "label"):
            extra = obj.formerly if obj.is_current else obj.get_era_display()
            result["text"] = f"{obj.label} — {extra}" if extra else obj.label
        return result


class ScopeValidationMixin:
    """The same role-and-unit rule as every other way of creating a user (services)."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_superuser"):
            try:
                user_validate_scope(
                    role=cleaned.get("role", ""),
                    province=cleaned.get("province"),
                    commune=cleaned.get("commune"),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class UserChangeForm(ScopeValidationMixin, BaseUserAdmin.form):
    pass


class UserCreationForm(ScopeValidationMixin, BaseUserAdmin.add_form):
    class Meta(BaseUserAdmin.add_form.Meta):
        model = User
        fields = ["username"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "get_full_name", "role", "province", "commune", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["province", "commune"]
    autocomplete_fields = ["province", "commune"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Vai trò và phạm vi"), {"fields": ["role", "province", "commune", "position"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Vai trò và phạm vi"), {"fields": ["role", "province", "commune", "position"]}),
    )


class DocumentInline(admin.TabularInline):
    model = ProgrammeDocument
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "owner_unit", "phase_start", "phase_end", "status"]
    list_filter = ["status"]
    list_select_related = ["owner_unit"]
    search_fields = ["name"]
    autocomplete_fields = ["owner_unit", "implements"]
    inlines = [DocumentInline, EnrolmentInline]


@admin.register(LegalReference)
class LegalReferenceAdmin(admin.ModelAdmin):
    """The legal documents the portal cites: a change of law is a new row here (and an end date on
    the old one); every document dated from then on cites the new text."""

    list_display = ["number", "kind", "topic", "issued_on", "in_force_from", "in_force_until", "province"]
    list_filter = ["topic"]
    list_select_related = ["province"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["province"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 1
    fields = ["date", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """The working-day calendar, one year at a time (communes.workdays): the year's holidays,
    compensatory and swapped days off, and the weekend days worked instead, with the documents
    that announced them."""

    list_display = ["year", "day_count"]
    inlines = [CalendarDayInline]

    @admin.display(description=_("số ngày ngoại lệ"))
    def day_count(self, obj: CalendarYear) -> int:
        return obj.days.count()
