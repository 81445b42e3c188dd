"""API of the dialogues app. Reads are scoped like the pages; writes go through the same services;
citizens' two public endpoints (submit, status by code) need no account and are throttled per
client by a keyed hash of the address, never the raw address."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from communes.models import AdminUnit, User
from communes.scope import can_configure, can_record, get_in_scope_or_404, visible_units
from friendly_gov import idempotency
from friendly_gov.clients import ClientRateThrottle

from .. import selectors, services
from ..filters import DialogueFilter, FeedbackFilter
from ..models import Category, Commitment, Dialogue, FeedbackItem, Transition


def _call(service, **kwargs):
    """Run a service; its Django ValidationError becomes a DRF 400 with the same messages (a
    submission key reused with another submission, a 422)."""
    try:
        return service(**kwargs)
    except idempotency.KeyReused as error:
        raise idempotency.KeyReusedError from error
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error


def _commune(request, pk: int) -> AdminUnit:
    return get_in_scope_or_404(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), user=request.user, via="", pk=pk
    )


def _ensure_writer(request, commune_id: int) -> None:
    if not can_record(request.user) or not visible_units(request.user).filter(pk=commune_id).exists():
        raise PermissionDenied("Bạn không được ghi số liệu cho đơn vị này.")


class SubmitThrottle(ClientRateThrottle):
    scope = "feedback_submit"
    rate = "5/hour"


class TrackThrottle(ClientRateThrottle):
    scope = "feedback_track"
    rate = "30/min"


# --- Categories ---------


class CategorySerializer(serializers.ModelSerializer):
    shared = serializers.SerializerMethodField(help_text="A national category: changed by superusers only.")

    class Meta:
        model = Category
        fields = ["id", "name", "name_en", "kind", "time_limit_days", "active", "province", "shared"]
        read_only_fields = ["province", "shared"]
        # Names are checked by the service (services.category_save), shared and per province: the
        # model's unique constraints would make a partial update send the name and province too.
        validators = []

    def get_shared(self, category) -> bool:
        return category.province_id is None


class CategoryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Categories and their time limits: the shared (national) ones and your province's. Shared
    categories are written by superusers; a province administrator writes their province's (a new
    one belongs to their province)."""

    serializer_class = CategorySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.category_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = self._data(request)
        category = _call(services.category_save, by=request.user, **data)
        return Response(CategorySerializer(category).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        category = self.get_object()
        current = CategorySerializer(category).data
        data = self._data(request, partial=True)
        merged = {
            "name": current["name"],
            "kind": current["kind"],
            "time_limit_days": current["time_limit_days"],
            "active": current["active"],
            **data,
        }
        category = _call(services.category_save, by=request.user, category=category, **merged)
        return Response(CategorySerializer(category).data)

    def _data(self, request, partial=False) -> dict:
        if not can_configure(request.user):
            raise PermissionDenied("Chỉ cán bộ quản trị cấp tỉnh được cấu hình loại phản ánh.")
        serializer = CategorySerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- Feedback items ---------


STATUS_HELP = "One of: " + ", ".join(FeedbackItem.Status.values)


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None, read_only=True)
    # Plain strings with the values listed: a "status" enum here would collide in the schema with
    # the communes app's status enums (and ENUM_NAME_OVERRIDES lives in the project settings).
    from_status = serializers.CharField(read_only=True, help_text="Empty for the first row. " + STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = Transition
        fields = ["id", "from_status", "to_status", "by", "at", "note"]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    assignee = serializers.IntegerField(source="assignee_id", read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = FeedbackItem
        fields = [
            "id",
            "tracking_code",
            "commune",
            "category",
            "channel",
            "content",
            "citizen_name",
            "citizen_phone",
            "citizen_email",
            "citizen_address",
            "status",
            "assignee",
            "received_on",
            "original_due_on",
            "due_on",
            "is_overdue",
            "resolved_on",
            "closed_on",
            "public_answer",
            "transferred_to",
            "dialogue",
            "box_opening",
            "citizen_resolved",
        ]
        read_only_fields = [
            "tracking_code",
            "status",
            "original_due_on",
            "due_on",
            "resolved_on",
            "closed_on",
            "public_answer",
            "transferred_to",
            "dialogue",
            "box_opening",
            "citizen_resolved",
        ]
        extra_kwargs = {"received_on": {"required": False}}


class FeedbackDetailSerializer(FeedbackSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(FeedbackSerializer.Meta):
        fields = [*FeedbackSerializer.Meta.fields, "transitions"]


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    public_answer = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TransferSerializer(serializers.Serializer):
    transferred_to = serializers.CharField(max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField()


class DuplicateSerializer(serializers.Serializer):
    duplicate_of = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RescheduleSerializer(serializers.Serializer):
    new_due_on = serializers.DateField()
    reason = serializers.CharField()
    signer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class BulkAssignSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=200)
    assignee = serializers.IntegerField()


class FeedbackViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Feedback items of the user's scope. Create logs an item received by an officer; each
    action is one workflow move and writes one audit row."""

    filterset_class = FeedbackFilter

    def get_queryset(self):
        queryset = selectors.feedback_list(user=self.request.user).order_by("due_on", "id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("transitions__by")
        return queryset

    def get_serializer_class(self):
        return FeedbackDetailSerializer if self.action == "retrieve" else FeedbackSerializer

    def create(self, request, *args, **kwargs):
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commune = _commune(request, data.pop("commune_id"))
        _ensure_writer(request, commune.pk)
        item = _call(services.feedback_receive, commune=commune, by=request.user, **data)
        item = self.get_queryset().get(pk=item.pk)
        return Response(FeedbackSerializer(item).data, status=status.HTTP_201_CREATED)

    def _act(self, request, service, serializer_class=None, **extra):
        item = self.get_object()
        _ensure_writer(request, item.commune_id)
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        data.update(extra)
        _call(service, item=item, by=request.user, **data)
        return Response(FeedbackDetailSerializer(self.get_queryset().get(pk=item.pk)).data)

    def _officer(self, pk: int) -> User:
        officer = User.objects.filter(pk=pk).first()
        if officer is None:
            raise ValidationError({"assignee": "Không có cán bộ này."})
        return officer

    @extend_schema(request=AssignSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer = self._officer(data.validated_data["assignee"])
        return self._act(
            request, services.feedback_assign, assignee=officer, note=data.validated_data.get("note", "")
        )

    @extend_schema(
        request=BulkAssignSerializer,
        responses=inline_serializer("BulkAssigned", {"assigned": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="bulk-assign")
    def bulk_assign(self, request):
        data = BulkAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = list(self.get_queryset().filter(pk__in=data.validated_data["items"]))
        if len(items) != len(set(data.validated_data["items"])):
            raise ValidationError({"items": "Có phản ánh không tồn tại hoặc ngoài phạm vi của bạn."})
        for item in items:
            _ensure_writer(request, item.commune_id)
        officer = self._officer(data.validated_data["assignee"])
        count = _call(services.feedback_assign_many, items=items, by=request.user, assignee=officer)
        return Response({"assigned": count})

    @extend_schema(request=NoteSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(request, services.feedback_start, NoteSerializer)

    @extend_schema(request=AnswerSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._act(request, services.feedback_answer, AnswerSerializer)

    @extend_schema(request=NoteSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, services.feedback_close, NoteSerializer)

    @extend_schema(request=TransferSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._act(request, services.feedback_transfer, TransferSerializer)

    @extend_schema(request=RejectSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(request, services.feedback_reject, RejectSerializer)

    @extend_schema(request=DuplicateSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        data = DuplicateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        original = self.get_queryset().filter(pk=data.validated_data["duplicate_of"]).first()
        if original is None:
            raise ValidationError({"duplicate_of": "Không tìm thấy phản ánh gốc trong phạm vi của bạn."})
        return self._act(
            request,
            services.feedback_mark_duplicate,
            duplicate_of=original,
            note=data.validated_data.get("note", ""),
        )

    @extend_schema(request=RescheduleSerializer, responses=FeedbackDetailSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        return self._act(request, services.feedback_reschedule, RescheduleSerializer)


# --- Dialogues and commitments ---------


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "dialogue", "description", "owner", "due_on", "done_on", "done_note"]
        read_only_fields = ["done_on", "done_note"]


class DialogueSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id")
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "commune",
            "held_on",
            "chaired_by",
            "participants",
            "participant_count",
            "topics",
            "commitments",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]


class DialogueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Dialogue meetings (the minutes file is uploaded from the page)."""

    serializer_class = DialogueSerializer
    filterset_class = DialogueFilter

    def get_queryset(self):
        return (
            selectors.dialogue_list(user=self.request.user)
            .prefetch_related("commitments")
            .order_by("-held_on", "-id")
        )

    def create(self, request, *args, **kwargs):
        serializer = DialogueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commune = _commune(request, data.pop("commune_id"))
        _ensure_writer(request, commune.pk)
        dialogue = _call(services.dialogue_record, commune=commune, by=request.user, **data)
        return Response(DialogueSerializer(dialogue).data, status=status.HTTP_201_CREATED)


class CommitmentDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    done_note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CommitmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitmentSerializer

    def get_queryset(self):
        return selectors.commitment_list(user=self.request.user).order_by("due_on", "id")

    def create(self, request, *args, **kwargs):
        serializer = CommitmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dialogue = get_in_scope_or_404(
            Dialogue.objects.select_related("commune"),
            user=request.user,
            via="commune",
            pk=data.pop("dialogue").pk,
        )
        _ensure_writer(request, dialogue.commune_id)
        commitment = _call(services.commitment_add, dialogue=dialogue, by=request.user, **data)
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommitmentDoneSerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        commitment = self.get_object()
        _ensure_writer(request, commitment.dialogue.commune_id)
        data = CommitmentDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commitment = _call(
            services.commitment_complete, commitment=commitment, by=request.user, **data.validated_data
        )
        return Response(CommitmentSerializer(commitment).data)


# --- Indicators ---------


class IndicatorsSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    resolved_on_time = serializers.IntegerField()
    resolved_late = serializers.IntegerField()
    resolved = serializers.IntegerField()
    open_overdue = serializers.IntegerField()
    open_in_time = serializers.IntegerField()
    set_aside = serializers.IntegerField()
    resolution_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    average_handling_days = serializers.FloatField(allow_null=True)
    follow_up_answers = serializers.IntegerField()
    citizen_resolved_rate = serializers.FloatField(allow_null=True)
    dialogues_held = serializers.IntegerField()
    commitments = serializers.IntegerField()
    commitments_kept = serializers.IntegerField()
    commitments_kept_on_time = serializers.IntegerField()
    commitments_overdue = serializers.IntegerField()
    commitments_kept_rate = serializers.FloatField(allow_null=True)


class IndicatorsView(APIView):
    """Resolution rate (open overdue items count against it), handling time, dialogues held and
    commitments kept, over the user's scope or one commune, for a period."""

    @extend_schema(
        parameters=[
            OpenApiParameter("commune", OpenApiTypes.INT, description="One commune of your scope"),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
        ],
        responses=IndicatorsSerializer,
    )
    def get(self, request):
        period = _PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        communes = visible_units(request.user).filter(level=AdminUnit.Level.COMMUNE)
        if period.validated_data.get("commune"):
            communes = communes.filter(pk=_commune(request, period.validated_data["commune"]).pk)
        data = selectors.indicators(
            communes=communes, start=period.validated_data.get("start"), end=period.validated_data.get("end")
        )
        return Response(IndicatorsSerializer(data).data)


class _PeriodSerializer(serializers.Serializer):
    commune = serializers.IntegerField(required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


# --- Citizens, without an account ---------


class PublicSubmitSerializer(serializers.Serializer):
    commune = serializers.IntegerField()
    category = serializers.IntegerField()
    content = serializers.CharField(max_length=5000)
    citizen_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    citizen_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    citizen_email = serializers.EmailField(required=False, allow_blank=True)
    citizen_address = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="Required with citizen_name for a complaint or a denunciation (the laws require them).",
    )
    website = serializers.CharField(required=False, allow_blank=True, help_text="Leave empty (honeypot).")


class PublicStatusSerializer(serializers.ModelSerializer):
    """What a citizen sees by code: status, dates and the public answer, never content or contact."""

    commune_name = serializers.CharField(source="commune.name")
    status = serializers.CharField(help_text=STATUS_HELP)

    class Meta:
        model = FeedbackItem
        fields = [
            "tracking_code",
            "commune_name",
            "status",
            "received_on",
            "due_on",
            "resolved_on",
            "closed_on",
            "public_answer",
        ]


class PublicSubmitView(APIView):
    """A citizen's feedback (no account); answers the tracking code. With an Idempotency-Key, a
    repeated request stores nothing more and answers 201 with the item's public status (as it is
    now) and `Idempotent-Replayed: true`."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SubmitThrottle]

    @extend_schema(
        request=PublicSubmitSerializer,
        parameters=idempotency.KEY_PARAMETERS,
        responses={
            201: PublicStatusSerializer,
            422: OpenApiResponse(description="The Idempotency-Key was used with another body."),
        },
    )
    def post(self, request):
        key = idempotency.request_key(request)
        serializer = PublicSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("website", ""):
            raise ValidationError("Không gửi được biểu mẫu.")
        commune = get_object_or_404(AdminUnit, pk=data.pop("commune"), level=AdminUnit.Level.COMMUNE)
        category = Category.objects.filter(pk=data.pop("category"), active=True).first()
        if category is None:
            raise ValidationError({"category": "Loại phản ánh không hợp lệ."})
        item = _call(
            services.feedback_submit_online, commune=commune, category=category, submission_key=key, **data
        )
        return Response(
            PublicStatusSerializer(item).data,
            status=status.HTTP_201_CREATED,
            headers=idempotency.replay_headers(item),
        )


class PublicStatusView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(responses=PublicStatusSerializer)
    def get(self, request, code: str):
        item = selectors.feedback_by_code(code=services.normalise_code(code))
        if item is None:
            return Response(
                {"detail": "Không tìm thấy phản ánh với mã này."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(PublicStatusSerializer(item).data)
