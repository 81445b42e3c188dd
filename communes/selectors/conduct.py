"""Reads of codes of conduct, the commune staff register and signed pledges. The pages, the API and
the printable boards and badges all read through here."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from unidecode import unidecode

from ..models import AdminUnit, CodeItem, CodeOfConduct, Pledge, Programme, StaffMember, User, fold
from ..models.files import IMAGE_EXTENSIONS, sniff
from ..scope import scope_queryset, visible_units

# --- Names without diacritics, in SQL -------------------------------------------------------------

_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_VIETNAMESE += _VIETNAMESE.upper()
_ASCII = "".join(unidecode(letter) for letter in _VIETNAMESE)
# One letter for one letter, or TRANSLATE would shift the mapping.
assert len(_ASCII) == len(_VIETNAMESE)


class _Translate(Func):
    function = "TRANSLATE"
    output_field = CharField()


def folded(field: str) -> Func:
    """`field` lower-cased without Vietnamese diacritics, computed by PostgreSQL (so that a search
    for "nguyen van" finds "Nguyễn Văn" without a stored search column). Names are stored in NFC
    form by the services, which is what this letter-for-letter mapping expects."""
    return Lower(_Translate(field, Value(_VIETNAMESE), Value(_ASCII)))


def name_search(queryset: QuerySet, *, field: str, q: str) -> QuerySet:
    """Rows whose `field` contains every word of `q`, ignoring case and diacritics."""
    words = fold(q).split()
    if not words:
        return queryset
    queryset = queryset.alias(_folded=folded(field))
    for word in words:
        queryset = queryset.filter(_folded__contains=word)
    return queryset


# --- Codes of conduct -------------------------------------------------------------------------


def _owners_above(units: QuerySet[AdminUnit]) -> Q:
    """Owner units of the codes that apply to `units` (communes): their district (before 2025),
    their province of the time and their current province."""
    return (
        Q(owner_unit__in=units.values("parent"))
        | Q(owner_unit__in=units.values("parent__parent"))
        | Q(owner_unit__in=units.values("current_province"))
    )


def code_list(*, user: User) -> QuerySet[CodeOfConduct]:
    """Codes the user may read: the national lists, and the lists of units in their scope. A
    commune officer also reads the lists of their commune's province (and district), which are
    the ones hung in their office and signed by their staff."""
    codes = CodeOfConduct.objects.all()
    if not (user.is_authenticated and user.is_active):
        return codes.none()
    if not user.is_superuser:
        units = visible_units(user)
        condition = Q(owner_unit__isnull=True) | Q(owner_unit__in=units.values("pk"))
        if user.is_commune_officer:
            condition |= _owners_above(units)
        codes = codes.filter(condition)
    return codes.select_related("owner_unit").annotate(item_count=Count("items"))


def code_list_with_items(*, user: User) -> QuerySet[CodeOfConduct]:
    """Codes with their items in order and their programmes' ids: for the API."""
    return code_list(user=user).prefetch_related(
        Prefetch("items", queryset=CodeItem.objects.order_by("order", "id")),
        Prefetch("programmes", queryset=Programme.objects.only("pk")),
    )


def codes_for_commune(*, commune: AdminUnit) -> QuerySet[CodeOfConduct]:
    """Codes that apply to a commune: the national ones and those of its province (or district),
    then and now: a commune formed in 2025 keeps the codes of the communes it took over."""
    units = AdminUnit.objects.filter(Q(pk=commune.pk) | Q(successor_id=commune.pk))
    return CodeOfConduct.objects.filter(Q(owner_unit__isnull=True) | _owners_above(units))


def editable_codes(*, user: User) -> QuerySet[CodeOfConduct]:
    """Codes the user may change: all for a superuser; the province's own for its administrator."""
    if not user.is_authenticated or not user.is_active:
        return CodeOfConduct.objects.none()
    if user.is_superuser:
        return CodeOfConduct.objects.all()
    if user.role != User.Role.PROVINCE_ADMIN:
        return CodeOfConduct.objects.none()
    return CodeOfConduct.objects.filter(owner_unit__in=visible_units(user).values("pk"))


def can_edit_code(*, user: User, code: CodeOfConduct) -> bool:
    return editable_codes(user=user).filter(pk=code.pk).exists()


def linkable_programmes(*, user: User) -> QuerySet[Programme]:
    """Programmes a code may be linked to by this user: those their province runs."""
    return scope_queryset(Programme.objects.all(), user=user, via="owner_unit").select_related("owner_unit")


def code_programmes(*, user: User, code: CodeOfConduct) -> QuerySet[Programme]:
    """The programmes applying a code, among those the user may see."""
    return scope_queryset(
        code.programmes.all(), user=user, via=("owner_unit", "enrolments__commune")
    ).select_related("owner_unit")


def code_items(*, code: CodeOfConduct) -> list[CodeItem]:
    return list(code.items.order_by("order", "id"))


# --- Staff register ---------------------------------------------------------------------------


def staff_list(*, user: User, commune: AdminUnit | None = None) -> QuerySet[StaffMember]:
    """Staff members in the user's scope (of one commune if given), with the number of codes each
    has signed."""
    staff = scope_queryset(StaffMember.objects.all(), user=user, via="commune")
    if commune is not None:
        staff = staff.filter(commune=commune)
    return staff.select_related("commune").annotate(pledge_count=Count("pledges"))


