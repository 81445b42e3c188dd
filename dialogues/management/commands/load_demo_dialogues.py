"""Demo data of the dialogues app. Run after `load_units` and `load_demo`. Idempotent.

- Feedback categories with their time limits (calendar days; the laws count working days for
  some kinds, which a province can set here): phản ánh, kiến nghị 10-15 days, khiếu nại and tố
  cáo 30 days (Luật Khiếu nại 2011, Luật Tố cáo 2018).
- Lạng Sơn, Đề án 01, 2019-2024 (seed 002): "1,310 dialogues" and "96.9% of petitions and
  feedback resolved". The article gives totals only, so they are kept as `HistoricTally` rows, one
  per commune and year from the year the commune joined the programme: 1,310 dialogues, and
  5,000 items of which 4,600 resolved on time, 245 late and 155 still open past due, so that
  `selectors.indicators` gives (4,600 + 245) / 5,000 = 96.9%. The number of items (5,000) and the
  on-time / late split are the demo's choice; the article gives only the rate.
- Tiến Đức (demo officer xa.tienduc): a few live items in every state that matters for the inbox
  (overdue, due soon, new, answered and closed, rescheduled with an apology slip), and one
  dialogue with an item raised and two commitments.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from communes.models import AdminUnit, Programme, User
from dialogues import services
from dialogues.models import Category, Dialogue, FeedbackItem, HistoricTally

DEMO_NOTE = "Số liệu minh họa (tổng kết Đề án 01)"
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


def split(total: int, parts: int, weights: list[int] | None = None) -> list[int]:
    """`total` in whole numbers over `parts` (in proportion to `weights`), summing exactly."""
    weights = weights or [1] * parts
    scale = sum(weights)
    shares = [total * weight // scale for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares


class Command(BaseCommand):
    help = "Load the dialogues demo: categories, Lạng Sơn's 2019-2024 totals, live items for Tiến Đức."

    @transaction.atomic
    def handle(self, *args, **options):
        self.categories()
        self.lang_son()
        self.tien_duc()
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
        programme = Programme.objects.filter(owner_unit__era="legacy", owner_unit__code="20").first()
        if programme is None:
            raise CommandError("The Lạng Sơn programme is missing: run `manage.py load_demo` first.")
        HistoricTally.objects.filter(note=DEMO_NOTE).delete()
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

    def tien_duc(self):
        tien_duc = AdminUnit.objects.filter(era="legacy", level="commune", code="12646").first()
        officer = User.objects.filter(username="xa.tienduc").first()
        if tien_duc is None or officer is None:
            raise CommandError("Tiến Đức or xa.tienduc is missing: run `load_units` and `load_demo` first.")
        today = timezone.localdate()
        categories = {c.name: c for c in Category.objects.all()}
        procedure = categories["Phản ánh về thủ tục hành chính"]
        infrastructure = categories["Phản ánh về hạ tầng, môi trường, trật tự"]
        recommendation = categories["Kiến nghị về chính sách, đời sống dân sinh"]

        def item(content, category, channel, days_ago, **citizen):
            existing = FeedbackItem.objects.filter(commune=tien_duc, content=content).first()
            if existing:
                return existing, False
            received = today - datetime.timedelta(days=days_ago)
            return (
                services.feedback_receive(
                    commune=tien_duc,
                    by=officer,
                    category=category,
                    channel=channel,
                    content=content,
                    received_on=received,
                    **citizen,
                ),
                True,
            )

        C = FeedbackItem.Channel
        overdue, new = item(
            "Đường liên thôn Đông – Tây xuống cấp, nhiều ổ gà sau mưa lớn, đề nghị xã sửa chữa.",
            infrastructure,
            C.HOTLINE,
            20,
            citizen_name="Nguyễn Văn Hải",
            citizen_phone="0912 345 678",
        )
        if new:
            services.feedback_assign(item=overdue, by=officer, assignee=officer)
            services.feedback_start(item=overdue, by=officer, note="Đã kiểm tra hiện trường.")
        item(
            "Đề nghị hướng dẫn thủ tục đăng ký khai sinh cho con khi bố mẹ đang làm việc ở xa.",
            procedure,
            C.DESK,
            8,
            citizen_name="Trần Thị Mai",
        )
        item(
            "Đèn chiếu sáng công cộng ở ngõ 3 thôn Nam không sáng từ tuần trước.",
            infrastructure,
            C.SOCIAL,
            0,
        )
        answered, new = item(
            "Kiến nghị công khai danh sách hộ được hỗ trợ sửa nhà năm nay.",
            recommendation,
            C.DESK,
            12,
            citizen_name="Phạm Văn Long",
        )
        if new:
            services.feedback_assign(item=answered, by=officer, assignee=officer)
            services.feedback_start(item=answered, by=officer)
            services.feedback_answer(
                item=answered,
                by=officer,
                public_answer="Danh sách đã được niêm yết tại nhà văn hóa các thôn và trụ sở UBND xã.",
            )
            services.feedback_close(item=answered, by=officer)
            services.feedback_follow_up(item=answered, resolved=True)
        late, new = item(
            "Hồ sơ chứng thực hợp đồng chuyển nhượng đất nộp đã lâu chưa có kết quả.",
            procedure,
            C.DESK,
            14,
            citizen_name="Vũ Thị Thu",
        )
        if new:
            services.feedback_assign(item=late, by=officer, assignee=officer)
            services.feedback_reschedule(
                item=late,
                by=officer,
                new_due_on=today + datetime.timedelta(days=5),
                reason="Hồ sơ cần xác minh thêm nguồn gốc đất với Văn phòng đăng ký đất đai.",
            )

        dialogue = Dialogue.objects.filter(
            commune=tien_duc, held_on=today - datetime.timedelta(days=30)
        ).first()
        if dialogue is None:
            dialogue = services.dialogue_record(
                commune=tien_duc,
                by=officer,
                held_on=today - datetime.timedelta(days=30),
                chaired_by="Chủ tịch UBND xã Tiến Đức",
                participants="Bí thư Đảng ủy, Chủ tịch UBND xã, trưởng các thôn, đại diện hộ dân",
                participant_count=85,
                topics="Xây dựng chính quyền thân thiện; đường giao thông nông thôn; vệ sinh môi trường.",
            )
            services.dialogue_raise_item(
                dialogue=dialogue,
                by=officer,
                category=infrastructure,
                content="Đề nghị bố trí thêm điểm thu gom rác thải ở thôn Bắc.",
                citizen_name="Đỗ Văn Bình",
            )
            done = services.commitment_add(
                dialogue=dialogue,
                by=officer,
                description="Công khai lịch thu gom rác thải trên loa truyền thanh",
                owner="Văn phòng UBND xã",
                due_on=today - datetime.timedelta(days=15),
            )
            services.commitment_complete(
                commitment=done, by=officer, done_on=today - datetime.timedelta(days=16)
            )
            services.commitment_add(
                dialogue=dialogue,
                by=officer,
                description="Sửa chữa đường liên thôn Đông – Tây",
                owner="Công chức Địa chính – Xây dựng",
                due_on=today + datetime.timedelta(days=60),
            )
