"""The seeds reproduced: with the demo data, the Lạng Sơn tổng kết 2019-2024 states the article's
figures and the Bàu Bàng sơ kết 2017 its letters, in the PDF a build writes. One test: loading
every demo takes most of a minute."""

import io

import pytest
from django.core.management import call_command

from reports.models import Award, Review, ReviewBuild
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
    assert "9.087 buổi trao giấy chứng nhận" in text
    assert "1.310 hội nghị đối thoại" in text
    assert "đạt 96,9%" in text
    assert "Tặng thưởng 16 tập thể và 8 cá nhân" in text
    awards = Award.objects.filter(
        decision__review__programme__owner_unit__code="20", status=Award.Status.DECIDED
    )
    assert awards.filter(kind=Award.Kind.COLLECTIVE).count() == 16
    assert awards.filter(kind=Award.Kind.INDIVIDUAL).count() == 8

    # 004: Bàu Bàng, sơ kết on 08/08/2017.
    text = texts["719"]
    assert "Sơ kết" in text and "ngày 08 tháng 08 năm 2017" in text
    assert "Thư chúc mừng 1.336" in text
    assert "Thư chia buồn 347" in text
    assert "Thư xin lỗi 61" in text

    # Loading again changes nothing.
    call_command("load_demo_reports", stdout=io.StringIO())
    assert Review.objects.count() == 2 and Award.objects.count() == 24
