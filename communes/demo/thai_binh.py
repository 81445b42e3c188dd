"""Thái Bình (now part of Hưng Yên), articles 001 and 003.

- 003: the provincial Đề án 08-ĐA/TU (05/07/2023), Hưng Hà's Kế hoạch 145-KH/HU (12/07/2023) and
  Quyết định 510-QĐ/HU (05/09/2023) with its steering committee and seven pilot communes (Tiến Đức
  and Chí Hòa for the province; Thái Hưng, Hòa Bình, Liên Hiệp, Duyên Hải and Dân Chủ for the
  district), the criteria of its five content groups and the pilots' 2024 self-assessments.
- 001: Bồ Xuyên, one of the two pilot wards of Thái Bình city, inspected on 18/06/2024 after nine
  months: "3 luôn", "5 biết", "5 không", name badges, equipment.
- Since 01/07/2025 Thái Bình is part of Hưng Yên and the pilots belong to the communes that took
  them over: Tiến Đức, Thái Hưng and Liên Hiệp to Xã Long Hưng, Bồ Xuyên to Phường Thái Bình. Their
  officers keep today's log there, and the 2025 self-assessments (the phase ends 31/12/2025) are
  those of the 2025 communes, waiting for the province's verification.
"""

from ..models import (
    ActivityRecord,
    AdminUnit,
    CodeOfConduct,
    Enrolment,
    FacilityCheck,
    FacilityCheckItem,
    FollowUpTask,
    InspectionVisit,
    Programme,
    ProgrammeDocument,
    SelfAssessment,
    StaffMember,
    SteeringMember,
    User,
)
from ..services import conduct as conduct_services
from ..services.activity import activity_record, box_opening_record, facility_check_record
from ..services.programmes import document_ensure, enrolment_ensure, programme_ensure
from ..services.units import historic_commune_ensure
from . import (
    BO_XUYEN,
    LONG_HUNG,
    OLD,
    THAI_BINH_WARD,
    TIEN_DUC,
    D,
    commune,
    current_commune,
    live_days,
    officer,
    unit,
)
from .assessments import Stage, assessment_ensure, criteria_set_ensure

