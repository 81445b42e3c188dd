"""Rules of codes of conduct, the commune staff register and signed pledges (services and
selectors)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communes.models import AdminUnit, CodeOfConduct, Pledge, StaffMember, User
from communes.selectors import conduct as selectors
from communes.services import conduct as services

from .conduct.factories import (
    FIVE_KNOWS,
    pdf_upload,
    png_upload,
)


@pytest.fixture
def lang_son_officer(user_factory, lang_son_commune) -> User:
    return user_factory(username="xa.ls", role=User.Role.COMMUNE_OFFICER, commune=lang_son_commune)


@pytest.fixture
def hung_yen_code(code_of_conduct_factory, hung_yen):
    return code_of_conduct_factory(name="5 biết", owner_unit=hung_yen)


@pytest.fixture
def national_code(code_of_conduct_factory):
    return code_of_conduct_factory(
        name="3 thể hiện", owner_unit=None, items=["Tôn trọng", "Văn minh", "Gần gũi"]
    )


def texts(code: CodeOfConduct) -> list[str]:
    return [item.text for item in code.items.order_by("order", "id")]


# --- Codes of conduct -------------------------------------------------------------------------


def test_it_lets_a_province_admin_write_their_provinces_code_with_ordered_items(
    province_admin, lang_son, programme_factory
):
    programme = programme_factory(owner_unit=lang_son)
    code = services.code_create(
        by=province_admin,
        name="  5   biết ",
        owner_unit=lang_son,
        items=["Biết nghe dân nói", "  ", "Biết nói dân hiểu"],
        programmes=[programme],
    )
    assert code.name == "5 biết"
    assert code.owner_unit == lang_son
    assert texts(code) == ["Biết nghe dân nói", "Biết nói dân hiểu"]
    assert list(code.programmes.all()) == [programme]


def test_it_refuses_a_second_code_of_the_same_name_for_the_same_owner(province_admin, lang_son):
    services.code_create(by=province_admin, name="5 biết", owner_unit=lang_son, items=FIVE_KNOWS)
    with pytest.raises(ValidationError) as error:
        services.code_create(by=province_admin, name="5 BIẾT", owner_unit=lang_son, items=FIVE_KNOWS)
    assert error.value.message_dict["name"] == ["Đơn vị Tỉnh Lạng Sơn đã có bộ quy tắc “5 BIẾT”."]
    assert CodeOfConduct.objects.filter(owner_unit=lang_son).count() == 1


def test_the_same_name_is_allowed_for_another_owner_but_not_twice_nationally(
    superuser, lang_son, hung_yen, national_code
):
    services.code_create(by=superuser, name="3 thể hiện", owner_unit=lang_son, items=["Tôn trọng"])
    services.code_create(by=superuser, name="3 thể hiện", owner_unit=hung_yen, items=["Tôn trọng"])
    with pytest.raises(ValidationError) as error:
        services.code_create(by=superuser, name="3 thể hiện", owner_unit=None, items=["Tôn trọng"])
    assert "dùng chung toàn quốc" in error.value.message_dict["name"][0]


def test_a_code_needs_at_least_one_item_and_at_most_twelve(province_admin, lang_son):
    with pytest.raises(ValidationError) as error:
        services.code_create(by=province_admin, name="4 luôn", owner_unit=lang_son, items=["", "  "])
    assert error.value.message_dict["items"] == ["Bộ quy tắc phải có ít nhất một nội dung."]
    with pytest.raises(ValidationError) as error:
        services.code_create(
            by=province_admin, name="4 luôn", owner_unit=lang_son, items=[f"Luôn {i}" for i in range(13)]
        )
    assert error.value.message_dict["items"] == ["Một bộ quy tắc có tối đa 12 nội dung."]
    assert not CodeOfConduct.objects.filter(name="4 luôn").exists()


def test_an_empty_code_cannot_be_printed(db, code_of_conduct_factory):
    code = code_of_conduct_factory(items=[])
    with pytest.raises(ValidationError) as error:
        services.code_ensure_printable(code=code)
    assert "chưa có nội dung" in error.value.messages[0]


def test_only_a_superuser_writes_national_codes(province_admin, superuser):
    with pytest.raises(PermissionDenied):
        services.code_create(by=province_admin, name="5 không", owner_unit=None, items=["Không hách dịch"])
    code = services.code_create(by=superuser, name="5 không", owner_unit=None, items=["Không hách dịch"])
    assert code.owner_unit is None


def test_viewers_and_officers_write_no_code(province_viewer, officer, hung_yen):
    for user in (province_viewer, officer):
        with pytest.raises(PermissionDenied):
            services.code_create(by=user, name="4 xin", owner_unit=hung_yen, items=["Xin chào"])
    assert not CodeOfConduct.objects.exists()


def test_a_province_admin_cannot_write_for_another_province(province_admin, hung_yen, hung_yen_code):
    with pytest.raises(PermissionDenied):
        services.code_create(by=province_admin, name="4 luôn", owner_unit=hung_yen, items=["Luôn tươi cười"])
    with pytest.raises(PermissionDenied):
        services.code_update(code=hung_yen_code, by=province_admin, name="Đổi tên")
    hung_yen_code.refresh_from_db()
    assert hung_yen_code.name == "5 biết"


def test_a_province_admin_cannot_edit_a_national_code(province_admin, national_code):
    with pytest.raises(PermissionDenied) as error:
        services.code_update(code=national_code, by=province_admin, items=["Khác"])
    assert "toàn quốc" in str(error.value)
    assert texts(national_code) == ["Tôn trọng", "Văn minh", "Gần gũi"]


def test_a_code_links_only_programmes_of_the_admins_province(
    province_admin, lang_son, hung_yen, programme_factory
):
    other = programme_factory(owner_unit=hung_yen)
    with pytest.raises(ValidationError) as error:
        services.code_create(
            by=province_admin, name="5 biết", owner_unit=lang_son, items=FIVE_KNOWS, programmes=[other]
        )
    assert error.value.message_dict["programmes"] == ["Chỉ gắn được chương trình do tỉnh của bạn chủ trì."]
    assert not CodeOfConduct.objects.exists()


def test_updating_replaces_the_items_in_order_and_keeps_the_pledges(
    hung_yen_admin, hung_yen_code, staff_member_factory, pledge_factory, tien_duc
):
    pledge = pledge_factory(staff_member=staff_member_factory(commune=tien_duc), code=hung_yen_code)
    services.code_update(
        code=hung_yen_code, by=hung_yen_admin, items=["Biết cảm ơn", "Biết xin lỗi"], description="Mới"
    )
    hung_yen_code.refresh_from_db()
    assert texts(hung_yen_code) == ["Biết cảm ơn", "Biết xin lỗi"]
    assert hung_yen_code.description == "Mới"
    assert hung_yen_code.name == "5 biết"
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_renaming_to_a_taken_name_is_refused(
    hung_yen_admin, hung_yen, hung_yen_code, code_of_conduct_factory
):
    other = code_of_conduct_factory(name="4 luôn", owner_unit=hung_yen)
    with pytest.raises(ValidationError) as error:
        services.code_update(code=other, by=hung_yen_admin, name="5 Biết")
    assert "đã có bộ quy tắc" in error.value.message_dict["name"][0]
    other.refresh_from_db()
    assert other.name == "4 luôn"


def test_a_signed_code_cannot_be_deleted(
    hung_yen_admin,
    hung_yen_code,
    staff_member_factory,
    pledge_factory,
    tien_duc,
    code_of_conduct_factory,
    hung_yen,
):
    pledge_factory(staff_member=staff_member_factory(commune=tien_duc), code=hung_yen_code)
    with pytest.raises(ValidationError) as error:
        services.code_delete(code=hung_yen_code, by=hung_yen_admin)
    assert "đã có cán bộ ký cam kết" in error.value.messages[0]
    unsigned = code_of_conduct_factory(name="4 luôn", owner_unit=hung_yen)
    services.code_delete(code=unsigned, by=hung_yen_admin)
    assert not CodeOfConduct.objects.filter(pk=unsigned.pk).exists()


def test_national_codes_are_read_by_everyone_and_province_codes_by_their_province(
    superuser,
    province_admin,
    province_viewer,
    officer,
    lang_son_officer,
    national_code,
    hung_yen_code,
    code_of_conduct_factory,
    lang_son,
    thai_binh_legacy,
):
    lang_son_code = code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    # A code of Thái Bình before 2025 is read by Hưng Yên, which took Thái Bình over.
    thai_binh_code = code_of_conduct_factory(name="5 không", owner_unit=thai_binh_legacy)

    def visible(user):
        return set(selectors.code_list(user=user).values_list("name", flat=True))

    assert visible(superuser) == {"3 thể hiện", "5 biết", "4 luôn", "5 không"}
    assert visible(province_admin) == {"3 thể hiện", "4 luôn"}
    assert visible(province_viewer) == {"3 thể hiện", "5 biết", "5 không"}
    # An officer reads the codes of their commune's province, then and now.
    assert visible(officer) == {"3 thể hiện", "5 biết", "5 không"}
    assert visible(lang_son_officer) == {"3 thể hiện", "4 luôn"}
    assert selectors.code_list(user=officer).get(pk=hung_yen_code.pk).item_count == 5
    assert not selectors.can_edit_code(user=province_admin, code=hung_yen_code)
    assert selectors.can_edit_code(user=province_admin, code=lang_son_code)
    assert not selectors.can_edit_code(user=province_viewer, code=thai_binh_code)


# --- Staff register ---------------------------------------------------------------------------


def test_an_officer_adds_staff_to_their_commune_in_order(officer, tien_duc):
    first = services.staff_create(
        commune=tien_duc, by=officer, full_name="Nguyễn  Văn   Ánh", position="Chủ tịch UBND xã"
    )
    second = services.staff_create(
        commune=tien_duc,
        by=officer,
        full_name="Trần Thị Bình",
        position="Phó Chủ tịch",
        desk="Bộ phận một cửa",
    )
    assert first.full_name == "Nguyễn Văn Ánh"
    assert (first.order, second.order) == (1, 2)
    assert second.is_active


def test_a_name_typed_in_decomposed_form_is_stored_composed(officer, tien_duc):
    decomposed = "Nguye\u0302\u0303n Va\u0306n A\u0301nh"
    member = services.staff_create(commune=tien_duc, by=officer, full_name=decomposed, position="Công chức")
    assert member.full_name == "Nguyễn Văn Ánh"


def test_staff_need_a_name_and_a_position(officer, tien_duc):
    with pytest.raises(ValidationError) as error:
        services.staff_create(commune=tien_duc, by=officer, full_name=" ", position="")
    assert error.value.message_dict == {
        "full_name": ["Hãy nhập họ và tên."],
        "position": ["Hãy nhập chức vụ."],
    }


def test_only_the_communes_own_officers_keep_its_staff_register(
    other_officer, province_admin, province_viewer, tien_duc, hung_yen_admin
):
    for user in (other_officer, province_viewer, hung_yen_admin, province_admin):
        with pytest.raises(PermissionDenied):
            services.staff_create(commune=tien_duc, by=user, full_name="Lê Văn Cường", position="Công chức")
    assert not StaffMember.objects.exists()


def test_a_photo_must_be_an_image(officer, tien_duc):
    with pytest.raises(ValidationError) as error:
        services.staff_create(
            commune=tien_duc, by=officer, full_name="Lê Văn Cường", position="Công chức", photo=pdf_upload()
        )
    assert error.value.message_dict == {"photo": ["Chỉ nhận ảnh (JPEG, PNG, WebP)."]}
    assert not StaffMember.objects.exists()
    member = services.staff_create(
        commune=tien_duc, by=officer, full_name="Lê Văn Cường", position="Công chức", photo=png_upload()
    )
    assert member.photo.name.startswith("staff/") and member.photo.name.endswith(".png")


def test_a_new_photo_replaces_the_old_file_and_can_be_removed(
    officer, tien_duc, django_capture_on_commit_callbacks
):
    member = services.staff_create(
        commune=tien_duc, by=officer, full_name="Lê Văn Cường", position="Công chức", photo=png_upload()
    )
    old = member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_update(
            member=member, by=officer, full_name="Lê Văn Cường", position="Công chức", photo=png_upload()
        )
    assert member.photo.name != old
    assert not member.photo.storage.exists(old)
    current = member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_update(
            member=member, by=officer, full_name="Lê Văn Cường", position="Công chức", remove_photo=True
        )
    member.refresh_from_db()
    assert not member.photo
    assert not member.photo.storage.exists(current)


def test_a_member_who_leaves_is_made_inactive(officer, tien_duc, staff_member_factory):
    member = staff_member_factory(commune=tien_duc, full_name="Phạm Văn Dũng", order=4)
    services.staff_update(
        member=member, by=officer, full_name="Phạm Văn Dũng", position="Công chức", is_active=False
    )
    member.refresh_from_db()
    assert not member.is_active
    assert member.order == 4


def test_the_name_search_ignores_case_and_diacritics(officer, tien_duc, staff_member_factory):
    staff_member_factory(commune=tien_duc, full_name="Nguyễn Văn Đức")
    staff_member_factory(commune=tien_duc, full_name="Trần Thị Ánh")
    staff = selectors.staff_list(user=officer, commune=tien_duc)

    def found(q):
        return set(selectors.name_search(staff, field="full_name", q=q).values_list("full_name", flat=True))

    assert found("nguyen van duc") == {"Nguyễn Văn Đức"}
    assert found("ĐỨC") == {"Nguyễn Văn Đức"}
    assert found("anh") == {"Trần Thị Ánh"}
    assert found("TRAN thi") == {"Trần Thị Ánh"}
    assert found("") == {"Nguyễn Văn Đức", "Trần Thị Ánh"}


# --- Pledges ----------------------------------------------------------------------------------


@pytest.fixture
def member(staff_member_factory, tien_duc):
    return staff_member_factory(commune=tien_duc, full_name="Nguyễn Văn Ánh")


def test_an_officer_records_a_pledge_once_per_member_and_code(officer, member, hung_yen_code):
    pledge = services.pledge_record(
        member=member, code=hung_yen_code, by=officer, signed_on=datetime.date(2024, 3, 15)
    )
    assert pledge.staff_member == member
    with pytest.raises(ValidationError) as error:
        services.pledge_record(
            member=member, code=hung_yen_code, by=officer, signed_on=datetime.date(2024, 4, 1)
        )
    assert error.value.message_dict == {
        "staff_member": ["Nguyễn Văn Ánh đã ký cam kết “5 biết” ngày 15/03/2024."]
    }
    assert Pledge.objects.count() == 1


def test_a_pledge_may_keep_a_scan_as_an_image_or_a_pdf(officer, member, hung_yen_code, national_code):
    pledge = services.pledge_record(
        member=member, code=hung_yen_code, by=officer, signed_on=datetime.date(2024, 3, 15), scan=pdf_upload()
    )
    assert pledge.scan.name.endswith(".pdf")
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.pledge_record(
            member=member,
            code=national_code,
            by=officer,
            signed_on=datetime.date(2024, 3, 15),
            scan=SimpleUploadedFile("ban-ky.txt", b"khong phai anh", "text/plain"),
        )
    assert error.value.message_dict == {"scan": ["Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF."]}


def test_a_pledge_is_refused_for_an_inactive_member_a_future_day_or_a_foreign_code(
    officer, member, staff_member_factory, tien_duc, hung_yen_code, code_of_conduct_factory, lang_son
):
    gone = staff_member_factory(commune=tien_duc, full_name="Đỗ Văn Nghỉ", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.pledge_record(
            member=gone, code=hung_yen_code, by=officer, signed_on=datetime.date(2024, 3, 1)
        )
    assert error.value.message_dict == {
        "staff_member": ["Đỗ Văn Nghỉ đã nghỉ công tác; không ghi cam kết mới."]
    }
    with pytest.raises(ValidationError) as error:
        services.pledge_record(
            member=member,
            code=hung_yen_code,
            by=officer,
            signed_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert error.value.message_dict == {"signed_on": ["Ngày ký không được ở tương lai."]}
    lang_son_code = code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    with pytest.raises(ValidationError) as error:
        services.pledge_record(
            member=member, code=lang_son_code, by=officer, signed_on=datetime.date(2024, 3, 1)
        )
    assert error.value.message_dict == {"code": ["Bộ quy tắc này không áp dụng cho xã của cán bộ."]}
    assert not Pledge.objects.exists()


def test_only_the_communes_officers_record_or_delete_pledges(
    other_officer, province_viewer, province_admin, officer, member, hung_yen_code, pledge_factory
):
    for user in (other_officer, province_viewer, province_admin):
        with pytest.raises(PermissionDenied):
            services.pledge_record(
                member=member, code=hung_yen_code, by=user, signed_on=datetime.date(2024, 3, 1)
            )
    pledge = pledge_factory(staff_member=member, code=hung_yen_code)
    with pytest.raises(PermissionDenied):
        services.pledge_delete(pledge=pledge, by=other_officer)
    services.pledge_delete(pledge=pledge, by=officer)
    assert not Pledge.objects.exists()


def test_it_shows_who_signed_a_code_among_active_staff(
    member,
    staff_member_factory,
    tien_duc,
    chi_hoa,
    hung_yen_code,
    national_code,
    pledge_factory,
    province_viewer,
):
    waiting = staff_member_factory(commune=tien_duc, full_name="Trần Thị Bình")
    gone = staff_member_factory(commune=tien_duc, full_name="Đỗ Văn Nghỉ", is_active=False)
    pledge_factory(staff_member=member, code=hung_yen_code, signed_on=datetime.date(2024, 3, 15))
    pledge_factory(staff_member=gone, code=hung_yen_code)
    pledge_factory(staff_member=waiting, code=national_code)  # another code does not count
    staff_member_factory(commune=chi_hoa, full_name="Vũ Văn Hòa")

    rows = {m.full_name: m for m in selectors.code_signatures(code=hung_yen_code, commune=tien_duc)}
    assert set(rows) == {"Nguyễn Văn Ánh", "Trần Thị Bình"}
    assert rows["Nguyễn Văn Ánh"].signed_on == datetime.date(2024, 3, 15)
    assert rows["Trần Thị Bình"].signed_on is None
    assert selectors.code_signature_counts(code=hung_yen_code, commune=tien_duc) == {
        "active": 2,
        "signed": 1,
        "unsigned": 1,
    }
    summary = {
        u.name: (u.signed, u.active_staff)
        for u in selectors.code_commune_summary(code=hung_yen_code, user=province_viewer)
    }
    assert summary == {"Xã Tiến Đức": (1, 2), "Xã Chí Hòa": (0, 1)}


def test_the_badge_sheets_hold_eight_active_members_each(staff_member_factory, tien_duc):
    for index in range(9):
        staff_member_factory(commune=tien_duc, full_name=f"Cán Bộ {index}", order=index)
    staff_member_factory(commune=tien_duc, full_name="Đỗ Văn Nghỉ", is_active=False)
    sheets = selectors.badge_sheets(commune=tien_duc)
    assert [len(sheet) for sheet in sheets] == [8, 1]
    assert [(b.row, b.column) for b in sheets[0][:3]] == [(0, 0), (0, 1), (1, 0)]
    assert all(b.full_name != "Đỗ Văn Nghỉ" for sheet in sheets for b in sheet)


def test_a_badge_photo_is_embedded_from_storage_and_a_non_image_is_skipped(
    officer, tien_duc, staff_member_factory
):
    member = services.staff_create(
        commune=tien_duc, by=officer, full_name="Lê Văn Cường", position="Công chức", photo=png_upload()
    )
    assert selectors.photo_data_uri(member).startswith("data:image/jpeg;base64,")
    # A file that is not an image (put there by other means) is never embedded.
    member.photo.storage.save("staff/khong-phai-anh.png", pdf_upload())
    StaffMember.objects.filter(pk=member.pk).update(photo="staff/khong-phai-anh.png")
    member.refresh_from_db()
    assert selectors.photo_data_uri(member) is None
    StaffMember.objects.filter(pk=member.pk).update(photo="staff/khong-co.png")
    member.refresh_from_db()
    assert selectors.photo_data_uri(member) is None


def test_codes_for_a_commune_are_the_national_ones_and_its_provinces(
    tien_duc, national_code, hung_yen_code, code_of_conduct_factory, lang_son, hung_ha
):
    district_code = code_of_conduct_factory(name="4 xin", owner_unit=hung_ha)
    code_of_conduct_factory(name="4 luôn", owner_unit=lang_son)
    names = set(selectors.codes_for_commune(commune=tien_duc).values_list("name", flat=True))
    assert names == {"3 thể hiện", "5 biết", district_code.name}
    assert (
        AdminUnit.objects.filter(pk__in=selectors.codes_for_commune_units(code=district_code))
        .filter(pk=tien_duc.pk)
        .exists()
    )
