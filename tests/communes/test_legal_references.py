"""The legal documents the portal cites, as data: the texts in force on a day (the decree that
replaced another from its first day), a province's own regulation only for that province, and the
"about" page that lists them."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from communes.models import LegalReference
from communes.selectors.legal import laws_in_force

pytestmark = pytest.mark.django_db

D = datetime.date
Topic = LegalReference.Topic


def numbers(topic, on, province=None) -> list[str]:
    return [reference.number for reference in laws_in_force(topic=topic, on=on, province=province)]


def test_the_seeded_table_gives_the_texts_in_force_on_each_day():
    assert numbers(Topic.EMULATION_LAW, D(2023, 12, 31)) == ["15/2003/QH11"]
    assert numbers(Topic.EMULATION_LAW, D(2024, 1, 1)) == ["06/2022/QH15"]
    # Nghị định 98/2023 until 30/06/2025, Nghị định 152/2025 (of 14/06/2025) from 01/07/2025.
    assert numbers(Topic.EMULATION_DECREE, D(2025, 6, 30)) == ["98/2023/NĐ-CP"]
    assert numbers(Topic.EMULATION_DECREE, D(2025, 7, 1)) == ["152/2025/NĐ-CP"]
    assert LegalReference.objects.get(number="152/2025/NĐ-CP").issued_on == D(2025, 6, 14)
    # The one-stop decree: 61/2018 as amended by 107/2021, then 118/2025 from 01/07/2025.
    assert numbers(Topic.ONE_STOP, D(2025, 6, 30)) == ["61/2018/NĐ-CP", "107/2021/NĐ-CP"]
    assert numbers(Topic.ONE_STOP, D(2025, 7, 1)) == ["118/2025/NĐ-CP"]
    assert numbers(Topic.DOCUMENT_FORMAT, D(2025, 7, 1)) == ["30/2020/NĐ-CP"]


def test_a_province_regulation_is_cited_for_its_province_only(lang_son, hung_yen):
    LegalReference.objects.create(
        topic=Topic.PROVINCE_EMULATION,
        kind="Quyết định",
        number="05/2024/QĐ-UBND",
        issued_on=D(2024, 3, 1),
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        title="Ban hành Quy chế công tác thi đua, khen thưởng",
        in_force_from=D(2024, 3, 15),
        province=lang_son,
    )
    assert numbers(Topic.PROVINCE_EMULATION, D(2025, 1, 1), lang_son) == ["05/2024/QĐ-UBND"]
    assert numbers(Topic.PROVINCE_EMULATION, D(2025, 1, 1), hung_yen) == []
    assert numbers(Topic.PROVINCE_EMULATION, D(2024, 3, 14), lang_son) == []


def test_a_reference_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalReference.objects.create(
            topic=Topic.ONE_STOP,
            kind="Nghị định",
            number="1/2030/NĐ-CP",
            issued_on=D(2030, 1, 1),
            issuer="Chính phủ",
            title="Thử",
            in_force_from=D(2030, 2, 1),
            in_force_until=D(2030, 1, 1),
        )


def test_the_about_page_lists_every_reference_with_its_force(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("communes:about"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="legal-reference"') == LegalReference.objects.count()
    for number in ("30/2020/NĐ-CP", "06/2022/QH15", "152/2025/NĐ-CP", "98/2023/NĐ-CP", "118/2025/NĐ-CP"):
        assert f"số {number}" in page, number
    assert "Đang có hiệu lực" in page and "Hết hiệu lực" in page
    assert "01/07/2025" in page
