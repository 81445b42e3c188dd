"""API of the activity log. Reads are scoped like the pages; writes go through the same services
(officers for their commune, province administrators for theirs, viewers never)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ..filters.activity import ActivityFilter, dated_filter
from ..models import (
    ActivityImport,
    ActivityRecord,
    AdminUnit,
    FacilityCheck,
    FacilityCheckItem,
    FollowUpTask,
    InspectionVisit,
    SuggestionBoxOpening,
)
from ..scope import get_in_scope_or_404
from ..selectors import activity as selectors
from ..services import activity as services
from ..services import activity_import as import_services


def _commune(request, pk: int) -> AdminUnit:
    return get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), user=request.user, via="", pk=pk
    )


def _call(service, **kwargs):
    """Run a service; its Django ValidationError becomes a DRF 400 with the same messages."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error


class ScopedCreateMixin:
    def perform_create(self, serializer):
        serializer.instance = self.create_with_service(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self.get_serializer(serializer.instance).data, status=status.HTTP_201_CREATED)


class ActivityRecordSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")
    occurred_on = serializers.DateField(
        write_only=True, required=False, help_text="One letter or ceremony on this day (count 1)."
    )

    class Meta:
        model = ActivityRecord
        fields = [
            "id",
            "commune",
            "kind",
            "occurred_on",
            "period_start",
            "period_end",
            "count",
            "recipient",
            "note",
            "source",
            "recorded_at",
        ]
        read_only_fields = ["source", "recorded_at"]
        extra_kwargs = {
            "period_start": {"required": False},
            "period_end": {"required": False},
            "count": {"required": False},
        }

    def validate(self, data):
        if "occurred_on" not in data and not {"period_start", "period_end", "count"} <= data.keys():
            raise ValidationError(
                "Cần occurred_on (một lượt) hoặc period_start, period_end và count (số liệu theo kỳ)."
            )
        return data


class ActivityImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(error_messages={"required": "Chưa chọn tệp."})
    confirm_duplicate = serializers.BooleanField(
        default=False, help_text="Import a file already imported for one of the same communes."
    )


class ActivityImportSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    communes = serializers.SerializerMethodField()

    class Meta:
        model = ActivityImport
        fields = [
            "id",
            "file_name",
            "sha256",
            "communes",
            "rows",
            "total",
            "confirmed_duplicate",
            "recorded_by",
            "recorded_at",
        ]

    def get_communes(self, obj) -> list[int]:
        # The prefetched communes the reader sees (see selectors.activity_import_list).
        return [commune.pk for commune in obj.communes.all()]


