"""Surveys API. Kiosk apps POST responses without an account (throttled per keyed-hash client,
the same service and rules as the public form); results are read by signed-in users within their
scope, from the same selector as the pages."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from communes.models import AdminUnit, Programme, User
from communes.scope import get_in_scope_or_404, scope_queryset
from friendly_gov import idempotency
from friendly_gov.clients import ClientRateThrottle

from .. import selectors, services
from ..forms import MonthField
from ..models import SIPAS_FACTORS, Desk, Question, Service, SurveyResponse, SurveyTemplate


class SurveySubmitThrottle(ClientRateThrottle):
    scope = "survey_submit"

    def get_rate(self):
        return getattr(settings, "SURVEYS_API_RATE", "30/min")


# --- Templates (public read: a kiosk app renders the questions) -------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    question_kind = serializers.ChoiceField(source="kind", choices=Question.Kind.choices, read_only=True)
    sipas_factor = serializers.CharField(source="factor", read_only=True)
    sipas_aspect = serializers.CharField(source="aspect", read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "order",
            "text",
            "help_text",
            "question_kind",
            "required",
            "options",
            "sipas_factor",
            "sipas_aspect",
            "in_kiosk",
        ]


class TemplateSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyTemplate
        fields = ["id", "family", "version", "title", "intro", "published_at", "questions"]


class SurveyTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Published survey templates with their questions (no account needed)."""

    serializer_class = TemplateSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    pagination_class = None

    queryset = SurveyTemplate.objects.filter(published_at__isnull=False).prefetch_related("questions")

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False):
            selectors.template_current()  # the default SIPAS template exists from the first read
        return super().get_queryset()


# --- Public submission -------------------------------------------------------------------------------


class ResponseSubmitSerializer(serializers.Serializer):
    commune = serializers.IntegerField(required=False, help_text="Commune id; not needed with a code.")
    template = serializers.IntegerField(required=False, help_text="Published template id; default: current.")
    response_channel = serializers.ChoiceField(
        choices=[SurveyResponse.Channel.API, SurveyResponse.Channel.KIOSK],
        default=SurveyResponse.Channel.API,
        help_text="kiosk: only the questions marked in_kiosk are asked.",
    )
    desk = serializers.IntegerField(required=False)
    service = serializers.IntegerField(required=False)
    officer = serializers.IntegerField(required=False)
    code = serializers.CharField(required=False, allow_blank=True, max_length=20, help_text="One-time code.")
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Answers by question id: {"12": 5, "13": [0, 2], "14": "text"}.',
    )
    answered_at = serializers.DateTimeField(
        required=False,
        help_text=(
            "When the citizen answered, for a response sent later (a kiosk's offline queue): at most "
            "30 days ago and not ahead of the server's clock by more than 10 minutes. Default: now."
        ),
    )
    website = serializers.CharField(required=False, allow_blank=True, help_text="Honeypot: leave empty.")


class ResponseCreatedSerializer(serializers.Serializer):
    # Plain fields rather than a ModelSerializer: built on every submission, without reading the
    # model's fields each time.
    id = serializers.IntegerField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True)
    template = serializers.IntegerField(source="template_id", read_only=True)


