"""Building a review's PDF: the job row, retries after a failure or a killed worker, the PDF's text."""

import datetime
import subprocess

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from reports.models import ReviewBuild
from reports.services import builds

pytestmark = pytest.mark.django_db


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def files_of(media, review) -> list:
    folder = media / "reviews" / str(review.pk)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def pending(review) -> ReviewBuild:
    return ReviewBuild.objects.create(review=review)


def test_a_build_writes_the_official_report_with_the_figures(
    pending, ls_data, media, award_decision_factory, award_factory
):
    decision = award_decision_factory(programme=pending.review.programme, review=pending.review)
    for n in range(3):
        award_factory(decision=decision, name=f"UBND xã Thử Nghiệm {n}")
    award_factory(decision=decision, kind="individual", name="Bà Hoàng Thị Thủy")

    build = builds.build_run(build_id=pending.pk)

    assert build.status == ReviewBuild.Status.DONE and build.progress == 100 and build.attempts == 1
    assert build.pages >= 3 and build.size > 10_000 and build.started_at <= build.finished_at
    text = pdf_text(build.file.path)
    for expected in [
        "ỦY BAN NHÂN DÂN",  # the issuing body in full, on its two lines
        "TỈNH LẠNG SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-UBND",
        "Lạng Sơn, ngày 10 tháng 01 năm 2025",
        "BÁO CÁO",
        "thực hiện mô hình",
        "2.700",  # thank-you letters, Vietnamese thousands
        "61.000",  # survey forms
        "95,4%",  # 58,200 satisfied of 61,000
        "950",  # dialogues
        "3 tập thể và 1 cá nhân",
        "Bà Hoàng Thị Thủy",
        "Hồ Tiến Thiệu",
    ]:
        assert expected in text, expected
    assert files_of(media, pending.review) == [media / build.file.name]


def page_texts(path) -> list[str]:
    return pdf_text(path).split("\f")


