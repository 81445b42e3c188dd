"""Demo data of the surveys app. Run after `load_units` and `load_demo`; idempotent.

- The default SIPAS template.
- Lạng Sơn (article 002): "phát hành 100.980 phiếu khảo sát lấy ý kiến sự hài lòng" in 2019-2024,
  kept as tallies per commune and year (history that exists only as totals), on the communes of
  the day. The article gives the number of forms issued, nothing else: the split over years
  follows the number of communes taking part each year, over communes it is even, and the tallies
  carry no satisfied count (the article gives none), so the satisfaction index of that period
  rests on no figure and says so instead of inventing one.
- Today's communes of the four demo officers (Long Hưng, Phường Thái Bình, Đồng Đăng, Bàu Bàng): a
  desk, individual responses of the last months through every channel (QR, one-time code,
  kiosk, a paper batch waiting for the province's check), entered through the same services as
  the public form, so the era rule holds: an answer given since 01/07/2025 goes to a 2025 commune.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from communes.demo import (
    BAU_BANG,
    BO_XUYEN,
    DONG_DANG,
    LONG_HUNG,
    OLD,
    THAI_BINH_WARD,
    TIEN_DUC,
    officer,
    split,
)
from communes.eras import REFORM_DAY
from communes.models import AdminUnit, Enrolment, Programme
from surveys.models import (
    Desk,
    MonthlyAnswerCount,
    MonthlyCount,
    PaperBatch,
    Question,
    ResponseCode,
    Service,
    SurveyResponse,
    SurveyTally,
)
from surveys.services import (
    batch_create,
    batch_enter,
    code_issue,
    desk_create,
    response_submit,
    tally_delete,
    tally_record,
    template_default_ensure,
)

LANG_SON_FORMS = 100_980
DEMO_NOTE = (
    "Tổng kết Đề án 01 (16/01/2025): phát hành 100.980 phiếu khảo sát lấy ý kiến sự hài lòng của người "
    "dân (2019-2024); bài báo không nêu số phiếu hài lòng. Số của từng xã, từng năm là phân bổ minh họa."
)
# The marker of earlier versions of the demo, replaced on the next run.
FORMER_NOTES = ["Số liệu minh họa (tổng kết Đề án 01: 100.980 phiếu khảo sát 2019-2024)"]
SERVICES = [
    ("Đăng ký khai sinh", "Hộ tịch"),
    ("Đăng ký kết hôn", "Hộ tịch"),
    ("Đăng ký khai tử", "Hộ tịch"),
    ("Cấp bản sao trích lục hộ tịch", "Hộ tịch"),
    ("Xác nhận tình trạng hôn nhân", "Hộ tịch"),
    ("Chứng thực bản sao từ bản chính", "Chứng thực"),
    ("Chứng thực chữ ký", "Chứng thực"),
    ("Đăng ký hoạt động tín ngưỡng", "Tôn giáo"),
]
DESK = "Bộ phận tiếp nhận và trả kết quả"


class Command(BaseCommand):
    help = "Load the demo survey data: the SIPAS template, Lạng Sơn's 100,980 forms as tallies, responses."

    @transaction.atomic
    def handle(self, *args, **options):
        template = template_default_ensure()
        services = [
            Service.objects.get_or_create(name=name, defaults={"field": field})[0] for name, field in SERVICES
        ]
        total = self.lang_son()
        self.move_earlier_demo()
        created = 0
        for code in (LONG_HUNG, THAI_BINH_WARD, DONG_DANG, BAU_BANG):
            created += self.responses(template, officer(code), services, seed=int(code))
        self.stdout.write(
            f"Survey demo: template v{template.version}, Lạng Sơn tallies {total:,} forms, "
            f"{created} new responses ({SurveyResponse.objects.count()} in all)."
        )

    def lang_son(self) -> int:
        programme = Programme.objects.filter(
            owner_unit__era=OLD, owner_unit__code="20", phase_start=datetime.date(2019, 4, 24)
        ).first()
        if programme is None:
            raise CommandError("Lạng Sơn's programme is missing: run `manage.py load_demo` first.")
        existing = SurveyTally.objects.filter(note=DEMO_NOTE)
        if (
            existing.aggregate(n=Sum("forms"))["n"] == LANG_SON_FORMS
            and not SurveyTally.objects.filter(note__in=FORMER_NOTES).exists()
        ):
            return LANG_SON_FORMS
        for tally in SurveyTally.objects.filter(note__in=[DEMO_NOTE, *FORMER_NOTES]):
            tally_delete(tally=tally, by=None)
        by_year: dict[int, list[AdminUnit]] = {}
        enrolments = programme.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).select_related("commune")
        for enrolment in enrolments.order_by("commune__code"):
            for year in range(enrolment.selected_on.year, 2025):
                by_year.setdefault(year, []).append(enrolment.commune)
        years = sorted(by_year)
        for year, year_total in zip(
            years, split(LANG_SON_FORMS, len(years), [len(by_year[y]) for y in years]), strict=True
        ):
            start = max(datetime.date(year, 1, 1), programme.phase_start)
            for commune, forms in zip(by_year[year], split(year_total, len(by_year[year])), strict=True):
                if forms:
                    tally_record(
                        commune=commune,
                        by=None,
                        period_start=start,
                        period_end=datetime.date(year, 12, 31),
                        forms=forms,
                        satisfied=None,  # the article gives no satisfied count
                        note=DEMO_NOTE,
                    )
        return SurveyTally.objects.filter(note=DEMO_NOTE).aggregate(n=Sum("forms"))["n"]

    def move_earlier_demo(self) -> None:
        """Earlier versions of the demo put this year's answers on Tiến Đức and Bồ Xuyên, dissolved
        on 01/07/2025. A database loaded then gets them moved to the communes that took those over
        (with their monthly counts), once, while those have no answers of their own."""
        reform = timezone.make_aware(datetime.datetime.combine(REFORM_DAY, datetime.time()))
        for legacy_code in (TIEN_DUC, BO_XUYEN):
            legacy = AdminUnit.objects.filter(
                era=OLD, level=AdminUnit.Level.COMMUNE, code=legacy_code
            ).first()
            if legacy is None or legacy.successor is None:
                continue
            successor = legacy.successor
            if (
                not SurveyResponse.objects.filter(commune=legacy, submitted_at__gte=reform).exists()
                or SurveyResponse.objects.filter(commune=successor).exists()
                or MonthlyCount.objects.filter(commune=successor).exists()
            ):
                continue
            SurveyResponse.objects.filter(commune=legacy, submitted_at__gte=reform).update(commune=successor)
            PaperBatch.objects.filter(commune=legacy, collected_on__gte=REFORM_DAY).update(commune=successor)
            ResponseCode.objects.filter(commune=legacy).update(commune=successor)
            Desk.objects.filter(commune=legacy).update(commune=successor)
            for model in (MonthlyCount, MonthlyAnswerCount):
                model.objects.filter(commune=legacy, month__gte=REFORM_DAY).update(commune=successor)

    def responses(self, template, by, services, *, seed: int) -> int:
        """Sixty answers of the last eleven months (QR and kiosk), two receipts with a one-time code
        (one answered), and a paper batch of eight forms entered last week. Once per commune."""
        commune = by.commune
        if SurveyResponse.objects.filter(commune=commune).exists():
            return 0
        rng = random.Random(seed)  # the same demo every time
        desk = Desk.objects.filter(commune=commune, name=DESK).first() or desk_create(
            commune=commune, by=by, name=DESK
        )
        questions = list(template.questions.all())
        kiosk_questions = {q.pk for q in questions if q.in_kiosk}
        now = timezone.now()
        # Today's work: never dated before the 2025 communes existed, whatever the clock says.
        earliest = timezone.make_aware(datetime.datetime.combine(REFORM_DAY, datetime.time(8)))

        def answers(mood: float) -> dict:
            result = {}
            for question in questions:
                if question.kind == Question.Kind.SCALE:
                    result[question.pk] = max(1, min(5, round(rng.gauss(mood, 0.8))))
                elif question.kind == Question.Kind.YES_NO:
                    result[question.pk] = int(rng.random() < 0.85)
                elif question.kind == Question.Kind.SINGLE:
                    result[question.pk] = rng.choice([0, 0, 0, 1, 2])
                elif question.kind == Question.Kind.MULTIPLE and rng.random() < 0.4:
                    result[question.pk] = rng.sample(range(len(question.options)), 1)
            if rng.random() < 0.15:
                note = rng.choice(["Cán bộ hướng dẫn tận tình, dễ hiểu.", "Mong có thêm ghế ngồi chờ."])
                result[next(q.pk for q in questions if q.kind == Question.Kind.LONG_TEXT)] = note
            return result

        count = 0
        for index in range(60):
            moment = now - datetime.timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 8))
            channel = rng.choice([SurveyResponse.Channel.WEB, SurveyResponse.Channel.KIOSK])
            given = answers(4.1 if index % 3 else 3.6)
            if channel == SurveyResponse.Channel.KIOSK:
                given = {pk: value for pk, value in given.items() if pk in kiosk_questions}
            response_submit(
                template=template,
                commune=commune,
                answers=given,
                channel=channel,
                desk=desk,
                service=rng.choice(services) if channel == SurveyResponse.Channel.WEB else None,
                officer=by if channel == SurveyResponse.Channel.WEB and rng.random() < 0.5 else None,
                submitted_at=max(moment, earliest),
            )
            count += 1
        # Two receipts with a one-time code: one answered, one still waiting.
        for used in (True, False):
            code = code_issue(
                commune=commune,
                by=by,
                service=services[0],
                desk=desk,
                dossier_number=f"H56.{commune.code}-{now:%y%m%d}-{int(used) + 1:04d}",
            )
            if used:
                response_submit(
                    template=template, commune=commune, answers=answers(4.5), channel="web", code=code.code
                )
                count += 1
        # A batch of paper forms, entered and waiting for the province's check.
        batch = batch_create(
            commune=commune,
            by=by,
            desk=desk,
            collected_on=max(timezone.localdate() - datetime.timedelta(days=7), REFORM_DAY),
            expected_forms=8,
            note="Phiếu giấy tại hòm phiếu của bộ phận một cửa",
        )
        for _index in range(8):
            batch_enter(batch=batch, by=by, template=template, answers=answers(4.0))
            count += 1
        return count
