"""Demo data from the source articles (see `manage.py load_demo`), shared by the demo loaders of
every app. One module per province of the articles, and the accounts.

Where an article gives a fact (a number, a date, a commune), it is used as given. Where the portal
needs a value the articles do not give (which 17 Lạng Sơn communes were the 2019 pilots, the month
each commune joined, the names of awardees), the demo either picks one and the record's description
says so, or leaves it to staff.

The demo follows the era rule (`communes.eras`): records dated before 01/07/2025 sit on the
communes of the day (Tiến Đức, Bồ Xuyên...), today's work on the 2025 communes that took them over
(Long Hưng, Phường Thái Bình...). Every loader is idempotent: a second run duplicates nothing.
"""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from ..eras import REFORM_DAY
from ..models import AdminUnit, User

DEMO_PASSWORD = "thanthien2025"
D = datetime.date
OLD = AdminUnit.Era.LEGACY
NEW = AdminUnit.Era.CURRENT

# The demo's commune officers, by the 2025 commune they work for (official codes), and the
# legacy communes whose history the demo writes. Other loaders find the officers here.
LONG_HUNG = "12613"  # Xã Long Hưng, Hưng Yên: took over Tiến Đức, Thái Hưng, Liên Hiệp (Hưng Hà)
THAI_BINH_WARD = "13225"  # Phường Thái Bình, Hưng Yên: took over Bồ Xuyên (Thái Bình city)
DONG_DANG = "06184"  # Xã Đồng Đăng, Lạng Sơn: took over Thị trấn Đồng Đăng, a 2019 pilot
BAU_BANG = "25822"  # Xã Bàu Bàng, Hồ Chí Minh City: took over Thị trấn Lai Uyên (Bàu Bàng)
TIEN_DUC = "12646"
BO_XUYEN = "12436"
OFFICERS = {
    LONG_HUNG: "xa.longhung",
    THAI_BINH_WARD: "phuong.thaibinh",
    DONG_DANG: "xa.dongdang",
    BAU_BANG: "xa.baubang",
}


def unit(era: str, level: str, code: str) -> AdminUnit:
    try:
        return AdminUnit.objects.get(era=era, level=level, code=code)
    except AdminUnit.DoesNotExist as exc:
        raise CommandError(
            f"Administrative unit {era}/{level}/{code} is missing: run `manage.py load_units` first."
        ) from exc


def commune(code: str) -> AdminUnit:
    """A commune as it was before 01/07/2025."""
    return unit(OLD, AdminUnit.Level.COMMUNE, code)


def current_commune(code: str) -> AdminUnit:
    """A commune-level unit since 01/07/2025."""
    return unit(NEW, AdminUnit.Level.COMMUNE, code)


def officer(code: str) -> User:
    """The demo officer of a 2025 commune (`load_demo` creates them)."""
    user = User.objects.filter(username=OFFICERS[code], commune__era=NEW, commune__code=code).first()
    if user is None:
        raise CommandError(f"The demo account {OFFICERS[code]} is missing: run `manage.py load_demo` first.")
    return user


def live_days(*days_ago: int) -> list[datetime.date]:
    """Days counted back from today, for today's work; never before 01/07/2025, so the work stays
    on the 2025 communes whatever the clock says."""
    today = timezone.localdate()
    return [max(today - datetime.timedelta(days=days), REFORM_DAY) for days in days_ago]


def split(total: int, parts: int, weights: list[int] | None = None) -> list[int]:
    """`total` shared out in whole numbers over `parts` (in proportion to `weights`), summing exactly."""
    weights = weights or [1] * parts
    scale = sum(weights)
    shares = [total * weight // scale for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares
