"""Lạng Sơn, article 002: Đề án 01 (24/04/2019), 17 pilots in 2019, every commune by 2024, the
tổng kết of 16/01/2025 (its review and awards: `load_demo_reports`): more than 6,000 thank-you
letters and marriage certificates handed to 9,087 couples ("9.087 lượt cặp vợ chồng"); the
100,980 survey forms issued and the 1,310 dialogues are in the surveys and dialogues demos.

The conference asked to carry Đề án 01 on ("tiếp tục quán triệt triển khai thực hiện tốt đề án
01; nhân rộng các mô hình hay"). The demo continues it on the province's 2025 communes from
01/07/2025 as a programme of its own, whose criteria follow the article's list (one-stop
equipment, reception rooms, suggestion boxes, schedules, posted procedures, the boards, thank-you
letters, surveys, dialogues); it, its phase and its scores are the demo's, as its description says.
"""

from ..models import ActivityRecord, AdminUnit, Enrolment, FacilityCheck, Programme, ProgrammeDocument, User
from ..services.activity import activity_record, facility_check_record
from ..services.programmes import document_ensure, enrolment_ensure, programme_ensure
from . import DONG_DANG, NEW, OLD, D, current_commune, live_days, officer, split, unit
from .assessments import Stage, assessment_ensure, criteria_set_ensure

THANKS = 6048  # "hơn 6.000 thư cảm ơn"
COUPLES = 9087  # "trao giấy chứng nhận kết hôn cho 9.087 lượt cặp vợ chồng"
THANKS_NOTE = (
    "Tổng kết Đề án 01 (16/01/2025): chính quyền cấp xã gửi hơn 6.000 thư cảm ơn người dân đóng góp ý "
    "kiến (ghi 6.048); số của từng xã, từng năm là phân bổ minh họa."
)
COUPLES_NOTE = (
    "Tổng kết Đề án 01 (16/01/2025): tổ chức trao giấy chứng nhận kết hôn cho 9.087 lượt cặp vợ chồng; "
    "số lượng là số lượt cặp vợ chồng, không phải số buổi trao; số của từng xã, từng năm là phân bổ "
    "minh họa."
)
CONTINUATION = 'Tiếp tục xây dựng "Chính quyền thân thiện" cấp cơ sở sau sắp xếp đơn vị hành chính'
CRITERIA_TITLE = "Bộ tiêu chí \u201cChính quyền thân thiện\u201d cấp xã"
CRITERIA_GROUPS = [
    (
        "Cơ sở vật chất phục vụ người dân",
        ["Trang thiết bị bộ phận một cửa", "Phòng tiếp công dân"],
    ),
    (
        "Công khai, minh bạch",
        ["Hòm thư góp ý, lịch tiếp công dân", "Niêm yết công khai thủ tục hành chính"],
    ),
    (
        "Ứng xử của cán bộ, công chức",
        [
            "Treo và thực hiện \u201c5 biết\u201d, \u201c4 luôn\u201d, \u201c3 thể hiện\u201d",
            "Thư cảm ơn người dân góp ý",
        ],
    ),
    (
        "Lắng nghe và giải quyết ý kiến của Nhân dân",
        [
            "Khảo sát sự hài lòng về giải quyết thủ tục hành chính và thái độ cán bộ",
            "Đối thoại của người đứng đầu; giải quyết đơn thư, kiến nghị, phản ánh",
        ],
    ),
]