class ResponseSubmitView(APIView):
    """Submit one anonymous response (kiosk apps, partners). Same rules as the public form. With an
    Idempotency-Key (a kiosk replaying its queue sends one per tap), a repeated request stores
    and counts nothing more and answers 201 with the same body and `Idempotent-Replayed: true`."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [SurveySubmitThrottle]

    @extend_schema(
        request=ResponseSubmitSerializer,
        parameters=idempotency.KEY_PARAMETERS,
        responses={
            201: ResponseCreatedSerializer,
            422: OpenApiResponse(description="The Idempotency-Key was used with another body."),
        },
    )
    def post(self, request):
        key = idempotency.request_key(request)
        serializer = ResponseSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("website"):
            raise ValidationError("Không gửi được biểu mẫu.")
        if data.get("template"):
            template = selectors.template_published(data["template"])
            if template is None:
                raise Http404
        else:
            template = selectors.template_current()
        code = data.get("code", "")
        commune = None
        if not code:
            if not data.get("commune"):
                raise ValidationError({"commune": "Cần mã xã (commune) hoặc mã đánh giá (code)."})
            commune = selectors.posted_commune(data["commune"])
            if commune is None:
                raise Http404
        desk = get_object_or_404(Desk, pk=data["desk"]) if data.get("desk") else None
        service = (
            get_object_or_404(Service, pk=data["service"], is_active=True) if data.get("service") else None
        )
        officer = (
            get_object_or_404(User, pk=data["officer"], role=User.Role.COMMUNE_OFFICER)
            if data.get("officer")
            else None
        )
        try:
            response = services.response_submit(
                template=template,
                commune=commune,
                answers=data["answers"],
                channel=data["response_channel"],
                desk=desk,
                service=service,
                officer=officer,
                code=code,
                answered_at=data.get("answered_at"),
                submission_key=key,
            )
        except idempotency.KeyReused as error:
            raise idempotency.KeyReusedError from error
        except DjangoValidationError as error:
            detail = (
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            )
            raise ValidationError(detail) from error
        return Response(
            ResponseCreatedSerializer(response).data,
            status=status.HTTP_201_CREATED,
            headers=idempotency.replay_headers(response),
        )


# --- Results (authenticated, scoped) -----------------------------------------------------------------


class IndexSerializer(serializers.Serializer):
    forms = serializers.IntegerField()
    overall = serializers.FloatField(allow_null=True, help_text="Share satisfied (0-1), null: no answer.")
    overall_answered = serializers.IntegerField()
    factors = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text=str(SIPAS_FACTORS)
    )


class TrendPointSerializer(serializers.Serializer):
    period = serializers.DateField()
    label = serializers.CharField()
    index = IndexSerializer()


class DistributionRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class DistributionSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    text = serializers.CharField()
    total = serializers.IntegerField()
    rows = DistributionRowSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    index = IndexSerializer()
    pilot = IndexSerializer()
    non_pilot = IndexSerializer()
    trend = TrendPointSerializer(many=True)
    distributions = DistributionSerializer(many=True)


class CommuneResultSerializer(serializers.Serializer):
    commune = serializers.IntegerField()
    name = serializers.CharField()
    index = IndexSerializer()


RESULT_PARAMETERS = [
    OpenApiParameter("commune", int, description="Commune id (404 outside your scope)."),
    OpenApiParameter("service", int),
    OpenApiParameter("officer", int),
    OpenApiParameter("month_from", str, description="mm/yyyy"),
    OpenApiParameter("month_to", str, description="mm/yyyy"),
    OpenApiParameter("programme", int, description="Pilots of this programme (default: of any)."),
]


def _criteria(request) -> dict:
    params = request.query_params
    criteria = {}

    def number(name):
        value = params.get(name, "")
        if value and not value.isdecimal():
            raise ValidationError({name: "Phải là số."})
        return int(value) if value else None

    if (pk := number("commune")) is not None:
        criteria["commune"] = get_in_scope_or_404(
            AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), user=request.user, via="", pk=pk
        )
    if (pk := number("service")) is not None:
        criteria["service"] = get_object_or_404(Service, pk=pk)
    if (pk := number("officer")) is not None:
        criteria["officer"] = get_in_scope_or_404(User.objects.all(), user=request.user, via="commune", pk=pk)
    if (pk := number("programme")) is not None:
        criteria["programme"] = get_in_scope_or_404(
            Programme.objects.all(), user=request.user, via=("owner_unit", "enrolments__commune"), pk=pk
        )
    for name in ("month_from", "month_to"):
        if params.get(name):
            try:
                criteria[name] = MonthField().clean(params[name])
            except DjangoValidationError as error:
                raise ValidationError({name: error.messages}) from error
    return criteria


def _index(index: selectors.Index) -> dict:
    return {
        "forms": index.forms,
        "overall": index.overall,
        "overall_answered": index.overall_answered,
        "factors": index.factors,
    }


class SurveyResultsViewSet(viewsets.ViewSet):
    """The satisfaction index (SIPAS) within your scope: overall and per factor, pilot against
    non-pilot communes, the trend, the distribution of each question; and by commune."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=RESULT_PARAMETERS, responses=ResultsSerializer)
    def list(self, request):
        result = selectors.survey_results(user=request.user, **_criteria(request))
        body = {
            "index": _index(result.index),
            "pilot": _index(result.pilot),
            "non_pilot": _index(result.non_pilot),
            "trend": [{"period": p, "label": label, "index": _index(i)} for p, label, i in result.trend],
            "distributions": [
                {
                    "question": d.question.pk,
                    "text": d.question.text,
                    "total": d.total,
                    "rows": [{"label": lbl, "count": n, "share": share} for lbl, n, share in d.rows],
                }
                for d in result.distributions
            ],
        }
        return Response(ResultsSerializer(body).data)


class CommuneResultsViewSet(viewsets.GenericViewSet):
    """The index by commune, paginated."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CommuneResultSerializer

    def get_queryset(self):  # for the schema only
        return scope_queryset(AdminUnit.objects.none(), user=self.request.user, via="")

    @extend_schema(parameters=RESULT_PARAMETERS, responses=CommuneResultSerializer(many=True))
    def list(self, request):
        result = selectors.survey_results(user=request.user, with_distributions=False, **_criteria(request))
        page = self.paginate_queryset(result.by_commune)
        rows = [
            {
                "commune": row["commune_id"],
                "name": row["commune__name"],
                "index": _index(selectors.Index.from_sums(row)),
            }
            for row in page
        ]
        return self.get_paginated_response(CommuneResultSerializer(rows, many=True).data)