class ActivityRecordViewSet(ScopedCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Letters and ceremonies: single entries (occurred_on) or period totals."""

    serializer_class = ActivityRecordSerializer
    filterset_class = ActivityFilter

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user).order_by("-period_end", "-id")

    def create_with_service(self, data):
        commune = _commune(self.request, data["commune_id"])
        if "occurred_on" in data:
            return _call(
                services.activity_record,
                commune=commune,
                by=self.request.user,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                recipient=data.get("recipient", ""),
                note=data.get("note", ""),
            )
        return _call(
            services.activity_tally,
            commune=commune,
            by=self.request.user,
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            count=data["count"],
            note=data.get("note", ""),
        )

    @extend_schema(
        request={"multipart/form-data": ActivityImportRequestSerializer},
        responses={201: None, 400: None, 409: None},
        summary="Import period totals from CSV or XLSX, all or nothing",
        description=(
            "201 with the rows created, their total and the import's id; 400 with the errors, each "
            "naming its line and column; 409 when the same file was already imported for one of "
            "the same communes (the earlier import in `duplicate_of`): send it again with "
            "`confirm_duplicate=true` to import it anyway. Nothing is written unless 201."
        ),
    )
    @action(detail=False, methods=["post"], parser_classes=[parsers.MultiPartParser], url_path="import")
    def import_file(self, request):
        form = ActivityImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            result = import_services.activity_import(
                upload=form.validated_data["file"],
                by=request.user,
                confirm_duplicate=form.validated_data["confirm_duplicate"],
            )
        except import_services.DuplicateImport as rejected:
            return Response(
                {
                    "errors": [str(e) for e in rejected.errors],
                    "duplicate_of": {
                        "id": rejected.earlier.pk,
                        "file_name": rejected.earlier.file_name,
                        "rows": rejected.earlier.rows,
                        "recorded_by": getattr(rejected.earlier.recorded_by, "username", None),
                        "recorded_at": rejected.earlier.recorded_at,
                    },
                },
                status=status.HTTP_409_CONFLICT,
            )
        except import_services.ImportRejected as rejected:
            return Response({"errors": [str(e) for e in rejected.errors]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"created": result.created, "total": result.total, "import": result.record.pk},
            status=status.HTTP_201_CREATED,
        )


class ActivityImportViewSet(viewsets.ReadOnlyModelViewSet):
    """Imports of activity history: who imported which file (its SHA-256) for which communes,
    when, with how many rows. Officers see their commune's, province staff their province's."""

    serializer_class = ActivityImportSerializer

    def get_queryset(self):
        return selectors.activity_import_list(user=self.request.user)


class BoxOpeningSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")

    class Meta:
        model = SuggestionBoxOpening
        fields = ["id", "commune", "opened_on", "witnesses", "letters_found", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class BoxOpeningViewSet(ScopedCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BoxOpeningSerializer
    filterset_class = dated_filter(SuggestionBoxOpening, "opened_on")

    def get_queryset(self):
        return selectors.box_opening_list(user=self.request.user).order_by("-opened_on", "-id")

    def create_with_service(self, data):
        return _call(
            services.box_opening_record,
            commune=_commune(self.request, data.pop("commune_id")),
            by=self.request.user,
            **data,
        )


class CheckItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = FacilityCheckItem
        fields = ["item", "present", "note"]


class FacilityCheckSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")
    items = CheckItemSerializer(many=True)

    class Meta:
        model = FacilityCheck
        fields = ["id", "commune", "checked_on", "note", "items", "recorded_at"]
        read_only_fields = ["recorded_at"]


class FacilityCheckViewSet(ScopedCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Facilities checklists; every item must be given. Photos are added from the page."""

    serializer_class = FacilityCheckSerializer
    filterset_class = dated_filter(FacilityCheck, "checked_on")

    def get_queryset(self):
        return (
            selectors.facility_check_list(user=self.request.user)
            .prefetch_related("items")
            .order_by("-checked_on", "-id")
        )

    def create_with_service(self, data):
        return _call(
            services.facility_check_record,
            commune=_commune(self.request, data["commune_id"]),
            by=self.request.user,
            checked_on=data["checked_on"],
            note=data.get("note", ""),
            items={item["item"]: (item["present"], item.get("note", "")) for item in data["items"]},
        )


class FollowUpTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpTask
        fields = ["id", "description", "owner", "due_on", "completed_on", "completion_note"]
        read_only_fields = ["completed_on", "completion_note"]


class InspectionSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")
    tasks = FollowUpTaskSerializer(many=True, required=False)

    class Meta:
        model = InspectionVisit
        fields = [
            "id",
            "commune",
            "visited_on",
            "visitor",
            "visitor_title",
            "findings",
            "tasks",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class InspectionViewSet(ScopedCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection visits with their follow-up tasks."""

    serializer_class = InspectionSerializer
    filterset_class = dated_filter(InspectionVisit, "visited_on")

    def get_queryset(self):
        return (
            selectors.inspection_list(user=self.request.user)
            .prefetch_related("tasks")
            .order_by("-visited_on", "-id")
        )

    def create_with_service(self, data):
        return _call(
            services.inspection_record,
            commune=_commune(self.request, data["commune_id"]),
            by=self.request.user,
            visited_on=data["visited_on"],
            visitor=data["visitor"],
            visitor_title=data.get("visitor_title", ""),
            findings=data["findings"],
            tasks=data.get("tasks", []),
        )


class CompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    completion_note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class FollowUpTaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FollowUpTaskSerializer

    def get_queryset(self):
        return selectors.follow_up_list(user=self.request.user).order_by("due_on", "id")

    @extend_schema(request=CompleteSerializer, responses=FollowUpTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = _call(services.follow_up_complete, task=task, by=request.user, **data.validated_data)
        return Response(FollowUpTaskSerializer(task).data)
