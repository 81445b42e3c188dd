"""The seeds reproduced: with the demo data, the Lạng Sơn tổng kết 2019-2024 states the article's
figures, the Bàu Bàng sơ kết 2017 its letters and the Bình Dương sơ kết of 13/01/2016 its two award
decisions, in the PDF a build writes. The articles never name the awardees: the decisions carry the
totals and leave the lists to staff. One test: loading every demo takes most of a minute."""

import io

import pytest
from django.core.management import call_command

from reports.models import Award, AwardDecision, Review, ReviewBuild
from reports.services import builds

from .test_builds import pdf_text


@pytest.mark.django_db
def test_the_demo_reviews_state_the_figures_of_the_articles():
    for command in ("load_demo", "load_demo_surveys", "load_demo_dialogues", "load_demo_reports"):
        call_command(command, stdout=io.StringIO())
    texts = {}
    for review in Review.objects.select_related("programme__owner_unit"):
        build = builds.build_run(build_id=ReviewBuild.objects.create(review=review).pk)
        texts[review.programme.owner_unit.code] = " ".join(pdf_text(build.file.path).split())

    # 002: Lạng Sơn, tổng kết of Đề án 01 on 16/01/2025.
    text = texts["20"]
    assert "Tổng kết" in text and "Lạng Sơn, ngày 16 tháng 01 năm 2025" in text
    assert "trong đó 17 đơn vị là mô hình điểm" in text
    assert "thực hiện mô hình (100,0%)" in text
    assert "6.048 thư cảm ơn" in text  # "more than 6,000"
    assert "100.980 phiếu khảo sát" in text
    assert "9.087" in text
    assert "1.310 hội nghị đối thoại" in text
    assert "đạt 96,9%" in text
    # The summary in the article's words: forms issued, couples.
    assert "phát hành 100.980 phiếu khảo sát" in text
    assert "trao giấy chứng nhận kết hôn cho 9.087 lượt cặp vợ chồng" in text
    # The award in the decision's terms (the staff's evaluation replaced the article's summary).
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 16 tập thể và 8 cá nhân" in text
    # The generic sentence and section V in the article's terms and figures.
    assert "trao giấy chứng nhận kết hôn cho 9.087 lượt cặp vợ chồng; phát hành 100.980 phiếu" in text
    assert "Tặng thưởng 16 tập thể và 8 cá nhân có thành tích xuất sắc" in text
    assert "danh sách kèm theo chưa được nhập" in text

    # 004: Bàu Bàng, sơ kết on 08/08/2017.
    text = texts["719"]
    assert "Sơ kết" in text and "ngày 08 tháng 8 năm 2017" in text
    assert "Thư chúc mừng 1.336" in text
    assert "Thư chia buồn 347" in text
    assert "Thư xin lỗi 61" in text

    # 000: Bình Dương, sơ kết of both models on 13/01/2016, with its two award decisions.
    text = texts["74"]
    assert "Sơ kết" in text and "Bình Dương, ngày 13 tháng 01 năm 2016" in text
    assert "Công sở thân thiện vì nhân dân phục vụ" in text
    assert "Quyết định số 85/QĐ-UBND" in text and "Quyết định số 86/QĐ-UBND" in text
    assert "21 tập thể, cá nhân" in text and "43 tập thể, cá nhân" in text
    assert "Tặng thưởng 64 tập thể, cá nhân có thành tích xuất sắc" in text

    # What the decisions state (the articles give totals, no names); the reasons, printed on the
    # certificates, are the reasons only.
    decisions = AwardDecision.objects.filter(review__programme__owner_unit__code="74").order_by("number")
    assert [d.stated_recipients for d in decisions] == [21, 43]
    assert "thí điểm" in decisions[0].reason and "dân vận chính quyền" in decisions[1].reason
    lang_son = AwardDecision.objects.get(review__programme__owner_unit__code="20")
    stated = (lang_son.stated_collectives, lang_son.stated_individuals, lang_son.stated_recipients)
    assert stated == (16, 8, None)
    for decision in [*decisions, lang_son]:
        assert "tập thể" not in decision.reason and "không nêu tên" not in decision.reason
    # No made-up awardee: the lists are for staff to enter from the signed decisions.
    assert not Award.objects.exists()

    # Loading again changes nothing.
    call_command("load_demo_reports", stdout=io.StringIO())
    assert Review.objects.count() == 3 and AwardDecision.objects.count() == 3 and not Award.objects.exists()
