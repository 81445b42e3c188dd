"""Programmes, their documents, steering committees and enrolled communes: read in the user's
scope, written by province administrators through the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ..filters.programmes import ProgrammeFilter
from ..models import AdminUnit, Enrolment, Programme, ProgrammeDocument, SteeringMember
from ..scope import ConfigureOrReadOnly, get_in_scope_or_404, scope_queryset
from ..selectors.programmes import enrolment_list, programme_list, programme_list_with_documents
from ..services import programmes as services
from .units import UnitBriefSerializer

PROGRAMME_SCOPE = ("owner_unit", "enrolments__commune")


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error


def _programme(request, pk: int) -> Programme:
    return get_in_scope_or_404(
        Programme.objects.select_related("owner_unit"), user=request.user, via=PROGRAMME_SCOPE, pk=pk
    )


class DocumentSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id")
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeDocument
        fields = ["id", "programme", "kind", "number", "issued_on", "issuer", "title", "file", "file_url"]
        extra_kwargs = {"file": {"write_only": True, "required": False}}

    def get_file_url(self, document) -> str | None:
        from django.urls import reverse

        return reverse("communes:file", args=["document", document.pk]) if document.file else None


class ProgrammeSerializer(serializers.ModelSerializer):
    owner_unit = serializers.PrimaryKeyRelatedField(queryset=AdminUnit.objects.all())
    owner = UnitBriefSerializer(source="owner_unit", read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    enrolled = serializers.IntegerField(read_only=True)
    pilots = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "owner_unit",
            "owner",
            "implements",
            "phase_start",
            "phase_end",
            "status",
            "description",
            "documents",
            "enrolled",
            "pilots",
        ]


class ProgrammeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Programmes in the user's scope, with their founding documents."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    permission_classes = [ConfigureOrReadOnly]

    def get_queryset(self):
        return programme_list_with_documents(user=self.request.user).order_by("-phase_start", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        implements = data.get("implements")
        if implements is not None:
            implements = _programme(self.request, implements.pk)
        serializer.instance = _call(
            services.programme_create, by=self.request.user, **{**data, "implements": implements}
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "owner_unit" in data and data.pop("owner_unit") != serializer.instance.owner_unit:
            raise ValidationError({"owner_unit": "Không đổi được đơn vị chủ trì."})
        serializer.instance = _call(
            services.programme_update, programme=serializer.instance, by=self.request.user, **data
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        instance = self.get_queryset().get(pk=serializer.instance.pk)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Founding documents (Đề án, Kế hoạch, Quyết định, Chỉ thị); the file is uploaded as multipart."""

    serializer_class = DocumentSerializer
    permission_classes = [ConfigureOrReadOnly]
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser]
    filterset_fields = ["programme", "kind"]

    def get_queryset(self):
        documents = ProgrammeDocument.objects.all()
        return scope_queryset(
            documents, user=self.request.user, via=("programme__owner_unit", "programme__enrolments__commune")
        ).order_by("programme_id", "issued_on", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = _programme(self.request, data.pop("programme_id"))
        serializer.instance = _call(services.document_add, programme=programme, by=self.request.user, **data)

    def perform_destroy(self, instance):
        services.document_remove(document=instance, by=self.request.user)


class EnrolmentSerializer(serializers.ModelSerializer):
    commune = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
    )
    commune_detail = UnitBriefSerializer(source="commune", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "commune",
            "commune_detail",
            "level",
            "selected_on",
            "launched_on",
            "status",
        ]
        extra_kwargs = {"status": {"required": False}}


class EnrolmentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Communes enrolled in programmes; a commune officer sees only their own commune's."""

    serializer_class = EnrolmentSerializer
    permission_classes = [ConfigureOrReadOnly]
    filterset_fields = ["programme", "level", "status"]

    def get_queryset(self):
        return enrolment_list(user=self.request.user).order_by("programme_id", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = _programme(self.request, data.pop("programme").pk)
        data.pop("status", None)
        serializer.instance = _call(services.enrolment_add, programme=programme, by=self.request.user, **data)

    def perform_update(self, serializer):
        enrolment = serializer.instance
        data = serializer.validated_data
        serializer.instance = _call(
            services.enrolment_update,
            enrolment=enrolment,
            by=self.request.user,
            level=data.get("level", enrolment.level),
            selected_on=data.get("selected_on", enrolment.selected_on),
            launched_on=data.get("launched_on", enrolment.launched_on),
            status=data.get("status", enrolment.status),
        )


class SteeringMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = SteeringMember
        fields = ["id", "programme", "decision", "full_name", "position", "role", "order"]
        read_only_fields = ["order"]


class SteeringMemberViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SteeringMemberSerializer
    permission_classes = [ConfigureOrReadOnly]
    filterset_fields = ["programme", "role"]

    def get_queryset(self):
        members = SteeringMember.objects.filter(
            programme__in=programme_list(user=self.request.user).values("pk")
        )
        return members.order_by("programme_id", "order", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = _programme(self.request, data.pop("programme").pk)
        serializer.instance = _call(
            services.steering_member_add, programme=programme, by=self.request.user, **data
        )

    def perform_destroy(self, instance):
        services.steering_member_remove(member=instance, by=self.request.user)
