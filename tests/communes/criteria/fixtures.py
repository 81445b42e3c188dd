"""Fixtures of the criteria tests: Hưng Hà's programme (Kế hoạch 145-KH/HU) with Tiến Đức and
Chí Hòa as pilots, its published criteria set, and helpers to score and rank communes.

The set, built through the services:
  Nhóm 1 "Chính quyền công khai, minh bạch": 1.1 (10), 1.2 → 1.2.a (3) + 1.2.b (2)
  Nhóm 2 "Cán bộ thân thiện, tận tụy": 2.1 (5)
so its leaves are worth 10 + 3 + 2 + 5 = 20 points."""

import datetime
from decimal import Decimal

import pytest

from communes.models import AdminUnit, Criterion, SelfAssessment
from communes.services import criteria as services

TREE = [
    {
        "title": "Chính quyền công khai, minh bạch",
        "criteria": [
            {"code": "1.1", "title": "Niêm yết công khai thủ tục hành chính", "max_score": Decimal("10")},
            {
                "code": "1.2",
                "title": "Tiếp công dân theo lịch",
                "max_score": Decimal("5"),
                "children": [
                    {"code": "1.2.a", "title": "Có phòng tiếp công dân", "max_score": Decimal("3")},
                    {"code": "1.2.b", "title": "Công khai lịch tiếp công dân", "max_score": Decimal("2")},
                ],
            },
        ],
    },
    {
        "title": "Cán bộ thân thiện, tận tụy",
        "criteria": [{"code": "2.1", "title": "Thực hiện “5 biết”", "max_score": Decimal("5")}],
    },
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def thai_hung(hung_ha) -> AdminUnit:
    return AdminUnit.objects.get(parent=hung_ha, name="Xã Thái Hưng")


@pytest.fixture
def hung_ha_programme(programme_factory, enrolment_factory, hung_ha, tien_duc, chi_hoa, thai_hung):
    programme = programme_factory(
        owner_unit=hung_ha, name="Chính quyền thân thiện vì Nhân dân phục vụ (Hưng Hà)"
    )
    for commune in (tien_duc, chi_hoa, thai_hung):
        enrolment_factory(programme=programme, commune=commune)
    return programme


@pytest.fixture
def draft_set(hung_ha_programme, hung_yen_admin):
    return services.criteria_set_create(
        programme=hung_ha_programme,
        by=hung_yen_admin,
        title="Bộ tiêu chí xã thân thiện",
        issued_by="Phòng Nội vụ huyện Hưng Hà",
        groups=TREE,
    )


@pytest.fixture
def criteria_set(draft_set, hung_yen_admin):
    return services.criteria_set_publish(criteria_set=draft_set, by=hung_yen_admin)


def by_code(criteria_set, code: str) -> Criterion:
    return Criterion.objects.get(group__criteria_set=criteria_set, code=code)


def start(criteria_set, commune, by, **kwargs) -> SelfAssessment:
    values = {
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2024, 12, 31),
        "period_label": "Năm 2024",
    }
    values.update(kwargs)
    return services.assessment_start(criteria_set=criteria_set, commune=commune, by=by, **values)


def score_all(assessment, by, scores: dict[str, str]) -> None:
    services.assessment_scores_save(
        assessment=assessment,
        by=by,
        entries=[
            {"criterion": by_code(assessment.criteria_set, code), "self_score": Decimal(value)}
            for code, value in scores.items()
        ],
    )


FULL = {"1.1": "8", "1.2.a": "3", "1.2.b": "1.5", "2.1": "4"}  # 16.5 of 20


@pytest.fixture
def assessment(criteria_set, tien_duc, officer) -> SelfAssessment:
    return start(criteria_set, tien_duc, officer, due_on=datetime.date(2025, 1, 15))


@pytest.fixture
def submitted(assessment, officer) -> SelfAssessment:
    score_all(assessment, officer, FULL)
    return services.assessment_submit(assessment=assessment, by=officer)