def test_a_short_report_has_no_table_of_contents(review_factory, ls_programme, ls_communes, ls_data, media):
    # One commune's sơ kết of one year.
    review = review_factory(
        programme=ls_programme,
        scope_unit=ls_communes[0],
        kind="interim",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    build = builds.build_run(build_id=ReviewBuild.objects.create(review=review).pk)
    assert "Mục lục" not in pdf_text(build.file.path)


def page_sizes(path) -> list[str]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [line.split(":", 1)[1].split("pts")[0].strip() for line in info.splitlines() if " size:" in line]


def test_a_long_report_puts_the_per_commune_table_in_an_annex_on_landscape_pages(
    pending, ls_programme, lang_son_legacy, ls_data, media
):
    """No table of contents page any more (Nghị định 30/2020 has none): the long per-commune
    table goes to a "Phụ lục" with its own heading and reference, on landscape pages, its header
    repeated on each."""
    from communes.models import AdminUnit, Enrolment

    # Every commune of the province in the programme: the per-commune table runs over pages.
    enrolled = set(ls_programme.enrolments.values_list("commune_id", flat=True))
    Enrolment.objects.bulk_create(
        Enrolment(programme=ls_programme, commune=commune, selected_on=datetime.date(2021, 3, 1))
        for commune in AdminUnit.objects.filter(parent__parent=lang_son_legacy).exclude(pk__in=enrolled)
    )

    build = builds.build_run(build_id=pending.pk)

    pages = page_texts(build.file.path)
    sizes = page_sizes(build.file.path)
    assert "Mục lục" not in pdf_text(build.file.path)
    annex = next(number for number, text in enumerate(pages) if "PHỤ LỤC" in text)
    assert annex > 0
    assert "KẾT QUẢ THỰC HIỆN THEO TỪNG XÃ, PHƯỜNG, THỊ TRẤN" in pages[annex]
    assert "(Kèm theo Báo cáo số 15/BC-UBND ngày 10/01/2025 của Ủy ban nhân dân tỉnh Lạng Sơn)" in " ".join(
        pages[annex].split()
    )
    # The body (with the signature) on portrait pages, the annex on landscape ones.
    assert "Hồ Tiến Thiệu" in "".join(pages[:annex]) and "Hồ Tiến Thiệu" not in "".join(pages[annex:])
    assert all(size.startswith("595.") for size in sizes[:annex])
    annex_pages = [size for size, text in zip(sizes[annex:], pages[annex:], strict=False) if text.strip()]
    assert len(annex_pages) >= 2 and all(size.startswith("841.") for size in annex_pages)
    for text in pages[annex:]:
        if text.strip():
            assert "Hạng" in text and "Hình thức" in text  # the table's header on each page


def test_a_finished_build_is_not_built_again(pending, media):
    first = builds.build_run(build_id=pending.pk)
    again = builds.build_run(build_id=pending.pk)
    assert again.finished_at == first.finished_at and again.attempts == 1
    assert len(files_of(media, pending.review)) == 1


def test_a_build_that_fails_midway_finishes_once_on_retry(pending, media, monkeypatch):
    real = builds.render_document
    calls = []

    def flaky(template, context):
        calls.append(template)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(template, context)

    monkeypatch.setattr(builds, "render_document", flaky)
    with pytest.raises(OSError):
        builds.build_run(build_id=pending.pk)
    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.PENDING  # waits for the task's retry
    assert "disk full" in pending.error and pending.progress == 50 and not pending.file

    build = builds.build_run(build_id=pending.pk)

    assert build.status == ReviewBuild.Status.DONE and build.attempts == 2 and build.error == ""
    assert ReviewBuild.objects.filter(status=ReviewBuild.Status.DONE).count() == 1
    assert len(files_of(media, pending.review)) == 1


def test_a_build_killed_after_writing_its_file_leaves_one_file_after_retry(pending, media, monkeypatch):
    # The worker dies between writing the PDF and marking the row done: the row says running, the
    # file is on disk. The retry overwrites that file instead of adding a second one.
    real_save = ReviewBuild.save

    def dies(self, *args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(ReviewBuild, "save", dies)
    with pytest.raises(SystemExit):
        builds.build_run(build_id=pending.pk)
    monkeypatch.setattr(ReviewBuild, "save", real_save)
    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.RUNNING
    assert len(files_of(media, pending.review)) == 1  # left behind

    build = builds.build_run(build_id=pending.pk)

    assert build.status == ReviewBuild.Status.DONE and build.attempts == 2
    assert files_of(media, pending.review) == [media / build.file.name]


def test_after_three_failures_the_build_is_failed_and_a_new_request_starts_afresh(
    pending, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(builds, "review_document", lambda review: 1 / 0)
    for _attempt in range(builds.MAX_ATTEMPTS):
        with pytest.raises(ZeroDivisionError):
            builds.build_run(build_id=pending.pk)
    pending.refresh_from_db()
    assert pending.status == ReviewBuild.Status.FAILED and pending.attempts == builds.MAX_ATTEMPTS
    assert "ZeroDivisionError" in pending.error
    with django_capture_on_commit_callbacks(execute=False):
        fresh = builds.build_request(review=pending.review, by=None)
    assert fresh.pk != pending.pk and fresh.status == ReviewBuild.Status.PENDING


def test_a_build_another_live_worker_holds_is_left_to_it(pending):
    # A second connection stands for the other worker: it holds the build's advisory lock.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [builds.LOCK_NAMESPACE, pending.pk])
        assert builds.build_run(build_id=pending.pk) is None
        pending.refresh_from_db()
        assert pending.status == ReviewBuild.Status.PENDING and pending.attempts == 0
    finally:
        other.close()


def test_a_silent_build_is_sent_again_instead_of_a_second_one(
    pending, django_capture_on_commit_callbacks, settings
):
    ReviewBuild.objects.filter(pk=pending.pk).update(
        status=ReviewBuild.Status.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.REPORTS_BUILD_STALE_SECONDS + 5),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = builds.build_request(review=pending.review, by=None)
    assert again.pk == pending.pk and len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        builds.build_request(review=pending.review, by=None)
    assert callbacks == []  # it was just sent: not stale any more
    assert ReviewBuild.objects.count() == 1


def test_the_status_and_the_download_follow_the_scope(client, province_admin, hung_yen_admin, pending):
    build = builds.build_run(build_id=pending.pk)
    client.force_login(hung_yen_admin)
    assert client.get(reverse("reports:build_status", args=[build.pk])).status_code == 404
    assert client.get(reverse("reports:build_download", args=[build.pk])).status_code == 404
    client.force_login(province_admin)
    status = client.get(reverse("reports:build_status", args=[build.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"] == reverse("reports:build_download", args=[build.pk])
    response = client.get(status["download_url"])
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="tong-ket-20241231-' in response["Content-Disposition"]


def test_a_pending_build_has_nothing_to_download(client, province_admin, pending):
    client.force_login(province_admin)
    assert client.get(reverse("reports:build_download", args=[pending.pk])).status_code == 404
    status = client.get(reverse("reports:build_status", args=[pending.pk])).json()
    assert status["status"] == "pending" and status["download_url"] is None
