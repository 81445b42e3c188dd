"""Demo reviews and award decisions of the source articles, on top of the other demo loaders:

- 000: Bình Dương's sơ kết of the two 2015 pilot models ("Chính quyền thân thiện của dân, do
  dân, vì dân" and "Công sở thân thiện vì nhân dân phục vụ"), conference on 13/01/2016, with its
  two award decisions: the provincial certificate of merit to 21 collectives and individuals for
  the pilots, and to 43 for the 2011-2015 mass-mobilisation work of the government;
- 002: Lạng Sơn's tổng kết of Đề án 01 (2019-2024), conference on 16/01/2025, with the decision
  awarding the provincial chairman's certificate of merit to 16 collectives and 8 individuals;
- 004: Bàu Bàng's sơ kết, conference on 08/08/2017.

The articles give how many were awarded, never who: the decisions carry those totals in their
text and their lists are left to staff, who enter them from the signed decisions (a name the
demo made up, or the first communes of a ranking where most of them tie, would be printed on
certificates as if true; and Bình Dương's article does not even split collectives from
individuals). The document numbers and the decisions' dates are illustrative. The reviews'
evaluation is in the articles' words where they give it; what they do not give (shortcomings,
lessons, proposals) is left to staff, so the reports print as drafts ("DỰ THẢO"). Idempotent.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from communes.models import AdminUnit, Programme
from reports.models import Award, AwardDecision, Review
from reports.services import awards as award_services
from reports.services.builds import build_request

D = datetime.date
OLD = AdminUnit.Era.LEGACY
# Awardees made up by earlier versions of the demo carried this mark; the next run removes them.
FORMER_MARK = "(số liệu minh họa)"


class Command(BaseCommand):
    help = (
        "Load the reports demo: the Bình Dương sơ kết 2016 and the Lạng Sơn tổng kết 2019-2024 with "
        "their award decisions, the Bàu Bàng sơ kết 2017."
    )

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true", help="Also build the PDF of each demo review.")

    @transaction.atomic
    def handle(self, *args, build=False, **options):
        try:
            lang_son = Programme.objects.get(
                owner_unit__era=OLD, owner_unit__code="20", phase_start=D(2019, 4, 24)
            )
            bau_bang = Programme.objects.get(owner_unit__era=OLD, owner_unit__code="719")
            binh_duong = Programme.objects.get(
                owner_unit__era=OLD,
                owner_unit__code="74",
                name="Chính quyền thân thiện của dân, do dân, vì dân",
            )
        except Programme.DoesNotExist as exc:
            raise CommandError("Run load_demo first.") from exc
        reviews = [self.binh_duong(binh_duong), self.lang_son(lang_son), self.bau_bang(bau_bang)]
        if build:
            for review in reviews:
                build_request(review=review, by=None)
        self.stdout.write(
            f"Reports demo: {Review.objects.count()} reviews, "
            f"{AwardDecision.objects.filter(review__in=reviews).count()} award decisions of the articles "
            "(their lists left to staff)."
        )

    def decision(self, *, review: Review, number: str, decided_on: datetime.date, reason: str, **values):
        """The decision of that number and date, announced at `review`, once; awardees an earlier
        version of the demo made up are removed."""
        decision = AwardDecision.objects.filter(
            issuer=values["issuer"], number=number, decided_on=decided_on
        ).first()
        if decision is None:
            decision = award_services.decision_create(
                by=None,
                programme=review.programme,
                review=review,
                number=number,
                decided_on=decided_on,
                reason=reason,
                level=AwardDecision.Level.PROVINCE_MERIT,
                **values,
            )
        else:
            # An earlier version of the demo kept the totals in the reason (printed on certificates).
            stated = {field: values.get(field) for field in award_services.STATED}
            AwardDecision.objects.filter(pk=decision.pk).update(reason=reason, **stated)
        if decision.awards.filter(name__endswith=FORMER_MARK).exists():
            # Signed decisions are closed to the pages; this is the demo's own made-up list.
            Award.objects.filter(decision=decision).delete()
        return decision

    def binh_duong(self, programme: Programme) -> Review:
        review, _created = Review.objects.update_or_create(
            programme=programme,
            scope_unit=programme.owner_unit,
            kind=Review.Kind.INTERIM,
            period_start=D(2015, 1, 1),
            period_end=D(2015, 12, 31),
            defaults={
                "period": Review.Period.YEAR,
                "title": (
                    "Sơ kết 1 năm thí điểm mô hình “Chính quyền thân thiện của dân, do dân, vì dân” và "
                    "“Công sở thân thiện vì nhân dân phục vụ”"
                ),
                "number": "05/BC-UBND",
                "issuer": "UBND TỈNH BÌNH DƯƠNG",
                "place": "Bình Dương",
                "report_date": D(2016, 1, 13),
                "conference_date": D(2016, 1, 13),
                "conference_place": "UBND tỉnh Bình Dương",
                "signer_name": "Trần Thanh Liêm",
                "signer_title": "CHỦ TỊCH",
                # The evaluation in the article's words: the chairman's praise, and what he asked
                # for next; the article gives no shortcomings, lessons or proposals, so the report
                # stays a draft until staff write them.
                "strengths": (
                    "Các tập thể, cá nhân tổ chức tốt việc thí điểm xây dựng mô hình; tổ chức tuyên "
                    "truyền, giáo dục cán bộ, công chức, viên chức Nhà nước các cấp hiểu rõ và có nhận "
                    "thức đúng đắn về công tác dân vận của chính quyền, từng bước nâng cao và phát huy "
                    "tốt quyền làm chủ của nhân dân."
                ),
                "directions": (
                    "Các cấp ủy Đảng, chính quyền, đoàn thể, các cơ quan hành chính Nhà nước tiếp tục đổi "
                    "mới phương thức lãnh đạo trong các cơ quan hành chính và đơn vị sự nghiệp công lập; "
                    "nâng cao ý thức, trách nhiệm của đội ngũ cán bộ, công chức, viên chức, người đứng "
                    "đầu cơ quan, đơn vị đối với việc thực hiện công tác dân vận chính quyền; thực hiện "
                    "tốt các nội dung theo kế hoạch xây dựng mô hình đối với các cơ quan, đơn vị đã được "
                    "chọn thí điểm.\n"
                    "Tiếp tục xây dựng chính quyền, công sở thân thiện giai đoạn 2016-2020."
                ),
            },
        )
        common = {
            "issuer": "UBND TỈNH BÌNH DƯƠNG",
            "place": "Bình Dương",
            "signer_name": "Trần Thanh Liêm",
            "signer_title": "CHỦ TỊCH",
        }
        self.decision(
            review=review,
            number="85/QĐ-UBND",
            decided_on=D(2016, 1, 12),
            reason=(
                "Đã có thành tích xuất sắc trong công tác thí điểm xây dựng mô hình “Chính quyền thân "
                "thiện của dân, do dân, vì dân” và “Công sở thân thiện vì nhân dân phục vụ”."
            ),
            stated_recipients=21,
            **common,
        )
        self.decision(
            review=review,
            number="86/QĐ-UBND",
            decided_on=D(2016, 1, 12),
            reason=(
                "Đã có thành tích xuất sắc trong việc phối hợp thực hiện công tác dân vận chính quyền "
                "giai đoạn 2011-2015."
            ),
            stated_recipients=43,
            **common,
        )
        return review

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
                # The article's words; it states no shortcomings or proposals (draft until written).
                "strengths": (
                    "Qua 5 năm thực hiện, từ 17 mô hình điểm trong toàn tỉnh (năm 2019), đến nay 100% xã, "
                    "phường, thị trấn trên địa bàn tỉnh đã tổ chức triển khai thực hiện đồng bộ, thiết "
                    "thực, hiệu quả mô hình. Các xã, phường, thị trấn đều được bố trí trang thiết bị đầy "
                    "đủ phục vụ người dân tại bộ phận “một cửa”, phòng tiếp công dân; lắp đặt hòm thư góp "
                    "ý, lịch tiếp công dân, bảng niêm yết công khai các thủ tục hành chính và treo các "
                    "khẩu hiệu “5 biết”, “4 luôn”, “3 thể hiện”.\n"
                    "Công tác cải cách hành chính, cải cách thủ tục hành chính được triển khai thống nhất, "
                    "đồng bộ, có trọng tâm, trọng điểm."
                ),
                "directions": (
                    "Các cấp, ngành tiếp tục quán triệt triển khai thực hiện tốt Đề án 01; nhân rộng các "
                    "mô hình hay, tạo sự lan tỏa trong toàn tỉnh; tiếp tục quan tâm cải cách hành chính, "
                    "cải cách thủ tục hành chính, triển khai tốt các phong trào văn hóa công sở, kỷ luật "
                    "kỷ cương hành chính.\n"
                    "Thực hiện tốt công tác đối thoại với công dân, giải quyết đơn thư, khiếu nại của "
                    "người dân; hiện đại hóa nền hành chính, ứng dụng công nghệ thông tin, chuyển đổi số "
                    "trong hoạt động của chính quyền; tăng cường kiểm tra giám sát, sơ kết, tổng kết "
                    "trong quá trình triển khai thực hiện đề án."
                ),
            },
        )
        self.decision(
            review=review,
            number="15/QĐ-UBND",
            decided_on=D(2025, 1, 14),
            issuer="UBND TỈNH LẠNG SƠN",
            place="Lạng Sơn",
            signer_name="Dương Xuân Huyên",
            signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
            reason=(
                "Đã có thành tích xuất sắc trong thực hiện xây dựng mô hình điểm "
                '"Chính quyền thân thiện" cấp cơ sở trên địa bàn tỉnh Lạng Sơn giai đoạn 2019-2024.'
            ),
            stated_collectives=16,
            stated_individuals=8,
        )
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
                # Signed by the district's chairman of the day, named by the article.
                "signer_name": "Lê Khắc Tri",
                "signer_title": "CHỦ TỊCH",
                "strengths": (
                    "100% cơ quan, đơn vị, UBND các xã đã xây dựng các bảng phương châm hành động “5 "
                    "biết” và “3 thể hiện”. Cơ sở vật chất tại Bộ phận tiếp nhận và trả kết quả hồ sơ, "
                    "phòng tiếp dân được trang bị đầy đủ và khang trang hơn. Ý thức trách nhiệm của đội "
                    "ngũ cán bộ công chức, viên chức được nâng lên, nâng cao chất lượng phục vụ nhân dân. "
                    "Các cơ quan, đơn vị các xã đẩy mạnh cải cách thủ tục hành chính; giải quyết kịp "
                    "thời, có trách nhiệm khi xem xét, giải quyết công việc cho người dân."
                ),
                "directions": (
                    "Tiếp tục đẩy mạnh công tác tuyên truyền, phổ biến cho cán bộ công chức, viên chức và "
                    "nhân dân; đẩy mạnh cải cách thủ tục hành chính; thực hiện dân chủ cơ sở và tăng "
                    "cường đối thoại, tiếp công dân cũng như giải quyết khiếu nại, tố cáo của công dân."
                ),
            },
        )
        return review
