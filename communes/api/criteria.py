"""Criteria sets, self-assessments and the ranking. Reads are scoped like the pages; writes call
the same services (communes.services.criteria), so the rules and their Vietnamese messages are
the same on the page and in the API."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ..filters.criteria import AssessmentFilter, CriteriaSetFilter, RankingFilter
from ..models import (
    AdminUnit,
    AssessmentScore,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    EvidenceFile,
    Programme,
    SelfAssessment,
)
from ..scope import (
    ConfigureOrReadOnly,
    can_configure,
    can_record,
    scope_queryset,
    visible_units,
)
from ..selectors import criteria as selectors
from ..services import criteria as services
from .units import UnitBriefSerializer


@contextmanager
def service_errors():
    """A service's Django ValidationError answers 400 with its messages (by field where given)."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(error.message_dict) from error
        raise serializers.ValidationError({"non_field_errors": error.messages}) from error


# --- Criteria sets ----------------------------------------------------------------------------------


class SubCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "title", "max_score", "order", "parent"]


class CriterionTreeSerializer(serializers.ModelSerializer):
    children = SubCriterionSerializer(source="sub_criteria", many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "code", "title", "max_score", "order", "parent", "children"]


class GroupTreeSerializer(serializers.ModelSerializer):
    total_max = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    criteria = CriterionTreeSerializer(source="top_criteria", many=True, read_only=True)

    class Meta:
        model = CriteriaGroup
        fields = ["id", "order", "title", "total_max", "criteria"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    total_max = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    leaf_count = serializers.IntegerField(read_only=True)
    is_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "programme",
            "version",
            "title",
            "issued_by",
            "published_at",
            "is_published",
            "total_max",
            "leaf_count",
        ]
        read_only_fields = ["programme", "version", "published_at"]


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    groups = GroupTreeSerializer(source="tree_groups", many=True, read_only=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "groups"]


class SubCriterionInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)
    title = serializers.CharField(max_length=500)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)


class CriterionInputSerializer(SubCriterionInputSerializer):
    children = SubCriterionInputSerializer(many=True, required=False)


class GroupInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    criteria = CriterionInputSerializer(many=True, required=False)


