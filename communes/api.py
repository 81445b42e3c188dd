"""REST API of the communes app, under /api/v1/. Reads are scoped exactly like the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, viewsets

from .filters import ProgrammeFilter, UnitFilter
from .models import AdminUnit, Enrolment, Programme, ProgrammeDocument, User
from .scope import ConfigureOrReadOnly
from .selectors import enrolment_list, programme_list_with_documents


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


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units of both eras. Public and read-only: the citizens' forms use it too.

    `q` ignores diacritics ("tien duc" finds "Tiến Đức"); `current=true` keeps today's units,
    `current=false` those before 1 July 2025."""

    queryset = AdminUnit.objects.select_related("parent", "successor").order_by("era", "level", "code")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # public: no session, so no CSRF round-trip for kiosks


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeDocument
        fields = ["id", "kind", "number", "issued_on", "issuer", "title"]


class ProgrammeSerializer(serializers.ModelSerializer):
    owner_unit = UnitBriefSerializer(read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    enrolled = serializers.IntegerField(read_only=True)
    pilots = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "owner_unit",
            "implements",
            "phase_start",
            "phase_end",
            "status",
            "description",
            "documents",
            "enrolled",
            "pilots",
        ]


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes in the user's scope, with their founding documents."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    permission_classes = [ConfigureOrReadOnly]

    def get_queryset(self):
        return programme_list_with_documents(user=self.request.user).order_by("-phase_start", "id")


class EnrolmentSerializer(serializers.ModelSerializer):
    commune = UnitBriefSerializer(read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "programme", "commune", "level", "selected_on", "launched_on", "status"]


class EnrolmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Communes enrolled in programmes; a commune officer sees only their own commune's."""

    serializer_class = EnrolmentSerializer
    permission_classes = [ConfigureOrReadOnly]
    filterset_fields = ["programme", "level", "status"]

    def get_queryset(self):
        return enrolment_list(user=self.request.user).order_by("programme_id", "id")


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
