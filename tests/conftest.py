"""Shared fixtures. The official administrative units (about 14,000 rows, both eras) are loaded
once per test session into the test database; tests then use real units such as Hưng Hà's
Tiến Đức. Browser tests, which flush the database, run last and load them again."""

import os
import socket

import pytest
from django.core.cache import cache
from pytest_factoryboy import register

from communes.models import AdminUnit, User
from communes.services.units import units_load_from_package

from .factories import (
    AdminUnitFactory,
    EnrolmentFactory,
    ProgrammeDocumentFactory,
    ProgrammeFactory,
    UserFactory,
)

register(AdminUnitFactory)
register(UserFactory)
register(ProgrammeFactory)
register(ProgrammeDocumentFactory)
register(EnrolmentFactory)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def ensure_units() -> None:
    if not AdminUnit.objects.filter(era=AdminUnit.Era.CURRENT).exists():
        units_load_from_package()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_units()


def pytest_collection_modifyitems(config, items):
    # Browser tests use a live server and so a flushed database: run them after the rest.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads of every test land in a temporary folder (returned, for tests that look at it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests talk to this machine only: a connection elsewhere fails loudly."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise OSError(f"test tried to reach {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def unit(era: str, level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


@pytest.fixture
def lang_son(db) -> AdminUnit:
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.PROVINCE, "20")


@pytest.fixture
def hung_yen(db) -> AdminUnit:
    return unit(AdminUnit.Era.CURRENT, AdminUnit.Level.PROVINCE, "33")


@pytest.fixture
def thai_binh_legacy(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.PROVINCE, "34")


@pytest.fixture
def lang_son_legacy(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.PROVINCE, "20")


@pytest.fixture
def hung_ha(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.DISTRICT, "339")


@pytest.fixture
def tien_duc(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.COMMUNE, "12646")


@pytest.fixture
def chi_hoa(db) -> AdminUnit:
    return unit(AdminUnit.Era.LEGACY, AdminUnit.Level.COMMUNE, "12679")


@pytest.fixture
def lang_son_commune(db, lang_son_legacy) -> AdminUnit:
    return AdminUnit.objects.filter(parent__parent=lang_son_legacy).order_by("code").first()


@pytest.fixture
def superuser(db, user_factory) -> User:
    return user_factory(username="quantri", role="", is_superuser=True, is_staff=True)


@pytest.fixture
def province_admin(user_factory, lang_son) -> User:
    return user_factory(username="tinh.ls", role=User.Role.PROVINCE_ADMIN, province=lang_son)


@pytest.fixture
def province_viewer(user_factory, hung_yen) -> User:
    return user_factory(username="tinh.hy", role=User.Role.PROVINCE_VIEWER, province=hung_yen)


@pytest.fixture
def officer(user_factory, tien_duc) -> User:
    return user_factory(username="xa.td", role=User.Role.COMMUNE_OFFICER, commune=tien_duc)


@pytest.fixture
def hung_yen_admin(user_factory, hung_yen) -> User:
    return user_factory(username="tinh.hy.qt", role=User.Role.PROVINCE_ADMIN, province=hung_yen)


@pytest.fixture
def other_officer(user_factory, chi_hoa) -> User:
    return user_factory(username="xa.ch", role=User.Role.COMMUNE_OFFICER, commune=chi_hoa)
