"""Administrative units (public) and the signed-in account."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, viewsets

from friendly_gov.clients import ClientRateThrottle

from ..filters.units import UnitFilter
from ..models import AdminUnit, User


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "level", "era"]


class UnitSerializer(serializers.ModelSerializer):
    parent = UnitBriefSerializer(read_only=True)
    successor = UnitBriefSerializer(read_only=True)

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "level",
            "unit_type",
            "era",
            "parent",
            "successor",
            "current_province_id",
            "note",
        ]


class UnitThrottle(ClientRateThrottle):
    scope = "units"
    rate = "600/min"


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units of both eras. Public and read-only: the citizens' forms use it too.

    `q` ignores diacritics ("tien duc" finds "Tiến Đức"); `current=true` keeps today's units,
    `current=false` those before 1 July 2025."""

    queryset = AdminUnit.objects.select_related("parent", "successor").order_by("era", "level", "code")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # public: no session, so no CSRF round-trip for kiosks
    throttle_classes = [UnitThrottle]


class MeSerializer(serializers.ModelSerializer):
    province = UnitBriefSerializer(read_only=True)
    commune = UnitBriefSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "role", "province", "commune", "is_superuser"]


@extend_schema(summary="The signed-in user, with role and unit")
class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user
