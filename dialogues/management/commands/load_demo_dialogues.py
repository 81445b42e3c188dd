"""Demo data of the dialogues app. Run after `load_units` and `load_demo`. Idempotent.

- Feedback categories with their time limits (calendar days; the laws count working days for
  some kinds, which a province can set here): phản ánh, kiến nghị 10-15 days, khiếu nại and tố
  cáo 30 days (Luật Khiếu nại 2011, Luật Tố cáo 2018).
- Lạng Sơn, Đề án 01, 2019-2024 (seed 002): "đối thoại 1.310 cuộc với Nhân dân" and "giải quyết
  96,9% đơn thư kiến nghị, ý kiến phản ánh". The article gives totals only, so they are kept as
  `HistoricTally` rows on the communes of the day, one per commune and year from the year the
  commune joined the programme: 1,310 dialogues, and 5,000 items of which 4,600 resolved on time,
  245 late and 155 still open past due, so that `selectors.indicators` gives (4,600 + 245) /
  5,000 = 96.9%. The number of items (5,000) and the on-time / late split are the demo's choice;
  the article gives only the rate.
- Today's work on the 2025 communes (the era rule: an item received since 01/07/2025 belongs to a
  2025 commune): Long Hưng (demo officer xa.longhung) has a few live items in every state that
  matters for the inbox (overdue, due soon, new, answered and closed, rescheduled with an apology
  slip) and one dialogue with an item raised and two commitments; the other demo officers' communes
  have an item or two each.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from communes.demo import (
    BAU_BANG,
    DONG_DANG,
    LONG_HUNG,
    OLD,
    THAI_BINH_WARD,
    TIEN_DUC,
    live_days,
    officer,
    split,
)
from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Programme
from dialogues import services
from dialogues.models import Category, Dialogue, FeedbackItem, HistoricTally

DEMO_NOTE = (
    "Tổng kết Đề án 01 (16/01/2025): đối thoại 1.310 cuộc với Nhân dân; giải quyết 96,9% đơn thư kiến nghị, "
    "ý kiến phản ánh. Số đơn thư (5.000), tỷ lệ đúng hạn và phân bổ theo xã, năm là minh họa."
)
# The marker of earlier versions of the demo, replaced on the next run.
FORMER_NOTES = ["Số liệu minh họa (tổng kết Đề án 01)"]
D = datetime.date

CATEGORIES = [
    # name, kind, days
    ("Phản ánh về thủ tục hành chính", Category.Kind.REPORT, 10),
    ("Phản ánh về hạ tầng, môi trường, trật tự", Category.Kind.REPORT, 15),
    ("Kiến nghị về chính sách, đời sống dân sinh", Category.Kind.RECOMMENDATION, 15),
    ("Đơn thư đề nghị", Category.Kind.PETITION, 15),
    ("Khiếu nại", Category.Kind.COMPLAINT, 30),
    ("Tố cáo", Category.Kind.DENUNCIATION, 30),
]

LANG_SON = {
    "dialogues_held": 1310,
    "resolved_on_time": 4600,
    "resolved_late": 245,
    "open_overdue": 155,
}


class Command(BaseCommand):
    help = (
        "Load the dialogues demo: categories, Lạng Sơn's 2019-2024 totals, today's items on the "
        "2025 communes."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.categories()
        self.lang_son()
        self.move_earlier_demo()
        self.long_hung()
        self.other_communes()
        tallies = HistoricTally.objects.filter(note=DEMO_NOTE).aggregate(
            dialogues=Sum("dialogues_held"),
            on_time=Sum("resolved_on_time"),
            late=Sum("resolved_late"),
            overdue=Sum("open_overdue"),
        )
        resolved = tallies["on_time"] + tallies["late"]
        rate = resolved / (resolved + tallies["overdue"]) * 100
        self.stdout.write(
            f"Dialogues demo: {Category.objects.count()} categories; Lạng Sơn 2019-2024: "
            f"{tallies['dialogues']} dialogues, {rate:.1f}% resolved; "
            f"{FeedbackItem.objects.count()} live feedback items."
        )

    def categories(self):
        for name, kind, days in CATEGORIES:
            Category.objects.update_or_create(name=name, defaults={"kind": kind, "time_limit_days": days})

    def lang_son(self):
        programme = Programme.objects.filter(
            owner_unit__era=OLD, owner_unit__code="20", phase_start=D(2019, 4, 24)
        ).first()
        if programme is None:
            raise CommandError("The Lạng Sơn programme is missing: run `manage.py load_demo` first.")
        HistoricTally.objects.filter(note__in=[DEMO_NOTE, *FORMER_NOTES]).delete()
        # Commune-years from the year each commune joined, as the activity totals of load_demo.
        by_year: dict[int, list[AdminUnit]] = {}
        for enrolment in programme.enrolments.select_related("commune").order_by("commune__code"):
            for year in range(enrolment.selected_on.year, 2025):
                by_year.setdefault(year, []).append(enrolment.commune)
        years = sorted(by_year)
        weights = [len(by_year[year]) for year in years]
        rows: dict[tuple[int, int], HistoricTally] = {}
        for field, total in LANG_SON.items():
            for year, year_total in zip(years, split(total, len(years), weights), strict=True):
                communes = by_year[year]
                for commune, count in zip(communes, split(year_total, len(communes)), strict=True):
                    if not count:
                        continue
                    row = rows.get((commune.pk, year))
                    if row is None:
                        row = rows[(commune.pk, year)] = HistoricTally(
                            commune=commune,
                            period_start=max(D(year, 1, 1), programme.phase_start),
                            period_end=D(year, 12, 31),
                            note=DEMO_NOTE,
                        )
                    setattr(row, field, count)
        HistoricTally.objects.bulk_create(rows.values(), batch_size=2000)

    def move_earlier_demo(self):
        """Earlier versions of the demo kept this year's items and dialogue on Tiến Đức, dissolved on
        01/07/2025. A database loaded then gets them moved to Long Hưng, which took Tiến Đức over,
        once, while Long Hưng has none of its own; their history rows follow their items."""
        legacy = AdminUnit.objects.filter(era=OLD, level=AdminUnit.Level.COMMUNE, code=TIEN_DUC).first()
        if legacy is None or legacy.successor is None:
            return
        successor = legacy.successor
        if (
            FeedbackItem.objects.filter(commune=successor).exists()
            or Dialogue.objects.filter(commune=successor).exists()
        ):
            return
        FeedbackItem.objects.filter(commune=legacy, received_on__gte=REFORM_DAY).update(commune=successor)
        Dialogue.objects.filter(commune=legacy, held_on__gte=REFORM_DAY).update(
            commune=successor, chaired_by="Chủ tịch UBND xã Long Hưng"
        )

    @staticmethod
    def _item(commune, by, content, category, channel, days_ago, **citizen):
        """The item of that content on the commune, received `days_ago` days ago; (item, created)."""
        existing = FeedbackItem.objects.filter(commune=commune, content=content).first()
        if existing:
            return existing, False
        item = services.feedback_receive(
            commune=commune,
            by=by,
            category=category,
            channel=channel,
            content=content,
            received_on=live_days(days_ago)[0],
            **citizen,
        )
        return item, True

    def long_hung(self):
        by = officer(LONG_HUNG)
        commune = by.commune
        today = timezone.localdate()
        categories = {c.name: c for c in Category.objects.all()}
        procedure = categories["Phản ánh về thủ tục hành chính"]
        infrastructure = categories["Phản ánh về hạ tầng, môi trường, trật tự"]
        recommendation = categories["Kiến nghị về chính sách, đời sống dân sinh"]
        C = FeedbackItem.Channel

        overdue, new = self._item(
            commune,
            by,
            "Đường liên thôn Đông – Tây xuống cấp, nhiều ổ gà sau mưa lớn, đề nghị xã sửa chữa.",
            infrastructure,
            C.HOTLINE,
            20,
            citizen_name="Nguyễn Văn Hải",
            citizen_phone="0912 345 678",
        )
        if new:
            services.feedback_assign(item=overdue, by=by, assignee=by)
            services.feedback_start(item=overdue, by=by, note="Đã kiểm tra hiện trường.")
        self._item(
            commune,
            by,
            "Đề nghị hướng dẫn thủ tục đăng ký khai sinh cho con khi bố mẹ đang làm việc ở xa.",
            procedure,
            C.DESK,
            8,
            citizen_name="Trần Thị Mai",
        )
        self._item(
            commune,
            by,
            "Đèn chiếu sáng công cộng ở ngõ 3 thôn Nam không sáng từ tuần trước.",
            infrastructure,
            C.SOCIAL,
            0,
        )
        answered, new = self._item(
            commune,
            by,
            "Kiến nghị công khai danh sách hộ được hỗ trợ sửa nhà năm nay.",
            recommendation,
            C.DESK,
            12,
            citizen_name="Phạm Văn Long",
        )
        if new:
            services.feedback_assign(item=answered, by=by, assignee=by)
            services.feedback_start(item=answered, by=by)
            services.feedback_answer(
                item=answered,
                by=by,
                public_answer="Danh sách đã được niêm yết tại nhà văn hóa các thôn và trụ sở UBND xã.",
            )
            services.feedback_close(item=answered, by=by)
            services.feedback_follow_up(item=answered, resolved=True)
        late, new = self._item(
            commune,
            by,
            "Hồ sơ chứng thực hợp đồng chuyển nhượng đất nộp đã lâu chưa có kết quả.",
            procedure,
            C.DESK,
            10,
            citizen_name="Vũ Thị Thu",
        )
        if new:
            services.feedback_assign(item=late, by=by, assignee=by)
            # Before its due date, as the one-stop decree has the apology slip sent.
            services.feedback_reschedule(
                item=late,
                by=by,
                new_due_on=max(today, late.due_on) + datetime.timedelta(days=5),
                reason="Hồ sơ cần xác minh thêm nguồn gốc đất với Văn phòng đăng ký đất đai.",
            )

        topics = "Xây dựng chính quyền thân thiện; đường giao thông nông thôn; vệ sinh môi trường."
        if Dialogue.objects.filter(commune=commune, topics=topics).exists():
            return
        held_on, done_on, done_due = live_days(30, 16, 15)
        dialogue = services.dialogue_record(
            commune=commune,
            by=by,
            held_on=held_on,
            chaired_by="Chủ tịch UBND xã Long Hưng",
            participants="Bí thư Đảng ủy, Chủ tịch UBND xã, trưởng các thôn, đại diện hộ dân",
            participant_count=85,
            topics=topics,
        )
        services.dialogue_raise_item(
            dialogue=dialogue,
            by=by,
            category=infrastructure,
            content="Đề nghị bố trí thêm điểm thu gom rác thải ở thôn Bắc.",
            citizen_name="Đỗ Văn Bình",
        )
        done = services.commitment_add(
            dialogue=dialogue,
            by=by,
            description="Công khai lịch thu gom rác thải trên loa truyền thanh",
            owner="Văn phòng UBND xã",
            due_on=max(done_due, held_on),
        )
        services.commitment_complete(commitment=done, by=by, done_on=max(done_on, held_on))
        services.commitment_add(
            dialogue=dialogue,
            by=by,
            description="Sửa chữa đường liên thôn Đông – Tây",
            owner="Công chức Địa chính – Xây dựng",
            due_on=today + datetime.timedelta(days=60),
        )

    def other_communes(self):
        """An item or two in the inbox of each other demo officer."""
        categories = {c.name: c for c in Category.objects.all()}
        procedure = categories["Phản ánh về thủ tục hành chính"]
        infrastructure = categories["Phản ánh về hạ tầng, môi trường, trật tự"]
        C = FeedbackItem.Channel
        plan = [
            (
                THAI_BINH_WARD,
                "Đề nghị phường hướng dẫn nơi nộp hồ sơ sau khi hợp nhất trụ sở các phường.",
                procedure,
                C.DESK,
                3,
                False,
            ),
            (
                DONG_DANG,
                "Rãnh thoát nước trước chợ Đồng Đăng bị tắc, nước tràn ra đường khi mưa.",
                infrastructure,
                C.HOTLINE,
                9,
                True,
            ),
            (
                BAU_BANG,
                "Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa vào các buổi sáng thứ Hai.",
                procedure,
                C.ONLINE,
                5,
                False,
            ),
        ]
        for code, content, category, channel, days_ago, answered in plan:
            by = officer(code)
            item, new = self._item(by.commune, by, content, category, channel, days_ago)
            if new and answered:
                services.feedback_assign(item=item, by=by, assignee=by)
                services.feedback_start(item=item, by=by)
                services.feedback_answer(
                    item=item, by=by, public_answer="Xã đã nạo vét rãnh thoát nước ngày hôm sau."
                )
