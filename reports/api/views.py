"""API of the reports app: reviews and their figures (the same selectors as the PDF and the
dashboard), PDF builds requested and followed, award decisions. Reads are scoped like the pages;
writes go through the same services."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import override
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from communes.scope import get_in_scope_or_404
from friendly_gov.pdf import pdf_response, render_pdf

from ..models import Award, AwardDecision, Review, ReviewBuild
from ..selectors import (
    build_in_scope,
    build_state,
    decision_document,
    decision_list,
    review_draft_reasons,
    review_figures,
    review_list,
    scope_communes,
)
from ..services import builds as build_services
from ..services import reviews as review_services


class BuildSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(
        help_text="unsent, queued, retrying, running, silent, done or failed (see state_message)"
    )
    state_message = serializers.SerializerMethodField(help_text="The state in words, in the user's language")

    class Meta:
        model = ReviewBuild
        fields = [
            "id",
            "review",
            "status",
            "progress",
            "stage",
            "error",
            "attempts",
            "requested_at",
            "dispatched_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "state",
            "state_message",
            "pages",
            "size",
            "download_url",
        ]

    def get_state(self, build) -> str:
        return build_state(build=build).code

    def get_state_message(self, build) -> str:
        return build_state(build=build).message

    def get_download_url(self, build) -> str | None:
        if build.status != ReviewBuild.Status.DONE:
            return None
        return self.context["request"].build_absolute_uri(reverse("review-build-pdf", args=[build.pk]))


class ReviewSerializer(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    scope_unit_name = serializers.CharField(source="scope_unit.name", read_only=True)
    has_pdf = serializers.BooleanField(read_only=True)
    draft_reasons = serializers.SerializerMethodField(
        help_text="What keeps the PDF a draft (DỰ THẢO): a missing number, signer or evaluation section"
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "programme",
            "programme_name",
            "scope_unit",
            "scope_unit_name",
            "kind",
            "period",
            "period_start",
            "period_end",
            "title",
            "number",
            "issuer",
            "place",
            "report_date",
            "conference_date",
            "conference_place",
            "signer_name",
            "signer_title",
            *Review.EVALUATION_FIELDS,
            "recipients",
            "scheduled",
            "has_pdf",
            "draft_reasons",
        ]

    def get_draft_reasons(self, review) -> list[str]:
        return review_draft_reasons(review=review)


class EvaluationSerializer(serializers.ModelSerializer):
    """The evaluation staff write before the build; the fields sent are changed, the others kept."""

    class Meta:
        model = Review
        fields = [*Review.EVALUATION_FIELDS, "recipients"]


FiguresSerializer = inline_serializer(
    "ReviewFigures",
    {
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "communes": serializers.IntegerField(),
        "enrolled": serializers.IntegerField(),
        "pilots": serializers.IntegerField(),
        "rollout_share": serializers.FloatField(allow_null=True),
        "letters": serializers.DictField(child=serializers.IntegerField()),
        "survey": serializers.DictField(),
        "feedback": serializers.DictField(),
        "assessed": serializers.IntegerField(),
    },
)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Reviews of the units you may see; `figures` gives the review's indicators, `build` asks for
    its PDF (province administrators; 202 with the build, the running one if there is one)."""

    serializer_class = ReviewSerializer

    def get_queryset(self):
        return review_list(user=self.request.user).order_by("-period_end", "-id")

    @extend_schema(responses=FiguresSerializer)
    @action(detail=True)
    def figures(self, request, pk=None):
        review = self.get_object()
        figures = review_figures(
            programme=review.programme,
            communes=scope_communes(unit=review.scope_unit, programme=review.programme),
            start=review.period_start,
            end=review.period_end,
        )
        survey = figures.survey
        return Response(
            {
                "start": figures.start,
                "end": figures.end,
                "communes": figures.communes,
                "enrolled": figures.enrolled,
                "pilots": figures.pilots,
                "rollout_share": figures.rollout_share,
                "letters": figures.activity,
                "survey": {"forms": survey.forms, "overall": survey.overall, "factors": survey.factors},
                "feedback": {**figures.feedback, "received_all": figures.feedback_received},
                "assessed": figures.assessed,
            }
        )

    @extend_schema(request=EvaluationSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["patch"])
    def evaluation(self, request, pk=None):
        """Write the evaluation sections (province administrators), through the same service as the
        review's edit page."""
        review = self.get_object()
        serializer = EvaluationSerializer(review, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            review_services.review_update(by=request.user, review=review, **serializer.validated_data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise serializers.ValidationError(detail) from error
        review = self.get_queryset().get(pk=review.pk)
        return Response(ReviewSerializer(review, context={"request": request}).data)

    @extend_schema(request=None, responses={202: BuildSerializer})
    @action(detail=True, methods=["post"])
    def build(self, request, pk=None):
        review = self.get_object()
        try:
            build = build_services.build_request(review=review, by=request.user)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        build.refresh_from_db()  # sent to the workers (or not) once the request committed
        return Response(
            BuildSerializer(build, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )


class BuildViewSet(viewsets.ReadOnlyModelViewSet):
    """PDF builds of the reviews you may see: status and progress; `pdf` downloads a finished one."""

    serializer_class = BuildSerializer

    def get_queryset(self):
        return build_in_scope(user=self.request.user).order_by("-requested_at", "-id")

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True)
    def pdf(self, request, pk=None):
        build = get_in_scope_or_404(self.get_queryset(), user=request.user, via="review__scope_unit", pk=pk)
        if build.status != ReviewBuild.Status.DONE or not build.file:
            raise Http404
        return FileResponse(build.file.open("rb"), content_type="application/pdf", as_attachment=True)


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = ["id", "kind", "status", "honorific", "name", "position", "commune", "achievement", "rank"]


class DecisionSerializer(serializers.ModelSerializer):
    awards = AwardSerializer(many=True, read_only=True)

    class Meta:
        model = AwardDecision
        fields = [
            "id",
            "programme",
            "review",
            "number",
            "decided_on",
            "issuer",
            "signer_name",
            "signer_title",
            "level",
            "reason",
            "stated_collectives",
            "stated_individuals",
            "stated_recipients",
            "proposed_by",
            "reward",
            "executors",
            "awards",
        ]


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Award decisions of the programmes you may see, with their awardees."""

    serializer_class = DecisionSerializer

    def get_queryset(self):
        return decision_list(user=self.request.user).prefetch_related("awards").order_by("-decided_on", "-id")

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True)
    def pdf(self, request, pk=None):
        """The decision as an official document with its attached list (as /awards/{id}/decision.pdf)."""
        decision = self.get_object()
        with override(settings.LANGUAGE_CODE):
            pdf = render_pdf("pdf/award_decision.html", decision_document(decision=decision))
        return pdf_response(pdf, f"quyet-dinh-khen-thuong-{decision.pk}")
