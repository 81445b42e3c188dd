"""The dossiers' API: read in scope; a one-stop system pushes a JSON list (`POST /dossiers/`) or a
file (`POST /dossiers/import/`), both upserted by code, all or nothing; the on-time indicators
(`GET /dossier-indicators/`) read the same selector as the pages, the dashboard and the PDF."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from communes.models import AdminUnit
from communes.scope import get_in_scope_or_404

from ..sipas import SipasIndices, sipas_indices
from . import selectors, services
from .models import Dossier

ROW_KEYS = (
    "ma_ho_so, ma_tthc, ten_tthc, linh_vuc, kenh, ngay_tiep_nhan, ngay_hen_tra (or thoi_han, working days), "
    "ngay_tra_ket_qua, trang_thai, can_bo, ma_xa; dates as dd/mm/yyyy [HH:MM], yyyyMMddHHmmss or ISO 8601"
)


class DossierSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="service.code", read_only=True)
    procedure = serializers.CharField(source="service.name", read_only=True)
    field = serializers.CharField(source="service.field", read_only=True)
    officer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    has_slip = serializers.BooleanField(read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "commune",
            "procedure_code",
            "procedure",
            "field",
            "channel",
            "received_at",
            "time_limit_days",
            "due_on",
            "returned_at",
            "status",
            "outcome",
            "officer",
            "officer_name",
            "has_slip",
            "source",
            "updated_at",
        ]


class DossierImportSerializer(serializers.Serializer):
    file = serializers.FileField(error_messages={"required": "Chưa chọn tệp."})


def _result(result: services.ImportResult) -> dict:
    return {"created": result.created, "updated": result.updated, "procedures_added": result.services_added}


def _rejected(rejected: services.ImportRejected) -> Response:
    return Response({"errors": [str(error) for error in rejected.errors]}, status=status.HTTP_400_BAD_REQUEST)


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """Dossiers of the one-stop desks in your scope (filters: commune, status, outcome, and code:
    a whole code or its beginning)."""

    serializer_class = DossierSerializer

    def get_queryset(self):
        queryset = selectors.dossier_list(user=self.request.user).order_by("-received_at", "-id")
        params = self.request.query_params
        for name in ("commune", "status", "outcome"):
            value = params.get(name)
            if value:
                if name == "commune" and not (value.isdecimal() and len(value) <= 18):
                    raise serializers.ValidationError({"commune": "Mã đơn vị phải là số."})
                queryset = queryset.filter(**{name: value})
        if code := params.get("code"):
            return selectors.with_code_starting(queryset, code)
        if self.action == "list":
            commune = params.get("commune")
            count = selectors.dossier_list_count(
                user=self.request.user,
                commune_id=int(commune) if commune else None,
                status=params.get("status") or "",
                outcome=params.get("outcome") or "",
            )
            queryset = selectors.with_known_count(queryset, count)
        return queryset

    @extend_schema(
        request={"application/json": {"type": "array", "items": {"type": "object"}}},
        responses={201: None, 400: None},
        summary="Push dossiers (a JSON list), upserted by code, all or nothing",
        description=f"Each item has the file's keys: {ROW_KEYS}. 201 with how many were created and "
        "updated; 400 with the errors, each naming the item (from 1) and the key. At most 5.000 a request.",
    )
    def create(self, request):
        try:
            result = services.dossiers_push(items=request.data, by=request.user)
        except PermissionDenied as denied:
            raise ApiPermissionDenied(str(denied)) from denied
        except services.ImportRejected as rejected:
            return _rejected(rejected)
        return Response(_result(result), status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": DossierImportSerializer},
        responses={201: None, 400: None},
        summary="Import dossiers from CSV or XLSX, upserted by code, all or nothing",
        description=f"Columns: {ROW_KEYS} (Vietnamese headers such as “Mã hồ sơ” too). At most 5 MB and "
        "20.000 rows a file.",
    )
    @action(detail=False, methods=["post"], parser_classes=[parsers.MultiPartParser], url_path="import")
    def import_file(self, request):
        form = DossierImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            result = services.dossiers_import_file(upload=form.validated_data["file"], by=request.user)
        except PermissionDenied as denied:
            raise ApiPermissionDenied(str(denied)) from denied
        except services.ImportRejected as rejected:
            return _rejected(rejected)
        return Response(_result(result), status=status.HTTP_201_CREATED)


class _PeriodSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"to": "Ngày kết thúc phải sau ngày bắt đầu."})
        return attrs


def _timeliness(values: selectors.Timeliness) -> dict:
    return values.as_dict()


def indicators_data(indicators: selectors.DossierIndicators) -> dict:
    return {
        "from": indicators.start,
        "to": indicators.end,
        "totals": _timeliness(indicators.totals),
        "by_commune": [
            {"commune": unit.pk, "name": unit.name, **_timeliness(values)}
            for unit, values in indicators.by_commune
        ],
        # The whole country's rows, per province of today (by_commune is then empty).
        "by_province": [
            {"province": unit.pk, "name": unit.name, **_timeliness(values)}
            for unit, values in indicators.by_province
        ],
        "by_procedure": [
            {"procedure": pk, "name": name, **_timeliness(values)}
            for pk, name, values in indicators.by_service
        ],
        "by_month": [
            {"month": f"{month:%Y-%m}", **_timeliness(values)} for month, values in indicators.by_month
        ],
    }


def _period(request) -> tuple:
    """?unit=, ?from= and ?to= (reserved words in Python, read as start and end): the unit in
    scope (404 otherwise), from 1 January of the end's year to today by default."""
    params = request.query_params
    given = {"unit": params.get("unit"), "start": params.get("from"), "end": params.get("to")}
    period = _PeriodSerializer(data={key: value for key, value in given.items() if value})
    period.is_valid(raise_exception=True)
    today = timezone.localdate()
    end = period.validated_data.get("end") or today
    start = period.validated_data.get("start") or end.replace(month=1, day=1)
    unit = None
    if "unit" in period.validated_data:
        unit = get_in_scope_or_404(
            AdminUnit.objects.all(), user=request.user, via="", pk=period.validated_data["unit"]
        )
    return start, end, unit, today