def programme() -> Programme:
    province = unit(OLD, AdminUnit.Level.PROVINCE, "20")
    scheme = programme_ensure(
        name='Xây dựng "Chính quyền thân thiện" cấp cơ sở',
        owner_unit=province,
        phase_start=D(2019, 4, 24),
        phase_end=D(2024, 12, 31),
        status=Programme.Status.CLOSED,
        description=(
            "Từ 17 mô hình điểm năm 2019, đến năm 2024 100% xã, phường, thị trấn triển khai. "
            "Tổng kết ngày 16/01/2025. Danh sách 17 xã điểm và năm nhân rộng của từng xã là "
            "dữ liệu minh họa."
        ),
    )
    document_ensure(
        programme=scheme,
        kind=ProgrammeDocument.Kind.SCHEME,
        number="01",
        issued_on=D(2019, 4, 24),
        issuer="Ban Dân vận Tỉnh ủy và UBND tỉnh Lạng Sơn",
        title='Xây dựng mô hình điểm "Chính quyền thân thiện" cấp cơ sở trên địa bàn tỉnh Lạng Sơn',
    )
    communes = list(
        AdminUnit.objects.filter(era=OLD, level=AdminUnit.Level.COMMUNE, parent__parent=province).order_by(
            "parent__code", "code"
        )
    )
    # Only what is missing or differs goes through the service (200 checks make a second run slow).
    existing = {
        row[0]: row[1:]
        for row in scheme.enrolments.values_list("commune_id", "level", "selected_on", "launched_on")
    }
    for item, level, selected_on in _enrolment_plan(communes):
        launched_on = D(selected_on.year, selected_on.month + 1, 1)
        if existing.get(item.pk) != (level, selected_on, launched_on):
            enrolment_ensure(
                programme=scheme, commune=item, level=level, selected_on=selected_on, launched_on=launched_on
            )
    return scheme


