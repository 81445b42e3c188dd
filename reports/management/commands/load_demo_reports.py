"""Demo reviews and awards of the source articles, on top of the other demo loaders:

- 002: Lạng Sơn's tổng kết of Đề án 01 (2019-2024), conference on 16/01/2025, with the decision
  awarding the provincial chairman's certificate of merit to 16 collectives and 8 individuals;
- 004: Bàu Bàng's sơ kết, conference on 08/08/2017.

The articles give the totals, not the awardees: the 16 collectives are the 16 best-ranked communes
and the 8 individuals are marked as illustrative; so are the document numbers (the reviews' summary
says so). Idempotent.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from communes.models import AdminUnit, Programme
from reports.models import Award, AwardDecision, Review
from reports.selectors import commune_table, scope_communes
from reports.services import awards as award_services
from reports.services.builds import build_request

D = datetime.date
OLD = AdminUnit.Era.LEGACY
DEMO = "(số liệu minh họa)"


class Command(BaseCommand):
    help = "Load the reports demo: the Lạng Sơn tổng kết 2019-2024 with its awards, the Bàu Bàng sơ kết 2017."

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true", help="Also build the PDF of each demo review.")

    @transaction.atomic
    def handle(self, *args, build=False, **options):
        try:
            lang_son = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="20")
            bau_bang = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="719")
        except Programme.DoesNotExist as exc:
            raise CommandError("Run load_demo first.") from exc
        final = self.lang_son(lang_son)
        interim = self.bau_bang(bau_bang)
        if build:
            for review in (final, interim):
                build_request(review=review, by=None)
        totals = Award.objects.filter(decision__review=final, status=Award.Status.DECIDED)
        self.stdout.write(
            f"Reports demo: {Review.objects.count()} reviews; Lạng Sơn awards: "
            f"{totals.filter(kind=Award.Kind.COLLECTIVE).count()} collectives, "
            f"{totals.filter(kind=Award.Kind.INDIVIDUAL).count()} individuals."
        )

    def lang_son(self, programme: Programme) -> Review:
        review, _created = Review.objects.update_or_create(
            programme=programme,
            scope_unit=programme.owner_unit,
            kind=Review.Kind.FINAL,
            period_start=programme.phase_start,
            period_end=D(2024, 12, 31),
            defaults={
                "period": Review.Period.PHASE,
                "title": (
                    'Tổng kết Đề án 01 xây dựng mô hình điểm "Chính quyền thân thiện" cấp cơ sở '
                    "giai đoạn 2019-2024"
                ),
                "number": "01/BC-UBND",
                "issuer": "UBND TỈNH LẠNG SƠN",
                "place": "Lạng Sơn",
                "report_date": D(2025, 1, 16),
                "conference_date": D(2025, 1, 16),
                "conference_place": "Lạng Sơn",
                "signer_name": "Dương Xuân Huyên",
                "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
                "summary": (
                    "Từ 17 mô hình điểm năm 2019, đến năm 2024 100% xã, phường, thị trấn đã triển khai "
                    "mô hình. "
                    "Các đơn vị đầu tư trang thiết bị bộ phận một cửa, phòng tiếp công dân, hòm thư góp ý, "
                    'công khai lịch tiếp công dân và thủ tục hành chính, treo bảng "5 biết", "4 luôn", '
                    '"3 thể hiện". Số, ký hiệu văn bản và danh sách khen thưởng là dữ liệu minh họa.'
                ),
            },
        )
        decision = AwardDecision.objects.filter(review=review).first()
        if decision is None:
            decision = award_services.decision_create(
                by=None,
                programme=programme,
                review=review,
                number="15/QĐ-UBND",
                decided_on=D(2025, 1, 14),
                issuer="UBND TỈNH LẠNG SƠN",
                place="Lạng Sơn",
                signer_name="Dương Xuân Huyên",
                signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
                level=AwardDecision.Level.PROVINCE_MERIT,
                reason=(
                    "Đã có thành tích xuất sắc trong thực hiện xây dựng mô hình điểm "
                    '"Chính quyền thân thiện" cấp cơ sở trên địa bàn tỉnh Lạng Sơn giai đoạn 2019-2024'
                ),
            )
        if not decision.awards.exists():
            table = commune_table(
                programme=programme,
                communes=scope_communes(unit=programme.owner_unit),
                start=review.period_start,
                end=review.period_end,
            )
            best = [row for row in table if row["rank"] is not None][:16]
            if len(best) < 16:  # without ranked data, the first communes in the table
                best = table[:16]
            for row in best:
                award_services.award_add(
                    by=None,
                    decision=decision,
                    kind=Award.Kind.COLLECTIVE,
                    name=award_services.collective_name(row["unit"]),
                    commune=row["unit"],
                    rank=row["rank"],
                )
            for index, row in enumerate(best[:8], start=1):
                award_services.award_add(
                    by=None,
                    decision=decision,
                    kind=Award.Kind.INDIVIDUAL,
                    name=f"Cá nhân tiêu biểu số {index} {DEMO}",
                    commune=row["unit"],
                    position=f"Công chức bộ phận một cửa, {award_services.collective_name(row['unit'])}",
                )
            award_services.awards_decide(by=None, decision=decision)
        return review

    def bau_bang(self, programme: Programme) -> Review:
        review, _created = Review.objects.update_or_create(
            programme=programme,
            scope_unit=programme.owner_unit,
            kind=Review.Kind.INTERIM,
            period_start=programme.phase_start,
            period_end=D(2017, 8, 8),
            defaults={
                "period": Review.Period.OTHER,
                "title": "Sơ kết mô hình “Chính quyền thân thiện của dân, do dân, vì dân”",
                "number": "85/BC-UBND",
                "issuer": "UBND HUYỆN BÀU BÀNG",
                "place": "Bàu Bàng",
                "report_date": D(2017, 8, 8),
                "conference_date": D(2017, 8, 8),
                "conference_place": "Huyện Bàu Bàng",
                "summary": (
                    '100% đơn vị treo bảng "5 biết", "3 thể hiện". Số, ký hiệu văn bản là dữ liệu minh họa.'
                ),
            },
        )
        return review
