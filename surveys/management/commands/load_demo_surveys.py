"""Demo data of the surveys app. Run after `load_units` and `load_demo`; idempotent.

- The default SIPAS template.
- Lạng Sơn (article 002): 100,980 survey forms collected in 2019-2024, kept as tallies per
  commune and year (history that exists only as totals). The article gives the total only: the
  split over years follows the number of communes taking part each year, and over communes is
  even; satisfaction is not given, so the tallies carry none.
- Tiến Đức and Bồ Xuyên (articles 001, 003): a desk, individual responses over the last months
  through every channel (QR, code, kiosk, paper batch), entered through the same service as the
  public form.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from communes.management.commands.load_demo import split
from communes.models import AdminUnit, Enrolment, Programme, User
from surveys.models import Desk, PaperBatch, Question, ResponseCode, Service, SurveyResponse, SurveyTally
from surveys.services import response_submit, tally_delete, tally_record, template_default_ensure

DEMO_NOTE = "Số liệu minh họa (tổng kết Đề án 01: 100.980 phiếu khảo sát 2019-2024)"
LANG_SON_FORMS = 100_980
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
OLD = AdminUnit.Era.LEGACY


class Command(BaseCommand):
    help = "Load the demo survey data: the SIPAS template, Lạng Sơn's 100,980 forms as tallies, responses."

    @transaction.atomic
    def handle(self, *args, **options):
        template = template_default_ensure()
        services = [
            Service.objects.get_or_create(name=name, defaults={"field": field})[0] for name, field in SERVICES
        ]
        total = self.lang_son()
        created = 0
        for code, officer_name in [("12646", "xa.tienduc"), ("12436", "xa.boxuyen")]:
            commune = AdminUnit.objects.filter(era=OLD, level=AdminUnit.Level.COMMUNE, code=code).first()
            if commune is None:
                raise CommandError("Administrative units are missing: run `manage.py load_units` first.")
            officer = User.objects.filter(username=officer_name, commune=commune).first()
            created += self.responses(template, commune, officer, services, seed=int(code))
        self.stdout.write(
            f"Survey demo: template v{template.version}, Lạng Sơn tallies {total:,} forms, "
            f"{created} new responses ({SurveyResponse.objects.count()} in all)."
        )

    def lang_son(self) -> int:
        programme = Programme.objects.filter(owner_unit__era=OLD, owner_unit__code="20").first()
        if programme is None:
            raise CommandError("Lạng Sơn's programme is missing: run `manage.py load_demo` first.")
        existing = SurveyTally.objects.filter(note=DEMO_NOTE)
        if existing.aggregate(n=Sum("forms"))["n"] == LANG_SON_FORMS:
            return LANG_SON_FORMS
        for tally in existing:
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
                        note=DEMO_NOTE,
                    )
        return SurveyTally.objects.filter(note=DEMO_NOTE).aggregate(n=Sum("forms"))["n"]

    def responses(self, template, commune, officer, services, *, seed: int) -> int:
        if SurveyResponse.objects.filter(commune=commune).exists():
            return 0
        rng = random.Random(seed)  # the same demo every time
        desk, _created = Desk.objects.get_or_create(
            commune=commune, name="Bộ phận tiếp nhận và trả kết quả", defaults={"kiosk_interval_seconds": 5}
        )
        questions = list(template.questions.all())
        kiosk_questions = {q.pk for q in questions if q.in_kiosk}
        now = timezone.now()

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
                officer=officer if channel == SurveyResponse.Channel.WEB and rng.random() < 0.5 else None,
                submitted_at=moment,
            )
            count += 1
        # Two receipts with a one-time code: one answered, one still waiting.
        for used in (True, False):
            code = ResponseCode.objects.create(
                code=f"DEMO{commune.code}{int(used)}"[:12],
                commune=commune,
                desk=desk,
                service=services[0],
                officer=officer,
                dossier_number=f"H56.{commune.code}-2025-{int(used):04d}",
                created_by=officer,
            )
            if used:
                response_submit(
                    template=template, commune=commune, answers=answers(4.5), channel="web", code=code.code
                )
                count += 1
        # A batch of paper forms, entered and waiting for the province's check.
        batch = PaperBatch.objects.create(
            commune=commune,
            desk=desk,
            collected_on=timezone.localdate() - datetime.timedelta(days=7),
            expected_forms=8,
            note="Phiếu giấy tại hòm phiếu của bộ phận một cửa",
            entered_by=officer,
        )
        moment = timezone.make_aware(datetime.datetime.combine(batch.collected_on, datetime.time(12)))
        for _index in range(8):
            response_submit(
                template=template,
                commune=commune,
                answers=answers(4.0),
                channel=SurveyResponse.Channel.PAPER,
                desk=desk,
                batch=batch,
                submitted_at=moment,
            )
            count += 1
        return count
