"""Admin of the dialogues app (superusers). The audit history is read-only here as everywhere."""

from django.contrib import admin

from .models import (
    Attachment,
    Category,
    Commitment,
    Dialogue,
    DueDateChange,
    FeedbackItem,
    HistoricTally,
    Transition,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "time_limit_days", "active"]
    list_filter = ["kind", "active", ("province", admin.EmptyFieldListFilter)]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["file", "uploaded_at"]
    readonly_fields = fields


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    """Items change only through the workflow (services), so the admin shows them read-only."""

    list_display = ["tracking_code", "commune", "category", "channel", "status", "received_on", "due_on"]
    list_filter = ["status", "channel", "category"]
    list_select_related = ["commune", "category"]
    search_fields = ["tracking_code"]
    inlines = [TransitionInline, AttachmentInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["item", "from_status", "to_status", "by", "at"]
    list_select_related = ["item", "by"]
    list_filter = ["to_status"]
    search_fields = ["item__tracking_code"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DueDateChange)
class DueDateChangeAdmin(TransitionAdmin):
    list_display = ["number", "item", "previous_due_on", "new_due_on", "by", "at"]
    list_filter = []


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["held_on", "commune", "chaired_by", "participant_count"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "recorded_by"]
    inlines = [CommitmentInline]
    date_hierarchy = "held_on"


@admin.register(HistoricTally)
class HistoricTallyAdmin(admin.ModelAdmin):
    list_display = [
        "commune",
        "period_start",
        "period_end",
        "dialogues_held",
        "resolved_on_time",
        "resolved_late",
        "open_overdue",
    ]
    list_select_related = ["commune"]
    raw_id_fields = ["commune"]
