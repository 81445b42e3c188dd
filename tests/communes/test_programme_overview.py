"""A programme's overview rolls up the programmes implementing it: a province's model counts the
communes a district rolled it out to, and their letters and ceremonies, each commune once."""

import datetime

import pytest
from django.urls import reverse

from communes.models import ActivityRecord, AdminUnit, Enrolment
from communes.selectors.programmes import programme_detail, programme_rollout

D = datetime.date


@pytest.fixture
def province_and_district(programme_factory, enrolment_factory, thai_binh_legacy, hung_ha, tien_duc, chi_hoa):
    """Thái Bình's scheme with Tiến Đức as its pilot; Hưng Hà's plan implementing it, with Tiến Đức
    (enrolled at both levels), Chí Hòa and Thái Hưng."""
    province = programme_factory(owner_unit=thai_binh_legacy)
    district = programme_factory(owner_unit=hung_ha, implements=province, phase_start=D(2023, 7, 12))
    thai_hung = AdminUnit.objects.get(era="legacy", level="commune", code="12649")
    enrolment_factory(programme=province, commune=tien_duc, selected_on=D(2023, 9, 5))
    enrolment_factory(programme=district, commune=tien_duc, selected_on=D(2023, 9, 5))
    enrolment_factory(programme=district, commune=chi_hoa, selected_on=D(2023, 9, 5))
    enrolment_factory(
        programme=district, commune=thai_hung, level=Enrolment.Level.ROLLOUT, selected_on=D(2024, 3, 1)
    )
    return province, district


def test_the_parents_rollout_counts_the_childrens_communes_once(province_and_district):
    province, _district = province_and_district
    rollout = programme_rollout(programme=province, with_implementations=True)
    assert [(r["year"], r["pilots"], r["rollout"], r["cumulative"]) for r in rollout] == [
        (2023, 2, 0, 2),
        (2024, 0, 1, 3),
    ]
    # Without the roll-up (a review of the province's own enrolments), only its pilot.
    assert [r["cumulative"] for r in programme_rollout(programme=province)] == [1]


def test_the_parents_overview_adds_the_childrens_activity_and_lists_their_communes(
    province_and_district, superuser, chi_hoa
):
    province, district = province_and_district
    ActivityRecord.objects.create(
        commune=chi_hoa,
        kind=ActivityRecord.Kind.THANKS,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        count=12,
        source=ActivityRecord.Source.TALLY,
    )
    overview = programme_detail(user=superuser, programme=province)
    assert overview["totals"]["letter_thanks"] == 12
    rows = {(e.commune.short_name, e.programme_id) for e in overview["enrolments"]}
    # Tiến Đức counts by the province's own enrolment, the others by the district's.
    assert rows == {("Tiến Đức", province.pk), ("Chí Hòa", district.pk), ("Thái Hưng", district.pk)}
    # The district's own overview is unchanged: its three communes.
    assert programme_detail(user=superuser, programme=district)["enrolments"].count() == 3


def test_the_overview_page_shows_the_child_programmes_communes_with_their_owner(
    client, province_and_district, province_viewer
):
    province, _district = province_and_district
    client.force_login(province_viewer)
    response = client.get(reverse("communes:programme_detail", args=[province.pk]))
    html = response.content.decode()
    assert len(response.context["page_obj"]) == 3
    assert "Xã Chí Hòa" in html and "(Huyện Hưng Hà)" in html
    assert "Gồm các xã tham gia chương trình cấp dưới" in html


def test_an_officer_sees_only_the_rolled_up_communes_of_their_scope(province_and_district, other_officer):
    """Hồng Minh's officer (Chí Hòa's successor) reads Chí Hòa's row, not Tiến Đức's."""
    province, _district = province_and_district
    overview = programme_detail(user=other_officer, programme=province)
    assert [e.commune.short_name for e in overview["enrolments"]] == ["Chí Hòa"]