def can_manage_staff(*, user: User, commune: AdminUnit) -> bool:
    """The staff register is kept by the commune's own officers (and superusers); province staff
    read it."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_commune_officer and visible_units(user).filter(pk=commune.pk).exists()


def staff_communes(*, user: User) -> QuerySet[AdminUnit]:
    """Communes of the user's scope."""
    return scope_queryset(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE), user=user, via=""
    ).select_related("parent")


# --- Pledges ----------------------------------------------------------------------------------


def pledge_list(*, user: User) -> QuerySet[Pledge]:
    return scope_queryset(Pledge.objects.all(), user=user, via="staff_member__commune").select_related(
        "staff_member__commune", "code"
    )


def code_signatures(*, code: CodeOfConduct, commune: AdminUnit) -> QuerySet[StaffMember]:
    """The commune's active staff, each annotated with their pledge to `code`: `signed_on` (None
    when not signed), `pledge_id` and `has_scan`. Signed members come first."""
    pledges = Pledge.objects.filter(code=code, staff_member=OuterRef("pk"))
    return (
        StaffMember.objects.filter(commune=commune, is_active=True)
        .annotate(
            signed_on=Subquery(pledges.values("signed_on")[:1]),
            pledge_id=Subquery(pledges.values("pk")[:1]),
            has_scan=Exists(pledges.exclude(scan="")),
        )
        .order_by("order", "full_name", "pk")
    )


def code_signature_counts(*, code: CodeOfConduct, commune: AdminUnit) -> dict[str, int]:
    """How many of the commune's active staff have signed `code`, and how many have not."""
    signed = Exists(Pledge.objects.filter(code=code, staff_member=OuterRef("pk")))
    counts = StaffMember.objects.filter(commune=commune, is_active=True).aggregate(
        active=Count("pk"), signed=Count("pk", filter=signed)
    )
    counts["unsigned"] = counts["active"] - counts["signed"]
    return counts


def code_commune_summary(*, code: CodeOfConduct, user: User) -> QuerySet[AdminUnit]:
    """Communes of the user's scope that keep a staff register, each annotated with its active
    staff (`active_staff`) and how many of them signed `code` (`signed`): the province's view."""
    active = StaffMember.objects.filter(commune=OuterRef("pk"), is_active=True)

    def count(queryset):
        total = queryset.order_by().values("commune").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))

    signed = active.filter(Exists(Pledge.objects.filter(code=code, staff_member=OuterRef("pk"))))
    return (
        staff_communes(user=user)
        .filter(pk__in=StaffMember.objects.filter(is_active=True).values("commune"))
        .filter(pk__in=codes_for_commune_units(code=code))
        .annotate(active_staff=count(active), signed=count(signed))
        .order_by("parent__name", "name", "pk")
    )


def codes_for_commune_units(*, code: CodeOfConduct) -> QuerySet[AdminUnit]:
    """Ids of the communes a code applies to (all communes for a national code)."""
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
    owner = code.owner_unit_id
    if owner is None:
        return communes.values("pk")
    return communes.filter(
        Q(parent_id=owner)
        | Q(parent__parent_id=owner)
        | Q(current_province_id=owner)
        | Q(predecessors__parent_id=owner)
        | Q(predecessors__parent__parent_id=owner)
    ).values("pk")


# --- Name badges ------------------------------------------------------------------------------

# Photos on a badge are about 22 x 29 mm: 300 x 400 pixels is over 300 dpi.
BADGE_PHOTO_PIXELS = (300, 400)
BADGES_PER_SHEET = 8
BADGE_COLUMNS = 2


@dataclass(frozen=True)
class Badge:
    full_name: str
    position: str
    desk: str
    photo: str | None  # a data: URI of a JPEG, or None
    row: int
    column: int


def photo_data_uri(member: StaffMember) -> str | None:
    """The member's photo, read from our own storage, checked to be an image, made small and
    returned as a data: URI that the PDF renderer embeds without fetching anything."""
    if not member.photo:
        return None
    from PIL import Image, ImageOps

    try:
        with member.photo.storage.open(member.photo.name, "rb") as handle:
            data = handle.read(settings.UPLOAD_MAX_BYTES + 1)
    except OSError:
        return None
    if sniff(data[:16]) not in IMAGE_EXTENSIONS:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            picture = ImageOps.exif_transpose(image).convert("RGB")
            picture.thumbnail(BADGE_PHOTO_PIXELS)
            output = io.BytesIO()
            picture.save(output, "JPEG", quality=85)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(output.getvalue()).decode("ascii")


def badge_sheets(*, commune: AdminUnit) -> list[list[Badge]]:
    """The commune's active staff as name badges, eight to an A4 sheet (two columns, four rows)."""
    members = StaffMember.objects.filter(commune=commune, is_active=True).order_by("order", "full_name", "pk")
    badges = []
    for index, member in enumerate(members):
        place = index % BADGES_PER_SHEET
        badges.append(
            Badge(
                full_name=member.full_name,
                position=member.position,
                desk=member.desk,
                photo=photo_data_uri(member),
                row=place // BADGE_COLUMNS,
                column=place % BADGE_COLUMNS,
            )
        )
    return [badges[start : start + BADGES_PER_SHEET] for start in range(0, len(badges), BADGES_PER_SHEET)]
