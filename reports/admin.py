"""Admin of the reports app (superusers). Build rows are written by the workers: read-only here.
The planner's time of day is django-celery-beat's periodic task "reports-plan-periodic-reviews"."""

from django.contrib import admin

from .models import Award, AwardDecision, Review, ReviewBuild, ReviewSchedule


class BuildInline(admin.TabularInline):
    model = ReviewBuild
    extra = 0
    can_delete = False
    fields = [
        "status",
        "progress",
        "attempts",
        "requested_at",
        "dispatched_at",
        "finished_at",
        "pages",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "scope_unit", "kind", "period_start", "period_end", "scheduled"]
    list_filter = ["kind", "period", "scheduled"]
    search_fields = ["title", "number", "programme__name"]
    raw_id_fields = ["programme", "scope_unit", "created_by"]
    inlines = [BuildInline]


@admin.register(ReviewSchedule)
class ReviewScheduleAdmin(admin.ModelAdmin):
    list_display = ["programme", "quarterly", "yearly", "final", "build"]
    raw_id_fields = ["programme"]


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0
    raw_id_fields = ["commune", "staff_member"]


@admin.register(AwardDecision)
class AwardDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "decided_on", "issuer", "level", "programme"]
    list_filter = ["level"]
    search_fields = ["number", "issuer", "programme__name"]
    raw_id_fields = ["programme", "review"]
    inlines = [AwardInline]
