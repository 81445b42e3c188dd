"""Admin for superusers. Responses, answers and counts are read-only here: the monthly counts
must change only with the responses, through the services."""

from django.contrib import admin

from .models import (
    Answer,
    Desk,
    MonthlyCount,
    PaperBatch,
    Question,
    ResponseCode,
    Service,
    SurveyResponse,
    SurveyTally,
    SurveyTemplate,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "family", "version", "published_at"]
    inlines = [QuestionInline]
    readonly_fields = ["published_at", "created_at"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "field", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kiosk_interval_seconds", "kiosk_reset_seconds"]
    raw_id_fields = ["commune"]


@admin.register(ResponseCode)
class ResponseCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "commune", "dossier_number", "created_at", "used_at"]
    raw_id_fields = ["commune", "officer", "created_by", "desk", "service"]
    readonly_fields = ["used_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["id", "commune", "channel", "submitted_at", "overall_satisfied"]
    list_filter = ["channel"]
    list_select_related = ["commune"]
    inlines = [AnswerInline]
    show_full_result_count = False


@admin.register(PaperBatch)
class PaperBatchAdmin(ReadOnlyAdmin):
    list_display = ["commune", "collected_on", "expected_forms", "checked_at"]
    list_select_related = ["commune"]


@admin.register(SurveyTally)
class SurveyTallyAdmin(ReadOnlyAdmin):
    list_display = ["commune", "period_start", "period_end", "forms", "satisfied", "note"]
    list_select_related = ["commune"]


@admin.register(MonthlyCount)
class MonthlyCountAdmin(ReadOnlyAdmin):
    list_display = ["month", "commune", "service_key", "officer_key", "forms", "overall_satisfied"]
    list_select_related = ["commune"]
    show_full_result_count = False