HUNG_HA = "339"
PILOTS = [
    ("12646", Enrolment.Level.PROVINCE_PILOT),  # Tiến Đức
    ("12679", Enrolment.Level.PROVINCE_PILOT),  # Chí Hòa
    ("12649", Enrolment.Level.DISTRICT_PILOT),  # Thái Hưng
    ("12655", Enrolment.Level.DISTRICT_PILOT),  # Hòa Bình
    ("12637", Enrolment.Level.DISTRICT_PILOT),  # Liên Hiệp
    ("12619", Enrolment.Level.DISTRICT_PILOT),  # Duyên Hải
]
CRITERIA_TITLE = "Bộ tiêu chí xây dựng mô hình \u201cChính quyền thân thiện vì Nhân dân phục vụ\u201d"
CRITERIA_GROUPS = [
    (
        "Chính quyền hoạt động công khai, minh bạch, dân chủ",
        ["Công khai thủ tục hành chính", "Lịch tiếp công dân, hòm thư góp ý"],
    ),
    ("Chính quyền thân thiện, trách nhiệm", ["Giải quyết hồ sơ đúng hẹn", "Đối thoại, trả lời kiến nghị"]),
    (
        "Cán bộ, công chức thân thiện, trách nhiệm, tận tụy",
        ["Thực hiện \u201c5 biết\u201d, \u201c3 thể hiện\u201d", "Đeo biển tên, tác phong"],
    ),
    ("Người đứng đầu gương mẫu, thân thiện", ["Tiếp dân định kỳ", "Chỉ đạo khắc phục hạn chế"]),
    (
        "Trụ sở khang trang, xanh, sạch, đẹp",
        ["Bộ phận một cửa đủ trang thiết bị", "Khuôn viên xanh, sạch, đẹp"],
    ),
]
# 001 names the ward's mottos without their items: the items are the usual wording.
BO_XUYEN_CODES = [
    (
        "3 luôn",
        ["Luôn mỉm cười", "Luôn lắng nghe", "Luôn giúp đỡ"],
    ),
    (
        "5 không",
        [
            "Không hách dịch, cửa quyền",
            "Không gây phiền hà, sách nhiễu",
            "Không vòi vĩnh, tiêu cực",
            "Không làm việc riêng trong giờ làm việc",
            "Không để người dân phải đi lại nhiều lần",
        ],
    ),
]
BO_XUYEN_CODE_NOTE = (
    "Phương châm của phường Bồ Xuyên, thí điểm Đề án 08-ĐA/TU (bài báo ngày 18/06/2024). Bài báo chỉ "
    "nêu tên phương châm, không nêu nội dung: các nội dung là cách diễn đạt thường dùng, đơn vị sửa "
    "theo văn bản của mình."
)
# Registers: the officers of the pilot communes, who moved to the 2025 commune on 01/07/2025.
STAFF = {
    TIEN_DUC: [
        ("Phạm Thị Hoa", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
        ("Nguyễn Văn Tuấn", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
        ("Trần Văn Bình", "Chủ tịch UBND xã", ""),
        ("Lê Thị Mai", "Công chức Địa chính - Xây dựng", "Bộ phận một cửa"),
    ],
    BO_XUYEN: [
        ("Đỗ Văn Hùng", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
        ("Vũ Thị Thu", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
        ("Hoàng Minh Đức", "Chủ tịch UBND phường", ""),
    ],
}
STAFF_2025 = {
    LONG_HUNG: [
        ("Phạm Thị Hoa", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
        ("Nguyễn Văn Tuấn", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
        ("Lê Thị Mai", "Công chức Địa chính - Xây dựng", "Bộ phận một cửa"),
        ("Trần Văn Bình", "Phó Chủ tịch UBND xã", ""),
    ],
    THAI_BINH_WARD: [
        ("Đỗ Văn Hùng", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
        ("Vũ Thị Thu", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
        ("Hoàng Minh Đức", "Phó Chủ tịch UBND phường", ""),
    ],
}


def programmes() -> dict[str, Programme]:
    province = unit(OLD, AdminUnit.Level.PROVINCE, "34")
    provincial = programme_ensure(
        name="Chính quyền thân thiện vì Nhân dân phục vụ",
        owner_unit=province,
        phase_start=D(2023, 7, 5),
        phase_end=D(2025, 12, 31),
        description=(
            "Thí điểm ở xã, phường, thị trấn trên địa bàn tỉnh Thái Bình giai đoạn 2023-2025. Từ "
            "01/07/2025 tỉnh Thái Bình hợp nhất vào tỉnh Hưng Yên; các xã điểm do xã, phường mới tiếp "
            "nhận tiếp tục thực hiện đến hết giai đoạn (Tiến Đức, Thái Hưng, Liên Hiệp: xã Long Hưng; "
            "Bồ Xuyên: phường Thái Bình)."
        ),
    )
    document_ensure(
        programme=provincial,
        kind=ProgrammeDocument.Kind.SCHEME,
        number="08-ĐA/TU",
        issued_on=D(2023, 7, 5),
        issuer="Ban Thường vụ Tỉnh ủy Thái Bình",
        title=(
            'Xây dựng thí điểm mô hình "Chính quyền thân thiện vì Nhân dân phục vụ" ở xã, '
            "phường, thị trấn trên địa bàn tỉnh Thái Bình giai đoạn 2023-2025"
        ),
    )
    # 001: Bồ Xuyên, one of the two pilot wards of Thái Bình city (the other is not named).
    enrolment_ensure(
        programme=provincial,
        commune=commune(BO_XUYEN),
        level=Enrolment.Level.PROVINCE_PILOT,
        selected_on=D(2023, 9, 5),
        launched_on=D(2023, 9, 18),
    )
    hung_ha = unit(OLD, AdminUnit.Level.DISTRICT, HUNG_HA)
    district = programme_ensure(
        name="Chính quyền thân thiện vì Nhân dân phục vụ",
        owner_unit=hung_ha,
        phase_start=D(2023, 7, 12),
        phase_end=D(2025, 12, 31),
        implements=provincial,
        description=(
            "Triển khai ngày 08/09/2023. Nội dung: chính quyền công khai, minh bạch, dân chủ; "
            "chính quyền thân thiện, trách nhiệm; cán bộ, công chức thân thiện, tận tụy; người "
            "đứng đầu gương mẫu; trụ sở khang trang, xanh, sạch, đẹp. Phòng Nội vụ ban hành "
            "tiêu chí và tập huấn cán bộ. Điểm tự đánh giá là dữ liệu minh họa."
        ),
    )
    document_ensure(
        programme=district,
        kind=ProgrammeDocument.Kind.PLAN,
        number="145-KH/HU",
        issued_on=D(2023, 7, 12),
        issuer="Ban Thường vụ Huyện ủy Hưng Hà",
        title='Xây dựng thí điểm mô hình "Chính quyền thân thiện vì Nhân dân phục vụ" giai đoạn 2023-2025',
    )
    decision = document_ensure(
        programme=district,
        kind=ProgrammeDocument.Kind.DECISION,
        number="510-QĐ/HU",
        issued_on=D(2023, 9, 5),
        issuer="Ban Thường vụ Huyện ủy Hưng Hà",
        title=(
            'Thành lập Ban Chỉ đạo xây dựng mô hình "Chính quyền thân thiện vì nhân dân '
            'phục vụ" huyện Hưng Hà'
        ),
    )
    for order, (name, position, role) in enumerate(
        [
            (
                "Nguyễn Trọng Lộ",
                "Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện",
                SteeringMember.Role.HEAD,
            ),
            ("Trần Thị Vân", "Ủy viên BTV Huyện ủy, Trưởng ban Dân vận Huyện ủy", SteeringMember.Role.DEPUTY),
        ]
    ):
        SteeringMember.objects.update_or_create(
            programme=district,
            full_name=name,
            defaults={"decision": decision, "position": position, "role": role, "order": order},
        )
    # Dân Chủ was merged before the published pre-2025 list; it is kept as a historic unit.
    dan_chu = historic_commune_ensure(
        district=hung_ha,
        name="Xã Dân Chủ",
        short_name="Dân Chủ",
        merged_into=commune("12676"),
        note="Đã nhập vào xã Độc Lập trước ngày 01/07/2025; không có trong danh mục công bố.",
    )
    for code, level in PILOTS:
        enrolment_ensure(programme=district, commune=commune(code), level=level, selected_on=D(2023, 9, 5))
        if level == Enrolment.Level.PROVINCE_PILOT:
            enrolment_ensure(
                programme=provincial, commune=commune(code), level=level, selected_on=D(2023, 9, 5)
            )
    enrolment_ensure(
        programme=district, commune=dan_chu, level=Enrolment.Level.DISTRICT_PILOT, selected_on=D(2023, 9, 5)
    )
    return {"provincial": provincial, "hung_ha": district}


def bo_xuyen_codes(*, by: User, programme: Programme) -> list[CodeOfConduct]:
    """ "3 luôn" and "5 không", the ward's mottos, as Thái Bình city's codes (a code belongs to a
    province or a district; the ward's own wording is not published)."""
    city = commune(BO_XUYEN).parent
    codes = []
    for name, items in BO_XUYEN_CODES:
        code = CodeOfConduct.objects.filter(name=name, owner_unit=city).first()
        if code is None:
            code = conduct_services.code_create(
                by=by,
                name=name,
                items=items,
                owner_unit=city,
                description=BO_XUYEN_CODE_NOTE,
                programmes=[programme],
            )
        codes.append(code)
    return codes


def bo_xuyen_inspection() -> None:
    """001: the inspection of 18/06/2024 (history of the ward)."""
    bo_xuyen = commune(BO_XUYEN)
    visit, _created = InspectionVisit.objects.update_or_create(
        commune=bo_xuyen,
        visited_on=D(2024, 6, 18),
        defaults={
            "visitor": "Nguyễn Tiến Thành",
            "visitor_title": "Phó Bí thư thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
            "findings": (
                "Sau hơn 9 tháng thí điểm, cán bộ, công chức quán triệt phương châm “3 luôn”, "
                "“5 biết”, “5 không”; đeo biển tên, vị trí, chức danh; trang thiết bị đầy đủ. "
                "Người dân, doanh nghiệp ghi nhận, đồng tình và ủng hộ."
            ),
        },
    )
    # The article gives the requests; the dates they were done on are illustrative.
    for description, due, done in [
        (
            "Tiếp tục nâng cao đạo đức công vụ của cán bộ, công chức, người hoạt động không chuyên trách",
            D(2024, 12, 31),
            D(2024, 12, 20),
        ),
        ("Thường xuyên kiểm tra, giám sát việc thực hiện mô hình", D(2024, 9, 30), D(2024, 9, 25)),
        ("Động viên, khen thưởng kịp thời tập thể, cá nhân tiêu biểu", D(2025, 1, 31), D(2025, 1, 20)),
    ]:
        FollowUpTask.objects.update_or_create(
            visit=visit, description=description, defaults={"due_on": due, "completed_on": done}
        )
    check, created = FacilityCheck.objects.get_or_create(commune=bo_xuyen, checked_on=D(2024, 6, 18))
    if created:
        FacilityCheckItem.objects.bulk_create(
            FacilityCheckItem(check_record=check, item=item, present=True)
            for item in FacilityCheck.Item.values
        )


def staff_registers(*, five: CodeOfConduct, ward_codes: list[CodeOfConduct]) -> None:
    """The pilots' registers of 2023 (pledges of September 2023), closed when the officers moved
    to the 2025 commune, and the 2025 communes' registers (pledges of July 2025)."""
    pledged = {
        TIEN_DUC: [five],
        BO_XUYEN: [five, *ward_codes],
        LONG_HUNG: [five],
        THAI_BINH_WARD: [five, *ward_codes],
    }
    successor_of = {TIEN_DUC: LONG_HUNG, BO_XUYEN: THAI_BINH_WARD}
    registers = [
        (commune(code), people, officer(successor_of[code]), D(2023, 9, 20), code)
        for code, people in STAFF.items()
    ] + [
        (current_commune(code), people, officer(code), D(2025, 7, 15), code)
        for code, people in STAFF_2025.items()
    ]
    for unit_, people, by, signed_on, key in registers:
        for full_name, position, desk in people:
            member = StaffMember.objects.filter(commune=unit_, full_name=full_name).first()
            if member is None:
                member = conduct_services.staff_create(
                    commune=unit_, by=by, full_name=full_name, position=position, desk=desk
                )
            if not member.is_active:
                continue
            for code in pledged[key]:
                if not member.pledges.filter(code=code).exists():
                    conduct_services.pledge_record(member=member, code=code, by=by, signed_on=signed_on)
            if unit_.era == OLD:
                conduct_services.staff_update(
                    member=member,
                    by=by,
                    full_name=member.full_name,
                    position=member.position,
                    desk=member.desk,
                    is_active=False,
                )


def criteria(*, programme: Programme, admin: User) -> None:
    """Hưng Hà's criteria (the five content groups of Kế hoạch 145-KH/HU); the pilots' 2024
    self-assessments, verified; and the 2025 self-assessments of the 2025 communes that took the
    pilots over: submitted and waiting for the province's verification, one returned to Long Hưng
    with the reason. Scores are illustrative."""
    criteria_set = criteria_set_ensure(
        programme=programme,
        by=admin,
        title=CRITERIA_TITLE,
        issued_by="Phòng Nội vụ huyện Hưng Hà",
        groups=CRITERIA_GROUPS,
    )
    enrolments = programme.enrolments.select_related("commune__successor").order_by("commune__code")
    for index, enrolment in enumerate(enrolments):
        assessment_ensure(
            criteria_set=criteria_set,
            commune=enrolment.commune,
            by=admin,
            verifier=admin,
            period=(D(2024, 1, 1), D(2024, 12, 31)),
            label="Năm 2024",
            due_on=D(2025, 1, 15),
            stage=Stage.VERIFIED,
            seed=index,
            evidence="Báo cáo kết quả năm 2024",
        )
    # A draft the earlier demo left on Tiến Đức for 2025: a 2025 period belongs to Long Hưng.
    SelfAssessment.objects.filter(
        commune__era=OLD,
        criteria_set=criteria_set,
        period_end__gte=D(2025, 7, 1),
        status=SelfAssessment.Status.DRAFT,
    ).delete()
    long_hung = current_commune(LONG_HUNG)
    successors = sorted({e.commune.successor for e in enrolments}, key=lambda unit_: unit_.code)
    for index, unit_ in enumerate(successors):
        is_long_hung = unit_ == long_hung
        assessment_ensure(
            criteria_set=criteria_set,
            commune=unit_,
            by=officer(LONG_HUNG) if is_long_hung else admin,
            verifier=admin,
            period=(D(2025, 1, 1), D(2025, 12, 31)),
            label="Năm 2025",
            due_on=D(2026, 1, 15),
            stage=Stage.RETURNED if is_long_hung else Stage.SUBMITTED,
            seed=index + 2,
            evidence="Báo cáo kết quả năm 2025 (gồm số liệu các xã trước sắp xếp)",
            return_reason=(
                "Đề nghị bổ sung minh chứng tiêu chí 2.1 (tỷ lệ hồ sơ đúng hẹn của cả năm, gồm số liệu "
                "các xã Tiến Đức, Thái Hưng, Liên Hiệp trước ngày 01/07/2025)."
            ),
        )


def live_log() -> None:
    """Today's log of Long Hưng and Phường Thái Bình, kept by their officers: letters, a marriage
    certificate hand-over, a suggestion-box opening, the latest facilities check (Long Hưng's
    lacks its reception schedule, which shows on the officer's to-do list). Once."""
    K = ActivityRecord.Kind
    plans = {
        LONG_HUNG: [
            (K.THANKS, 40, "Ông Nguyễn Văn Hải"),
            (K.CONGRATULATION, 21, "Gia đình ông Vũ Văn Khánh"),
            (K.MARRIAGE_CEREMONY, 14, "Anh Đỗ Minh Quân và chị Trần Thu Hà"),
            (K.THANKS, 6, "Bà Trần Thị Mai"),
        ],
        THAI_BINH_WARD: [
            (K.THANKS, 30, "Ông Lê Văn Toàn"),
            (K.CONDOLENCE, 17, "Gia đình bà Phạm Thị Nhung"),
            (K.MARRIAGE_CEREMONY, 9, "Anh Nguyễn Đức Anh và chị Bùi Lan Anh"),
        ],
    }
    for code, entries in plans.items():
        today_unit = current_commune(code)
        if ActivityRecord.objects.filter(commune=today_unit, source=ActivityRecord.Source.ENTRY).exists():
            continue
        by = officer(code)
        for kind, days_ago, recipient in entries:
            activity_record(
                commune=today_unit, by=by, kind=kind, occurred_on=live_days(days_ago)[0], recipient=recipient
            )
        if code == LONG_HUNG:
            box_opening_record(
                commune=today_unit,
                by=by,
                opened_on=live_days(10)[0],
                witnesses="Chủ tịch UBND xã, Chủ tịch Ủy ban MTTQ xã, công chức Văn phòng - Thống kê",
                letters_found=2,
                note="Hai thư góp ý về giờ làm việc của bộ phận một cửa.",
            )
        missing = {FacilityCheck.Item.RECEPTION_SCHEDULE} if code == LONG_HUNG else set()
        facility_check_record(
            commune=today_unit,
            by=by,
            checked_on=live_days(20)[0],
            items={
                item: (
                    item not in missing,
                    "Chưa niêm yết lịch tiếp công dân của xã mới" if item in missing else "",
                )
                for item in FacilityCheck.Item.values
            },
        )
