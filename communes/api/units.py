"""Administrative units (public) and the signed-in account."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, viewsets

from friendly_gov.clients import ClientRateThrottle

from ..filters.units import UnitFilter
from ..models import AdminUnit, User
from ..selectors.units import units_labelled


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "level", "era"]


class UnitSerializer(serializers.ModelSerializer):
    """A unit with what a picker shows: `label` (its name and its parents'), `formerly` (a 2025
    unit's predecessors, short) and `other_successors` (a commune split in 2025: the units other
    than `successor` that took part of it). The view fills them (`units_labelled`)."""

    parent = UnitBriefSerializer(read_only=True)
    successor = UnitBriefSerializer(read_only=True)
    label = serializers.CharField(
        read_only=True, help_text=_("Tên kèm đơn vị cấp trên: “Xã Long Hưng, Tỉnh Hưng Yên”.")
    )
    formerly = serializers.CharField(
        read_only=True,
        help_text=_(
            "Đơn vị từ 01/07/2025: các đơn vị trước sắp xếp mà đơn vị này tiếp nhận, viết gọn "
            "(“trước đây: Xã Tiến Đức, Huyện Hưng Hà; ...”); để trống với đơn vị trước đó."
        ),
    )
    other_successors = UnitBriefSerializer(
        source="others",
        many=True,
        read_only=True,
        help_text=_(
            "Xã bị chia năm 2025: các đơn vị khác (ngoài đơn vị kế thừa mặc định `successor`) "
            "nhận một phần địa bàn."
        ),
    )

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "label",
            "level",
            "unit_type",
            "era",
            "parent",
            "successor",
            "other_successors",
            "formerly",
            "current_province_id",
            "note",
        ]


class UnitThrottle(ClientRateThrottle):
    scope = "units"
    rate = "600/min"


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units of both eras. Public and read-only: the citizens' forms use it too.

    `q` ignores diacritics and word order, and looks in the parents' names too ("hoa binh hung
    ha"); a 2025 unit is also found by the names of the units it took over ("tien duc" finds Xã
    Long Hưng). With `q`, the best matches come first, a 2025 unit before a legacy one.
    `current=true` keeps today's units, `current=false` those before 1 July 2025."""

    queryset = AdminUnit.objects.select_related("parent__parent", "successor").order_by(
        "era", "level", "code"
    )
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # public: no session, so no CSRF round-trip for kiosks
    throttle_classes = [UnitThrottle]

    def paginate_queryset(self, queryset):
        # Labels for the page only: one more query, whatever the page size.
        page = super().paginate_queryset(queryset)
        return units_labelled(page, q=self.request.query_params.get("q", "")) if page is not None else None

    def get_object(self):
        return units_labelled([super().get_object()])[0]


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
