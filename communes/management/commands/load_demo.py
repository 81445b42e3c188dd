"""Demo data: the programmes of the source articles, their documents, dates and pilot communes,
and one demo account per role. Idempotent: a second run updates the same rows.

Where an article gives a fact (a number, a date, a commune), it is used as given. Where the
portal needs a value the articles do not give (which 17 Lạng Sơn communes were the 2019 pilots,
the month each commune joined the rollout), the demo picks one and the programme's description
says so.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum

from communes.models import (
    ActivityRecord,
    AdminUnit,
    CodeOfConduct,
    CriteriaSet,
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
from communes.services import conduct as conduct_services
from communes.services import criteria as criteria_services
from communes.services.accounts import user_create
from communes.services.programmes import document_ensure, enrolment_ensure, programme_ensure
from communes.services.units import historic_commune_ensure

DEMO_PASSWORD = "thanthien2025"
# Marks the period totals this command writes, so that a second run replaces them.
DEMO_NOTE = "Số liệu minh họa"
D = datetime.date
OLD = AdminUnit.Era.LEGACY
NEW = AdminUnit.Era.CURRENT


def unit(era: str, level: str, code: str) -> AdminUnit:
    try:
        return AdminUnit.objects.get(era=era, level=level, code=code)
    except AdminUnit.DoesNotExist as exc:
        raise CommandError(
            f"Administrative unit {era}/{level}/{code} is missing: run `manage.py load_units` first."
        ) from exc


def commune(code: str) -> AdminUnit:
    return unit(OLD, AdminUnit.Level.COMMUNE, code)


class Command(BaseCommand):
    help = "Load the demo programmes from the source articles and one demo account per role."

    @transaction.atomic
    def handle(self, *args, **options):
        self.binh_duong()
        self.thai_binh()
        self.lang_son()
        users = self.users()
        self.activity()
        self.conduct()
        self.criteria()
        self.stdout.write(
            f"Demo data: {Programme.objects.count()} programmes, "
            f"{ProgrammeDocument.objects.count()} documents, {Enrolment.objects.count()} enrolled communes, "
            f"{ActivityRecord.objects.aggregate(n=Sum('count'))['n'] or 0} letters and ceremonies."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            scope = user.province or user.commune or "toàn quốc"
            self.stdout.write(f"  {user.username:<16} {user.get_role_display() or 'superuser'} – {scope}")

    def binh_duong(self):
        # 000: Bình Dương, sơ kết 1 năm thí điểm at the conference of 13/01/2016, plan 2016-2020.
        province = unit(OLD, AdminUnit.Level.PROVINCE, "74")
        government = programme_ensure(
            name="Chính quyền thân thiện của dân, do dân, vì dân",
            owner_unit=province,
            phase_start=D(2015, 1, 1),
            phase_end=D(2020, 12, 31),
            status=Programme.Status.CLOSED,
            description=(
                "Thí điểm năm 2015, sơ kết 1 năm tại hội nghị ngày 13/01/2016 do Chủ tịch UBND tỉnh "
                "chủ trì; 21 tập thể, cá nhân được tặng bằng khen. Tiếp tục giai đoạn 2016-2020."
            ),
        )
        programme_ensure(
            name="Công sở thân thiện vì nhân dân phục vụ",
            owner_unit=province,
            phase_start=D(2015, 1, 1),
            phase_end=D(2020, 12, 31),
            status=Programme.Status.CLOSED,
            description="Mô hình song song cấp cơ quan, sơ kết cùng hội nghị ngày 13/01/2016.",
        )
        # 004: Bàu Bàng district rolled the model out to all its communes; sơ kết on 08/08/2017.
        bau_bang = unit(OLD, AdminUnit.Level.DISTRICT, "719")
        district_programme = programme_ensure(
            name="Chính quyền thân thiện của dân, do dân, vì dân",
            owner_unit=bau_bang,
            phase_start=D(2016, 1, 13),
            phase_end=D(2020, 12, 31),
            status=Programme.Status.CLOSED,
            implements=government,
            description=(
                'Sơ kết ngày 08/08/2017: 100% đơn vị treo bảng "5 biết", "3 thể hiện". '
                "Ngày các xã tham gia là dữ liệu minh họa."
            ),
        )
        for code in bau_bang.children.values_list("code", flat=True):
            enrolment_ensure(
                programme=district_programme,
                commune=commune(code),
                level=Enrolment.Level.ROLLOUT,
                selected_on=D(2016, 1, 13),
                launched_on=D(2016, 3, 1),
            )

    def thai_binh(self):
        # 003: provincial Đề án 08-ĐA/TU (05/07/2023) and Hưng Hà's Kế hoạch 145-KH/HU.
        province = unit(OLD, AdminUnit.Level.PROVINCE, "34")
        provincial = programme_ensure(
            name="Chính quyền thân thiện vì Nhân dân phục vụ",
            owner_unit=province,
            phase_start=D(2023, 7, 5),
            phase_end=D(2025, 12, 31),
            description=(
                "Thí điểm ở xã, phường, thị trấn trên địa bàn tỉnh Thái Bình giai đoạn 2023-2025 "
                "(nay thuộc tỉnh Hưng Yên)."
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
        # 001: Bồ Xuyên, one of the two pilot wards of Thái Bình city, inspected on 18/06/2024
        # after nine months.
        enrolment_ensure(
            programme=provincial,
            commune=commune("12436"),
            level=Enrolment.Level.PROVINCE_PILOT,
            selected_on=D(2023, 9, 5),
            launched_on=D(2023, 9, 18),
        )
        hung_ha = unit(OLD, AdminUnit.Level.DISTRICT, "339")
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
                "tiêu chí và tập huấn cán bộ."
            ),
        )
        document_ensure(
            programme=district,
            kind=ProgrammeDocument.Kind.PLAN,
            number="145-KH/HU",
            issued_on=D(2023, 7, 12),
            issuer="Ban Thường vụ Huyện ủy Hưng Hà",
            title=(
                'Xây dựng thí điểm mô hình "Chính quyền thân thiện vì Nhân dân phục vụ" giai đoạn 2023-2025'
            ),
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
                (
                    "Trần Thị Vân",
                    "Ủy viên BTV Huyện ủy, Trưởng ban Dân vận Huyện ủy",
                    SteeringMember.Role.DEPUTY,
                ),
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
        pilots = [
            ("12646", Enrolment.Level.PROVINCE_PILOT),  # Tiến Đức
            ("12679", Enrolment.Level.PROVINCE_PILOT),  # Chí Hòa
            ("12649", Enrolment.Level.DISTRICT_PILOT),  # Thái Hưng
            ("12655", Enrolment.Level.DISTRICT_PILOT),  # Hòa Bình
            ("12637", Enrolment.Level.DISTRICT_PILOT),  # Liên Hiệp
            ("12619", Enrolment.Level.DISTRICT_PILOT),  # Duyên Hải
        ]
        for code, level in pilots:
            enrolment_ensure(
                programme=district, commune=commune(code), level=level, selected_on=D(2023, 9, 5)
            )
            if level == Enrolment.Level.PROVINCE_PILOT:
                enrolment_ensure(
                    programme=provincial, commune=commune(code), level=level, selected_on=D(2023, 9, 5)
                )
        enrolment_ensure(
            programme=district,
            commune=dan_chu,
            level=Enrolment.Level.DISTRICT_PILOT,
            selected_on=D(2023, 9, 5),
        )

    def lang_son(self):
        # 002: Đề án 01 (24/04/2019), 17 pilots in 2019, every commune by 2024, tổng kết 16/01/2025.
        province = unit(OLD, AdminUnit.Level.PROVINCE, "20")
        programme = programme_ensure(
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
            programme=programme,
            kind=ProgrammeDocument.Kind.SCHEME,
            number="01",
            issued_on=D(2019, 4, 24),
            issuer="Ban Dân vận Tỉnh ủy và UBND tỉnh Lạng Sơn",
            title=('Xây dựng mô hình điểm "Chính quyền thân thiện" cấp cơ sở trên địa bàn tỉnh Lạng Sơn'),
        )
        communes = list(
            AdminUnit.objects.filter(
                era=OLD, level=AdminUnit.Level.COMMUNE, parent__parent=province
            ).order_by("parent__code", "code")
        )
        # 17 pilots spread over the districts (the first communes of each, in code order),
        # then every other commune joins the rollout between 2020 and 2024.
        by_district: dict[int, list[AdminUnit]] = {}
        for item in communes:
            by_district.setdefault(item.parent_id, []).append(item)
        pilots: list[AdminUnit] = []
        while len(pilots) < 17:
            for items in by_district.values():
                remaining = [c for c in items if c not in pilots]
                if remaining and len(pilots) < 17:
                    pilots.append(remaining[0])
        for item in pilots:
            enrolment_ensure(
                programme=programme,
                commune=item,
                level=Enrolment.Level.PROVINCE_PILOT,
                selected_on=D(2019, 5, 15),
                launched_on=D(2019, 6, 1),
            )
        rest = [c for c in communes if c not in pilots]
        for index, item in enumerate(rest):
            year = 2020 + index * 5 // len(rest)
            enrolment_ensure(
                programme=programme,
                commune=item,
                level=Enrolment.Level.ROLLOUT,
                selected_on=D(year, 3, 1),
                launched_on=D(year, 4, 1),
            )

    def users(self) -> list[User]:
        accounts = [
            # username, role, unit, full name, position
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
            (
                "tinh.hcm",
                User.Role.PROVINCE_ADMIN,
                ("province", "79"),
                "Lê Hoàng Nam",
                "Chuyên viên Sở Nội vụ",
            ),
            (
                "xa.tienduc",
                User.Role.COMMUNE_OFFICER,
                ("commune", "12646"),
                "Phạm Thị Hoa",
                "Công chức bộ phận một cửa",
            ),
            (
                "xa.boxuyen",
                User.Role.COMMUNE_OFFICER,
                ("commune", "12436"),
                "Đỗ Văn Hùng",
                "Công chức bộ phận một cửa",
            ),
        ]
        users = []
        for username, role, scope, full_name, position in accounts:
            units = {}
            if scope and scope[0] == "province":
                units["province"] = unit(NEW, AdminUnit.Level.PROVINCE, scope[1])
            elif scope:
                units["commune"] = commune(scope[1])
            users.append(
                user_create(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    is_superuser=not role,
                    full_name=full_name,
                    position=position,
                    **units,
                )
            )
        return users

    def activity(self):
        """The figures the articles give, as period totals spread over the communes, and a few
        entries of each kind of log for the demo communes."""
        ActivityRecord.objects.filter(note=DEMO_NOTE).delete()
        records = []

        def tally(communes, kind, total, start, end):
            for commune, count in zip(communes, split(total, len(communes)), strict=True):
                if count:
                    records.append(
                        ActivityRecord(
                            commune=commune,
                            kind=kind,
                            period_start=start,
                            period_end=end,
                            count=count,
                            note=DEMO_NOTE,
                            source=ActivityRecord.Source.TALLY,
                        )
                    )

        # 004: Bàu Bàng, sơ kết 08/08/2017: 1,336 congratulation, 347 condolence, 61 apology letters.
        bau_bang = list(AdminUnit.objects.filter(parent__era=OLD, parent__code="719").order_by("code"))
        for kind, total in [
            (ActivityRecord.Kind.CONGRATULATION, 1336),
            (ActivityRecord.Kind.CONDOLENCE, 347),
            (ActivityRecord.Kind.APOLOGY, 61),
        ]:
            tally(bau_bang, kind, total, D(2016, 1, 13), D(2017, 8, 8))

        # 002: Lạng Sơn 2019-2024: more than 6,000 thank-you letters, 9,087 marriage ceremonies,
        # year by year from the year each commune joined.
        programme = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="20")
        by_year: dict[int, list[AdminUnit]] = {}
        for enrolment in programme.enrolments.select_related("commune"):
            for year in range(enrolment.selected_on.year, 2025):
                by_year.setdefault(year, []).append(enrolment.commune)
        years = sorted(by_year)
        weights = [len(by_year[year]) for year in years]
        for kind, total in [
            (ActivityRecord.Kind.THANKS, 6048),
            (ActivityRecord.Kind.MARRIAGE_CEREMONY, 9087),
        ]:
            for year, year_total in zip(years, split(total, len(years), weights), strict=True):
                start = max(D(year, 1, 1), programme.phase_start)
                tally(by_year[year], kind, year_total, start, D(year, 12, 31))
        ActivityRecord.objects.bulk_create(records, batch_size=2000)

        # 001: Bồ Xuyên, inspected on 18/06/2024 by the provincial standing deputy secretary.
        bo_xuyen = commune("12436")
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
        for description, due, done in [
            (
                "Tiếp tục nâng cao đạo đức công vụ của cán bộ, công chức, người hoạt động không chuyên trách",
                D(2024, 12, 31),
                D(2024, 12, 20),
            ),
            ("Thường xuyên kiểm tra, giám sát việc thực hiện mô hình", D(2024, 9, 30), D(2024, 9, 25)),
            ("Động viên, khen thưởng kịp thời tập thể, cá nhân tiêu biểu", D(2025, 1, 31), None),
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

    def conduct(self):
        """Codes of conduct seen in the articles, and the staff registers of two pilot communes."""
        admin = User.objects.get(username="admin")
        codes = [
            (
                "5 biết",
                "Phương châm hành động (Bàu Bàng, Bồ Xuyên, Lạng Sơn)",
                ["Biết nghe dân nói", "Biết nói dân hiểu", "Biết làm dân tin", "Biết xin lỗi", "Biết cảm ơn"],
            ),
            (
                "3 thể hiện",
                "Phương châm hành động (Bàu Bàng, Lạng Sơn)",
                ["Tôn trọng", "Văn minh", "Gần gũi"],
            ),
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
        for name, description, items in codes:
            if not CodeOfConduct.objects.filter(name=name, owner_unit__isnull=True).exists():
                conduct_services.code_create(by=admin, name=name, description=description, items=items)
        five = CodeOfConduct.objects.get(name="5 biết", owner_unit__isnull=True)
        staff = {
            "12646": [  # Tiến Đức
                ("Phạm Thị Hoa", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
                ("Nguyễn Văn Tuấn", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
                ("Trần Văn Bình", "Chủ tịch UBND xã", ""),
                ("Lê Thị Mai", "Công chức Địa chính - Xây dựng", "Bộ phận một cửa"),
            ],
            "12436": [  # Bồ Xuyên
                ("Đỗ Văn Hùng", "Công chức Văn phòng - Thống kê", "Bộ phận một cửa"),
                ("Vũ Thị Thu", "Công chức Tư pháp - Hộ tịch", "Bộ phận một cửa"),
                ("Hoàng Minh Đức", "Chủ tịch UBND phường", ""),
            ],
        }
        for code, people in staff.items():
            unit = commune(code)
            officer = User.objects.filter(commune=unit, role=User.Role.COMMUNE_OFFICER).first()
            for full_name, position, desk in people:
                member = StaffMember.objects.filter(commune=unit, full_name=full_name).first()
                if member is None:
                    member = conduct_services.staff_create(
                        commune=unit, by=officer, full_name=full_name, position=position, desk=desk
                    )
                if not member.pledges.filter(code=five).exists():
                    conduct_services.pledge_record(
                        member=member, code=five, by=officer, signed_on=D(2023, 9, 20)
                    )

    def criteria(self):
        """Hưng Hà's criteria set (the five content groups of Kế hoạch 145-KH/HU), and the pilot
        communes' self-assessments for 2024, verified by the province. Scores are illustrative."""
        admin = User.objects.get(username="admin")
        programme = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="339")
        title = "Bộ tiêu chí xây dựng mô hình \u201cChính quyền thân thiện vì Nhân dân phục vụ\u201d"
        criteria_set = CriteriaSet.objects.filter(programme=programme, title=title).first()
        if criteria_set is None:
            groups = [
                (
                    "Chính quyền hoạt động công khai, minh bạch, dân chủ",
                    ["Công khai thủ tục hành chính", "Lịch tiếp công dân, hòm thư góp ý"],
                ),
                (
                    "Chính quyền thân thiện, trách nhiệm",
                    ["Giải quyết hồ sơ đúng hẹn", "Đối thoại, trả lời kiến nghị"],
                ),
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
            criteria_set = criteria_services.criteria_set_create(
                programme=programme,
                by=admin,
                title=title,
                issued_by="Phòng Nội vụ huyện Hưng Hà",
                groups=[
                    {
                        "title": group,
                        "criteria": [
                            {"code": f"{g}.{c}", "title": text, "max_score": 10}
                            for c, text in enumerate(criteria, start=1)
                        ],
                    }
                    for g, (group, criteria) in enumerate(groups, start=1)
                ],
            )
            criteria_set = criteria_services.criteria_set_publish(criteria_set=criteria_set, by=admin)
        leaves = list(criteria_set.groups.values_list("criteria__pk", flat=True))
        for index, enrolment in enumerate(
            programme.enrolments.select_related("commune").order_by("commune__code")
        ):
            unit = enrolment.commune
            if SelfAssessment.objects.filter(commune=unit, criteria_set=criteria_set).exists():
                continue
            assessment = criteria_services.assessment_start(
                criteria_set=criteria_set,
                commune=unit,
                by=admin,
                period_start=D(2024, 1, 1),
                period_end=D(2024, 12, 31),
                period_label="Năm 2024",
                due_on=D(2025, 1, 15),
            )
            criteria_services.assessment_scores_save(
                assessment=assessment,
                by=admin,
                entries=[
                    {
                        "criterion": pk,
                        "self_score": 10 - (index + n) % 4,
                        "evidence": "Báo cáo kết quả năm 2024",
                    }
                    for n, pk in enumerate(leaves)
                ],
            )
            criteria_services.assessment_submit(assessment=assessment, by=admin)
            criteria_services.assessment_verify(assessment=assessment, by=admin)
        # Tiến Đức's 2025 self-assessment is still due: it shows on the officer's to-do list.
        tien_duc = commune("12646")
        if not SelfAssessment.objects.filter(commune=tien_duc, period_label="Năm 2025").exists():
            criteria_services.assessment_start(
                criteria_set=criteria_set,
                commune=tien_duc,
                by=admin,
                period_start=D(2025, 1, 1),
                period_end=D(2025, 12, 31),
                period_label="Năm 2025",
                due_on=D(2026, 12, 15),
            )


def split(total: int, parts: int, weights: list[int] | None = None) -> list[int]:
    """`total` shared out in whole numbers over `parts` (in proportion to `weights`), summing exactly."""
    weights = weights or [1] * parts
    scale = sum(weights)
    shares = [total * weight // scale for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares
