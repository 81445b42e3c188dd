"""API of codes of conduct, the commune staff register and signed pledges. Reads are scoped like
the pages; writes go through the same services: codes by province administrators (national codes
by superusers), staff and pledges by the commune's own officers; viewers never write."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from ..filters.conduct import CodeFilter, PledgeFilter, StaffFilter
from ..models import AdminUnit, CodeOfConduct, Pledge, StaffMember
from ..scope import ConfigureOrReadOnly, get_in_scope_or_404
from ..selectors import conduct as selectors
from ..services import conduct as services
from .units import UnitBriefSerializer


def _call(service, **kwargs):
    """Run a service: its ValidationError becomes a 400, its PermissionDenied a 403, each with the
    service's Vietnamese message."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(
            error.message_dict if hasattr(error, "error_dict") else error.messages
        ) from error
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None) from error


class CommuneOfficerOrReadOnly(permissions.BasePermission):
    """Reads for any signed-in user (the queryset is scoped); writes for commune officers and
    superusers, whose commune the services check."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or user.is_superuser or user.is_commune_officer


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up among the rows the user may see: another commune's row reads as
    one that does not exist."""

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(user=self.context["request"].user)


# --- Codes of conduct -------------------------------------------------------------------------


class ItemsField(serializers.ListField):
    def get_attribute(self, instance):
        return [item.text for item in instance.items.all()]


class CodeSerializer(serializers.ModelSerializer):
    owner_unit = UnitBriefSerializer(read_only=True)
    owner_unit_id = serializers.IntegerField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="Superusers only: the province (or district) issuing the code; null for a national "
        "code. A province administrator's codes always belong to their province.",
    )
    items = ItemsField(
        child=serializers.CharField(max_length=255),
        help_text="The items in board order, e.g. “Biết nghe dân nói”.",
    )
    programmes = ScopedPrimaryKeyField(scope=selectors.linkable_programmes, many=True, required=False)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CodeOfConduct
        fields = [
            "id",
            "name",
            "description",
            "owner_unit",
            "owner_unit_id",
            "items",
            "item_count",
            "programmes",
        ]
        validators = []  # the unique name per owner is checked, in Vietnamese, by the service


class CodeViewSet(viewsets.ModelViewSet):
    """Codes of conduct: national ones and those of the units in the user's scope."""

    serializer_class = CodeSerializer
    filterset_class = CodeFilter
    permission_classes = [ConfigureOrReadOnly]

    def get_queryset(self):
        return selectors.code_list_with_items(user=self.request.user).order_by("name", "pk")

    def _owner(self, data) -> AdminUnit | None:
        user = self.request.user
        if not user.is_superuser:
            return user.province
        pk = data.get("owner_unit_id")
        if pk is None:
            return None
        owner = AdminUnit.objects.filter(
            pk=pk, level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]
        ).first()
        if owner is None:
            raise ValidationError({"owner_unit_id": _("Đơn vị ban hành phải là tỉnh hoặc huyện.")})
        return owner

    def perform_create(self, serializer):
        data = serializer.validated_data
        code = _call(
            services.code_create,
            by=self.request.user,
            name=data["name"],
            description=data.get("description", ""),
            owner_unit=self._owner(data),
            items=data["items"],
            programmes=data.get("programmes", []),
        )
        serializer.instance = self.get_queryset().get(pk=code.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        code = _call(
            services.code_update,
            code=serializer.instance,
            by=self.request.user,
            name=data.get("name"),
            description=data.get("description"),
            items=data.get("items"),
            programmes=data.get("programmes"),
        )
        serializer.instance = self.get_queryset().get(pk=code.pk)

    def perform_destroy(self, instance):
        _call(services.code_delete, code=instance, by=self.request.user)


# --- Staff register ---------------------------------------------------------------------------


class StaffSerializer(serializers.ModelSerializer):
    commune = serializers.IntegerField(source="commune_id", help_text="Set on creation only.")
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    photo = serializers.FileField(
        write_only=True, required=False, allow_null=True, help_text="JPEG, PNG or WebP image."
    )
    remove_photo = serializers.BooleanField(write_only=True, required=False, default=False)
    photo_url = serializers.SerializerMethodField()
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=32767)
    pledge_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "commune",
            "commune_name",
            "full_name",
            "position",
            "desk",
            "photo",
            "remove_photo",
            "photo_url",
            "is_active",
            "order",
            "pledge_count",
        ]

    def get_photo_url(self, member) -> str | None:
        if not member.photo:
            return None
        return reverse("communes:file", args=["staff-photo", member.pk])


class StaffViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The staff register of the communes in the user's scope; officers keep their own commune's."""

    serializer_class = StaffSerializer
    filterset_class = StaffFilter
    permission_classes = [CommuneOfficerOrReadOnly]
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        return selectors.staff_list(user=self.request.user).order_by("commune_id", "order", "full_name", "pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        commune = get_in_scope_or_404(
            AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE),
            user=request.user,
            via="",
            pk=data["commune_id"],
        )
        member = _call(
            services.staff_create,
            commune=commune,
            by=request.user,
            full_name=data["full_name"],
            position=data["position"],
            desk=data.get("desk", ""),
            photo=data.get("photo"),
            is_active=data.get("is_active", True),
            order=data.get("order"),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=member.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        member = self.get_object()
        serializer = self.get_serializer(member, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _call(
            services.staff_update,
            member=member,
            by=request.user,
            full_name=data.get("full_name", member.full_name),
            position=data.get("position", member.position),
            desk=data.get("desk", member.desk),
            is_active=data.get("is_active", member.is_active),
            order=data.get("order"),
            photo=data.get("photo"),
            remove_photo=data.get("remove_photo", False),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=member.pk)).data)


# --- Pledges ----------------------------------------------------------------------------------


class PledgeSerializer(serializers.ModelSerializer):
    staff_member = ScopedPrimaryKeyField(scope=selectors.staff_list)
    staff_name = serializers.CharField(source="staff_member.full_name", read_only=True)
    commune = serializers.IntegerField(source="staff_member.commune_id", read_only=True)
    code = ScopedPrimaryKeyField(scope=selectors.code_list)
    code_name = serializers.CharField(source="code.name", read_only=True)
    scan = serializers.FileField(
        write_only=True, required=False, allow_null=True, help_text="The signed page: an image or a PDF."
    )
    scan_url = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = [
            "id",
            "staff_member",
            "staff_name",
            "commune",
            "code",
            "code_name",
            "signed_on",
            "scan",
            "scan_url",
        ]
        validators = []  # one pledge per member and code is checked, in Vietnamese, by the service

    def get_scan_url(self, pledge) -> str | None:
        if not pledge.scan:
            return None
        return reverse("communes:file", args=["pledge", pledge.pk])


class PledgeViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Pledges signed by the staff of the communes in the user's scope."""

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    permission_classes = [CommuneOfficerOrReadOnly]
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        return selectors.pledge_list(user=self.request.user).order_by("-signed_on", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        pledge = _call(
            services.pledge_record,
            member=data["staff_member"],
            code=data["code"],
            by=self.request.user,
            signed_on=data["signed_on"],
            scan=data.get("scan"),
        )
        serializer.instance = self.get_queryset().get(pk=pledge.pk)

    def perform_destroy(self, instance):
        _call(services.pledge_delete, pledge=instance, by=self.request.user)
