"""The codes of conduct every province may use, as the articles name them, linked to the
programmes whose articles mention them."""

from ..models import CodeOfConduct, Programme, User
from ..services import conduct as conduct_services

NATIONAL_CODES = [
    (
        "5 biết",
        "Phương châm hành động (Bàu Bàng, Bồ Xuyên, Lạng Sơn)",
        ["Biết nghe dân nói", "Biết nói dân hiểu", "Biết làm dân tin", "Biết xin lỗi", "Biết cảm ơn"],
    ),
    ("3 thể hiện", "Phương châm hành động (Bàu Bàng, Lạng Sơn)", ["Tôn trọng", "Văn minh", "Gần gũi"]),
    (
        "4 luôn",
        "Nội dung thường dùng; tỉnh điều chỉnh theo văn bản của mình",
        ["Luôn mỉm cười", "Luôn nhẹ nhàng", "Luôn lắng nghe", "Luôn giúp đỡ"],
    ),
    (
        "4 xin",
        "Nội dung thường dùng; tỉnh điều chỉnh theo văn bản của mình",
        ["Xin chào", "Xin lỗi", "Xin cảm ơn", "Xin phép"],
    ),
]


def national_codes(*, by: User, programmes_by_code: dict[str, list[Programme]]) -> dict[str, CodeOfConduct]:
    codes = {}
    for name, description, items in NATIONAL_CODES:
        code = CodeOfConduct.objects.filter(name=name, owner_unit__isnull=True).first()
        if code is None:
            code = conduct_services.code_create(by=by, name=name, description=description, items=items)
        code.programmes.add(*programmes_by_code.get(name, []))
        codes[name] = code
    return codes
