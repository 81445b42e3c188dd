"""Programmes and enrolled communes, read in the user's scope."""

from rest_framework import serializers, viewsets

from ..filters.programmes import ProgrammeFilter
from ..models import Enrolment, Programme, ProgrammeDocument
from ..scope import ConfigureOrReadOnly
from ..selectors.programmes import enrolment_list, programme_list_with_documents
from .units import UnitBriefSerializer


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