class CriteriaSetCreateSerializer(serializers.Serializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    title = serializers.CharField(max_length=255)
    issued_by = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    groups = GroupInputSerializer(many=True, required=False)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["programme"].queryset = selectors.programmes_for_criteria(user=request.user)
        return fields


class CriteriaSetUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    issued_by = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")


class CriteriaSetViewSet(viewsets.ModelViewSet):
    """Criteria sets of the programmes in the user's scope; the detail has the groups, criteria
    and sub-criteria with their maxima. Province administrators create (optionally with nested
    groups and criteria), edit and delete unpublished sets, publish them and start new
    versions; a published set never changes."""

    permission_classes = [ConfigureOrReadOnly]
    filterset_class = CriteriaSetFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.criteria_set_list(user=self.request.user).order_by("programme_id", "-version")

    def get_serializer_class(self):
        if self.action == "create":
            return CriteriaSetCreateSerializer
        if self.action in {"update", "partial_update"}:
            return CriteriaSetUpdateSerializer
        if self.action in {"retrieve", "publish", "new_version"}:
            return CriteriaSetDetailSerializer
        return CriteriaSetSerializer

    def _detail(self, pk: int, *, code=status.HTTP_200_OK) -> Response:
        criteria_set = self.get_queryset().get(pk=pk)
        criteria_set.tree_groups = selectors.criteria_set_tree(criteria_set=criteria_set)["groups"]
        return Response(
            CriteriaSetDetailSerializer(criteria_set, context=self.get_serializer_context()).data, status=code
        )

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object().pk)

    @extend_schema(request=CriteriaSetCreateSerializer, responses={201: CriteriaSetDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CriteriaSetCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with service_errors():
            criteria_set = services.criteria_set_create(by=request.user, **serializer.validated_data)
        return self._detail(criteria_set.pk, code=status.HTTP_201_CREATED)

    @extend_schema(request=CriteriaSetUpdateSerializer, responses=CriteriaSetDetailSerializer)
    def update(self, request, *args, **kwargs):
        criteria_set = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = CriteriaSetUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {"title": criteria_set.title, "issued_by": criteria_set.issued_by, **serializer.validated_data}
        with service_errors():
            services.criteria_set_update(criteria_set=criteria_set, by=request.user, **data)
        return self._detail(criteria_set.pk)

    def destroy(self, request, *args, **kwargs):
        criteria_set = self.get_object()
        with service_errors():
            services.criteria_set_delete(criteria_set=criteria_set, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=CriteriaSetDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        criteria_set = self.get_object()
        with service_errors():
            services.criteria_set_publish(criteria_set=criteria_set, by=request.user)
        return self._detail(criteria_set.pk)

    @extend_schema(request=None, responses={201: CriteriaSetDetailSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        criteria_set = self.get_object()
        with service_errors():
            copy = services.criteria_set_new_version(criteria_set=criteria_set, by=request.user)
        return self._detail(copy.pk, code=status.HTTP_201_CREATED)


class CriteriaGroupSerializer(serializers.ModelSerializer):
    criteria_set = serializers.PrimaryKeyRelatedField(queryset=CriteriaSet.objects.none())
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)

    class Meta:
        model = CriteriaGroup
        fields = ["id", "criteria_set", "order", "title"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["criteria_set"].queryset = scope_queryset(
                CriteriaSet.objects.all(), user=request.user, via=selectors.SET_SCOPE
            )
        if self.instance is not None:
            fields["criteria_set"].read_only = True
        return fields


class CriteriaGroupViewSet(viewsets.ModelViewSet):
    """Groups of criteria sets in scope; administrators add, rename and delete them while the
    set is unpublished."""

    serializer_class = CriteriaGroupSerializer
    permission_classes = [ConfigureOrReadOnly]
    filterset_fields = ["criteria_set"]

    def get_queryset(self):
        return (
            scope_queryset(CriteriaGroup.objects.all(), user=self.request.user, via=selectors.GROUP_SCOPE)
            .select_related("criteria_set__programme")
            .order_by("criteria_set_id", "order", "id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.group_create(
                criteria_set=data["criteria_set"],
                by=self.request.user,
                title=data["title"],
                order=data.get("order"),
            )

    def perform_update(self, serializer):
        group = serializer.instance
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.group_update(
                group=group,
                by=self.request.user,
                title=data.get("title", group.title),
                order=data.get("order"),
            )

    def perform_destroy(self, instance):
        with service_errors():
            services.group_delete(group=instance, by=self.request.user)


class CriterionSerializer(serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=CriteriaGroup.objects.none())
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.none(), required=False, allow_null=True
    )
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)

    class Meta:
        model = Criterion
        fields = ["id", "group", "parent", "order", "code", "title", "max_score"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["group"].queryset = scope_queryset(
                CriteriaGroup.objects.all(), user=request.user, via=selectors.GROUP_SCOPE
            )
            fields["parent"].queryset = scope_queryset(
                Criterion.objects.all(), user=request.user, via=selectors.CRITERION_SCOPE
            )
        if self.instance is not None:
            fields["group"].read_only = True
            fields["parent"].read_only = True
        return fields


class CriterionViewSet(viewsets.ModelViewSet):
    """Criteria and sub-criteria (with `parent`) of sets in scope. A criterion with sub-criteria
    is worth the sum of theirs and is scored through them."""

    serializer_class = CriterionSerializer
    permission_classes = [ConfigureOrReadOnly]
    filterset_fields = ["group", "parent"]

    def get_queryset(self):
        return (
            scope_queryset(Criterion.objects.all(), user=self.request.user, via=selectors.CRITERION_SCOPE)
            .select_related("group__criteria_set__programme")
            .order_by("group_id", "order", "id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.criterion_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        criterion = serializer.instance
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.criterion_update(
                criterion=criterion,
                by=self.request.user,
                code=data.get("code", criterion.code),
                title=data.get("title", criterion.title),
                max_score=data.get("max_score"),
                order=data.get("order"),
            )

    def perform_destroy(self, instance):
        with service_errors():
            services.criterion_delete(criterion=instance, by=self.request.user)


# --- Self-assessments -------------------------------------------------------------------------------


class AssessmentPermission(permissions.BasePermission):
    """Reads for any signed-in user (scoped queryset); scoring for those who record (officers,
    administrators); verification for administrators. A province viewer never writes."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) in {"review", "verify", "return_to_commune"}:
            return can_configure(user)
        return can_record(user)


class EvidenceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "caption", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("communes:file", args=["evidence", obj.pk])


class CriterionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "title", "max_score"]


class ScoreSerializer(serializers.ModelSerializer):
    criterion = CriterionBriefSerializer(read_only=True)
    files = EvidenceFileSerializer(many=True, read_only=True)
    final_score = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentScore
        fields = [
            "id",
            "criterion",
            "self_score",
            "evidence",
            "verified_score",
            "verifier_comment",
            "final_score",
            "files",
        ]

    def get_final_score(self, obj) -> str:
        value = obj.verified_score if obj.verified_score is not None else obj.self_score
        return f"{value:.2f}"


class AssessmentSerializer(serializers.ModelSerializer):
    commune = UnitBriefSerializer(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft | submitted | verified")
    self_total = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    final_total = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    max_total = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    scored_count = serializers.IntegerField(read_only=True)
    leaf_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "commune",
            "criteria_set",
            "period_start",
            "period_end",
            "period_label",
            "due_on",
            "status",
            "submitted_at",
            "verified_at",
            "verified_by",
            "verifier_note",
            "returned_at",
            "return_reason",
            "self_total",
            "final_total",
            "max_total",
            "scored_count",
            "leaf_count",
        ]


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = ScoreSerializer(source="sheet_scores", many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "scores"]


class RankingSerializer(AssessmentSerializer):
    rank = serializers.IntegerField(read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = ["rank", *AssessmentSerializer.Meta.fields]


class AssessmentStartSerializer(serializers.Serializer):
    criteria_set = serializers.PrimaryKeyRelatedField(queryset=CriteriaSet.objects.none())
    commune = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.none())
    period_label = serializers.CharField(max_length=60)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["criteria_set"].queryset = scope_queryset(
                CriteriaSet.objects.select_related("programme"), user=request.user, via=selectors.SET_SCOPE
            )
            fields["commune"].queryset = visible_units(request.user).filter(level=AdminUnit.Level.COMMUNE)
        return fields


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    self_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)


class EvidenceUploadSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    file = serializers.FileField()
    caption = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ReviewInputSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    verified_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, required=False)
    verifier_comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewsInputSerializer(serializers.Serializer):
    reviews = ReviewInputSerializer(many=True, required=False)


class VerifyInputSerializer(ReviewsInputSerializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The verifier's overall comment."
    )


class ReturnInputSerializer(serializers.Serializer):
    # Blank passes here so that the service answers with its own message.
    reason = serializers.CharField(max_length=2000, allow_blank=True, help_text="Shown to the commune.")


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Self-assessments of the communes in the user's scope, with totals (the detail lists each
    score with its evidence files). An officer starts one for their commune (`POST`), saves
    scores, attaches evidence and submits; a province administrator reviews and verifies."""

    permission_classes = [AssessmentPermission]
    filterset_class = AssessmentFilter
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return selectors.assessment_list(user=self.request.user).order_by("-period_start", "id")

    def get_serializer_class(self):
        if self.action == "list":
            return AssessmentSerializer
        if self.action == "create":
            return AssessmentStartSerializer
        return AssessmentDetailSerializer

    def _detail(self, pk: int, *, code=status.HTTP_200_OK) -> Response:
        assessment = self.get_queryset().get(pk=pk)
        sheet = selectors.assessment_sheet(assessment=assessment)
        assessment.sheet_scores = [leaf.score for leaf in sheet["leaves"] if leaf.score is not None]
        for score in assessment.sheet_scores:
            score.criterion = next(leaf for leaf in sheet["leaves"] if leaf.pk == score.criterion_id)
        data = AssessmentDetailSerializer(assessment, context=self.get_serializer_context()).data
        return Response(data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object().pk)

    @extend_schema(request=AssessmentStartSerializer, responses={201: AssessmentDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AssessmentStartSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with service_errors():
            assessment = services.assessment_start(by=request.user, **serializer.validated_data)
        return self._detail(assessment.pk, code=status.HTTP_201_CREATED)

    @extend_schema(request=ScoresInputSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """Save the commune's own scores (all or nothing; errors keyed by criterion code)."""
        assessment = self.get_object()
        serializer = ScoresInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.assessment_scores_save(
                assessment=assessment, by=request.user, entries=serializer.validated_data["scores"]
            )
        return self._detail(assessment.pk)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceFileSerializer}
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """Attach one evidence file (PDF or photo) to a scored criterion."""
        assessment = self.get_object()
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        criterion = Criterion.objects.filter(
            group__criteria_set_id=assessment.criteria_set_id, pk=data["criterion"]
        ).first()
        if criterion is None:
            raise serializers.ValidationError(
                {"criterion": [_("Tiêu chí không thuộc bộ tiêu chí của bản tự đánh giá này.")]}
            )
        with service_errors():
            record = services.evidence_file_add(
                assessment=assessment,
                criterion=criterion,
                by=request.user,
                file=data["file"],
                caption=data["caption"],
            )
        return Response(EvidenceFileSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        assessment = self.get_object()
        with service_errors():
            services.assessment_submit(assessment=assessment, by=request.user)
        return self._detail(assessment.pk)

    @extend_schema(request=ReviewsInputSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Record verified scores and comments without closing the verification."""
        assessment = self.get_object()
        serializer = ReviewsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.assessment_review(
                assessment=assessment, by=request.user, reviews=serializer.validated_data.get("reviews", [])
            )
        return self._detail(assessment.pk)

    @extend_schema(request=VerifyInputSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Record the reviews given, accept the other scores, keep the overall note and mark the
        assessment verified."""
        assessment = self.get_object()
        serializer = VerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.assessment_verify(
                assessment=assessment,
                by=request.user,
                reviews=serializer.validated_data.get("reviews"),
                note=serializer.validated_data["note"],
            )
        return self._detail(assessment.pk)

    @extend_schema(request=ReturnInputSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_commune(self, request, pk=None):
        """Send a submitted assessment back to the commune with the reason: a draft again, the
        per-criterion comments kept, the decided scores cleared."""
        assessment = self.get_object()
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.assessment_return(
                assessment=assessment, by=request.user, reason=serializer.validated_data["reason"]
            )
        return self._detail(assessment.pk)


class RankingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Communes ranked by final total within each criteria set and period (the ranking page's
    selector); filter by programme, criteria_set, period_label, verified_only."""

    serializer_class = RankingSerializer
    filterset_class = RankingFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.ranking(user=self.request.user)
