"""The demo accounts: one per role, the commune officers on 2025 communes.

Before the 2025 units became the live ones, the two officers worked for Tiến Đức and Bồ Xuyên
under the logins `xa.tienduc` and `xa.boxuyen`. A database loaded then is renamed in place, so
what those accounts recorded stays theirs and no stale login remains.
"""

from ..models import AdminUnit, User
from ..services.accounts import user_create
from . import (
    BAU_BANG,
    DEMO_PASSWORD,
    DONG_DANG,
    LONG_HUNG,
    NEW,
    OFFICERS,
    THAI_BINH_WARD,
    current_commune,
    unit,
)

RENAMED = {"xa.tienduc": OFFICERS[LONG_HUNG], "xa.boxuyen": OFFICERS[THAI_BINH_WARD]}

# login, role, (level, code of the 2025 unit), full name, position
ACCOUNTS = [
    ("admin", "", None, "Quản trị hệ thống", ""),
    (
        "tinh.langson",
        User.Role.PROVINCE_ADMIN,
        ("province", "20"),
        "Nguyễn Văn Minh",
        "Chuyên viên Sở Nội vụ",
    ),
    (
        "tinh.hungyen",
        User.Role.PROVINCE_VIEWER,
        ("province", "33"),
        "Trần Thị Lan",
        "Chuyên viên Ban Dân vận Tỉnh ủy",
    ),
    ("tinh.hcm", User.Role.PROVINCE_ADMIN, ("province", "79"), "Lê Hoàng Nam", "Chuyên viên Sở Nội vụ"),
    (
        OFFICERS[LONG_HUNG],
        User.Role.COMMUNE_OFFICER,
        ("commune", LONG_HUNG),
        "Phạm Thị Hoa",
        "Công chức bộ phận một cửa",
    ),
    (
        OFFICERS[THAI_BINH_WARD],
        User.Role.COMMUNE_OFFICER,
        ("commune", THAI_BINH_WARD),
        "Đỗ Văn Hùng",
        "Công chức bộ phận một cửa",
    ),
    (
        OFFICERS[DONG_DANG],
        User.Role.COMMUNE_OFFICER,
        ("commune", DONG_DANG),
        "Nông Thị Hằng",
        "Công chức bộ phận một cửa",
    ),
    (
        OFFICERS[BAU_BANG],
        User.Role.COMMUNE_OFFICER,
        ("commune", BAU_BANG),
        "Nguyễn Thị Thanh Thảo",
        "Công chức bộ phận một cửa",
    ),
]


def rename_former_logins() -> None:
    """`xa.tienduc` becomes `xa.longhung` (and so on), keeping the account and what it recorded;
    if both exist, the former login is disabled."""
    for former, login in RENAMED.items():
        if User.objects.filter(username=login).exists():
            User.objects.filter(username=former, is_active=True).update(is_active=False)
        else:
            User.objects.filter(username=former).update(username=login)


def accounts_ensure() -> list[User]:
    """The accounts of `ACCOUNTS` with the demo password. An account already in line is left as it
    is: hashing a password takes half a second, and a second run must be quick."""
    rename_former_logins()
    users = []
    for username, role, scope, full_name, position in ACCOUNTS:
        units = {"province": None, "commune": None}
        if scope and scope[0] == "province":
            units["province"] = unit(NEW, AdminUnit.Level.PROVINCE, scope[1])
        elif scope:
            units["commune"] = current_commune(scope[1])
        first, _sep, last = full_name.rpartition(" ")
        user = User.objects.filter(
            username=username,
            role=role,
            province=units["province"],
            commune=units["commune"],
            first_name=first,
            last_name=last,
            position=position,
            is_superuser=not role,
            is_active=True,
        ).first()
        if user is None or not user.has_usable_password():
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                is_superuser=not role,
                full_name=full_name,
                position=position,
                **units,
            )
            if not user.is_active:
                User.objects.filter(pk=user.pk).update(is_active=True)
                user.is_active = True
        users.append(user)
    return users