def _enrolment_plan(communes: list[AdminUnit]) -> list[tuple[AdminUnit, str, object]]:
    """17 pilots spread over the districts (the first communes of each, in code order), then every
    other commune joins the rollout between 2020 and 2024."""
    by_district: dict[int, list[AdminUnit]] = {}
    for item in communes:
        by_district.setdefault(item.parent_id, []).append(item)
    pilots: list[AdminUnit] = []
    while len(pilots) < 17:
        for items in by_district.values():
            remaining = [c for c in items if c not in pilots]
            if remaining and len(pilots) < 17:
                pilots.append(remaining[0])
    plan = [(item, Enrolment.Level.PROVINCE_PILOT, D(2019, 5, 15)) for item in pilots]
    rest = [c for c in communes if c not in pilots]
    for index, item in enumerate(rest):
        plan.append((item, Enrolment.Level.ROLLOUT, D(2020 + index * 5 // len(rest), 3, 1)))
    return plan


def history_tallies(scheme: Programme) -> list[ActivityRecord]:
    """More than 6,000 thank-you letters and 9,087 couples, year by year from the year each commune
    joined, as period totals."""
    by_year: dict[int, list[AdminUnit]] = {}
    for enrolment in scheme.enrolments.select_related("commune").order_by("commune__code"):
        for year in range(enrolment.selected_on.year, 2025):
            by_year.setdefault(year, []).append(enrolment.commune)
    years = sorted(by_year)
    weights = [len(by_year[year]) for year in years]
    records = []
    for kind, total, note in [
        (ActivityRecord.Kind.THANKS, THANKS, THANKS_NOTE),
        (ActivityRecord.Kind.MARRIAGE_CEREMONY, COUPLES, COUPLES_NOTE),
    ]:
        for year, year_total in zip(years, split(total, len(years), weights), strict=True):
            start = max(D(year, 1, 1), scheme.phase_start)
            communes = by_year[year]
            for item, count in zip(communes, split(year_total, len(communes)), strict=True):
                if count:
                    records.append(
                        ActivityRecord(
                            commune=item,
                            kind=kind,
                            period_start=start,
                            period_end=D(year, 12, 31),
                            count=count,
                            note=note,
                            source=ActivityRecord.Source.TALLY,
                        )
                    )
    return records


def continuation(*, admin: User) -> Programme:
    """Đề án 01 carried on by the 2025 communes: every one of them enrolled from 01/07/2025; the
    communes that took over the 2019 pilots scored for the second half of 2025 (verified) and six of
    them for 2026 (submitted, waiting for the province); Đồng Đăng's 2026 assessment still a draft
    on its officer's to-do list."""
    province = unit(NEW, AdminUnit.Level.PROVINCE, "20")
    programme_ = programme_ensure(
        name=CONTINUATION,
        owner_unit=province,
        phase_start=D(2025, 7, 1),
        phase_end=D(2030, 12, 31),
        description=(
            "Hội nghị tổng kết Đề án 01 ngày 16/01/2025 đề nghị tiếp tục thực hiện Đề án, nhân rộng các "
            "mô hình hay. Từ 01/07/2025 các xã, phường sau sắp xếp tiếp tục thực hiện. Chương trình này, "
            "giai đoạn, bộ tiêu chí và điểm tự đánh giá là dữ liệu minh họa: bài báo không nêu văn bản "
            "nào sau hội nghị tổng kết."
        ),
    )
    communes = AdminUnit.objects.filter(era=NEW, level=AdminUnit.Level.COMMUNE, parent=province).order_by(
        "code"
    )
    existing = set(programme_.enrolments.values_list("commune_id", flat=True))
    for item in communes:
        if item.pk not in existing:
            enrolment_ensure(
                programme=programme_,
                commune=item,
                level=Enrolment.Level.ROLLOUT,
                selected_on=D(2025, 7, 1),
                launched_on=D(2025, 7, 1),
            )
    criteria_set = criteria_set_ensure(
        programme=programme_,
        by=admin,
        title=CRITERIA_TITLE,
        issued_by="Sở Nội vụ tỉnh Lạng Sơn",
        groups=CRITERIA_GROUPS,
    )
    scheme = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="20", phase_start=D(2019, 4, 24))
    took_over_pilots = (
        communes.filter(predecessors__enrolments__programme=scheme)
        .filter(predecessors__enrolments__level=Enrolment.Level.PROVINCE_PILOT)
        .distinct()
        .order_by("code")
    )
    dong_dang = current_commune(DONG_DANG)
    for index, item in enumerate(took_over_pilots):
        assessment_ensure(
            criteria_set=criteria_set,
            commune=item,
            by=officer(DONG_DANG) if item == dong_dang else admin,
            verifier=admin,
            period=(D(2025, 7, 1), D(2025, 12, 31)),
            label="6 tháng cuối năm 2025",
            due_on=D(2026, 1, 15),
            stage=Stage.VERIFIED,
            seed=index,
            evidence="Báo cáo 6 tháng cuối năm 2025",
        )
    waiting = [item for item in took_over_pilots if item != dong_dang][:6]
    for index, item in enumerate(waiting):
        assessment_ensure(
            criteria_set=criteria_set,
            commune=item,
            by=admin,
            verifier=admin,
            period=(D(2026, 1, 1), D(2026, 12, 31)),
            label="Năm 2026",
            due_on=D(2026, 12, 15),
            stage=Stage.SUBMITTED,
            seed=index + 1,
            evidence="Báo cáo kết quả năm 2026",
        )
    assessment_ensure(
        criteria_set=criteria_set,
        commune=dong_dang,
        by=officer(DONG_DANG),
        verifier=admin,
        period=(D(2026, 1, 1), D(2026, 12, 31)),
        label="Năm 2026",
        due_on=D(2026, 12, 15),
        stage=Stage.DRAFT,
        seed=3,
        evidence="Báo cáo kết quả năm 2026 (đang hoàn thiện)",
    )
    return programme_


def live_log() -> None:
    """Đồng Đăng's log of this year, kept by its officer. Once."""
    today_unit = current_commune(DONG_DANG)
    if ActivityRecord.objects.filter(commune=today_unit, source=ActivityRecord.Source.ENTRY).exists():
        return
    by = officer(DONG_DANG)
    K = ActivityRecord.Kind
    for kind, days_ago, recipient in [
        (K.THANKS, 33, "Ông Hoàng Văn Sáng"),
        (K.MARRIAGE_CEREMONY, 19, "Anh Lương Văn Tùng và chị Hoàng Thị Nga"),
        (K.THANKS, 8, "Bà Lộc Thị Duyên"),
        (K.CONGRATULATION, 3, "Gia đình ông Vi Văn Hòa"),
    ]:
        activity_record(
            commune=today_unit, by=by, kind=kind, occurred_on=live_days(days_ago)[0], recipient=recipient
        )
    facility_check_record(
        commune=today_unit,
        by=by,
        checked_on=live_days(25)[0],
        items={item: (True, "") for item in FacilityCheck.Item.values},
    )