PERIOD_PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, description="A province, district or commune of your scope"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Default: 1 January of this year"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Default: today"),
]


class DossierIndicatorsView(APIView):
    """On-time handling (Quyết định 766/QĐ-TTg): dossiers received (online), returned early, on
    time, late, open and overdue (counted against the rate), and the on-time rate, in total and
    per commune, procedure and month, over your scope or a unit's area. The whole country (a
    superuser without `unit`) is given per province (`by_province`) instead of per commune."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: None})
    def get(self, request):
        start, end, unit, today = _period(request)
        indicators = selectors.dossier_indicators(
            user=request.user, unit=unit, start=start, end=end, today=today
        )
        return Response(indicators_data(indicators))


def _share_rows(sipas: SipasIndices) -> dict:
    return {
        "forms": sipas.forms,
        "sipas_index": sipas.sipas_index,
        "perception_index": sipas.perception_index,
        "overall_question": sipas.overall_question,
        "overall_answered": sipas.overall_answered,
        "population": sipas.population,
        "sample_needed": sipas.sample_needed,
        "margin_of_error": sipas.margin,
        "factors": [
            {
                "factor": f.factor,
                "name": f.label,
                "perception": f.perception,
                "satisfaction": f.satisfaction,
                "expectations": [
                    {"option": option, "count": count, "share": share}
                    for option, count, share in f.expectations
                ],
            }
            for f in sipas.factors
        ],
    }


class CitizenIndicatorsView(APIView):
    """The citizen-facing indicators of Quyết định 766/QĐ-TTg the portal computes (satisfaction,
    on-time rate, online share), in total and per commune (the whole country: per province,
    `by_province`), and the SIPAS indices (Quyết định 1001/QĐ-BNV) with the sample size and margin
    of error, over your scope or a unit's area: the selectors the indicators page reads."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: None})
    def get(self, request):
        start, end, unit, today = _period(request)
        table = selectors.citizen_indicators(user=request.user, unit=unit, start=start, end=end, today=today)
        sipas = sipas_indices(user=request.user, unit=unit, month_from=start, month_to=end)
        return Response(
            {
                "from": start,
                "to": end,
                "qd766": {
                    "totals": table.totals.as_dict(),
                    "by_commune": [
                        {"commune": commune.pk, "name": commune.name, **values.as_dict()}
                        for commune, values in table.by_commune
                    ],
                    "by_province": [
                        {"province": province.pk, "name": province.name, **values.as_dict()}
                        for province, values in table.by_province
                    ],
                },
                "sipas": _share_rows(sipas),
            }
        )
