"""Reviews: set-up rules, their figures, the scheduler, and the pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from communes.models import AdminUnit, Programme
from reports.models import Review, ReviewBuild, ReviewSchedule
from reports.selectors import commune_table, indicator_rows, previous_period, review_figures, scope_communes
from reports.services import reviews as services
from reports.tasks import plan_periodic_reviews

D = datetime.date
pytestmark = pytest.mark.django_db


# --- Set-up rules -------------------------------------------------------------------------------


def test_it_creates_a_review_with_the_official_heading_of_its_scope(
    province_admin, ls_programme, lang_son_legacy
):
    review = services.review_create(
        by=province_admin,
        programme=ls_programme,
        scope_unit=lang_son_legacy,
        kind=Review.Kind.FINAL,
        period=Review.Period.PHASE,
        period_start=D(2019, 4, 24),
        period_end=D(2024, 12, 31),
    )
    assert review.issuer == "UBND TỈNH LẠNG SƠN"
    assert review.place == lang_son_legacy.short_name
    assert review.created_by == province_admin


def test_it_refuses_a_scope_outside_the_programme(province_admin, ls_programme, hung_ha):
    with pytest.raises(ValidationError) as error:
        services.review_create(
            by=province_admin,
            programme=ls_programme,
            scope_unit=hung_ha,
            kind=Review.Kind.INTERIM,
            period=Review.Period.YEAR,
            period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
        )
    assert "scope_unit" in error.value.message_dict
    assert not Review.objects.exists()


def test_it_refuses_a_period_outside_the_phase_and_a_second_review_of_the_same_period(
    province_admin, ls_programme, lang_son_legacy, review
):
    with pytest.raises(ValidationError) as error:
        services.review_create(
            by=province_admin,
            programme=ls_programme,
            scope_unit=lang_son_legacy,
            kind=Review.Kind.INTERIM,
            period=Review.Period.YEAR,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )
    assert "giai đoạn" in error.value.message_dict["period_start"][0]
    with pytest.raises(ValidationError, match="Đã có báo cáo"):
        services.review_create(
            by=province_admin,
            programme=ls_programme,
            scope_unit=lang_son_legacy,
            kind=review.kind,
            period=review.period,
            period_start=review.period_start,
            period_end=review.period_end,
        )
    assert Review.objects.count() == 1


def test_only_an_administrator_of_the_province_sets_up_its_reviews(
    hung_yen_admin, province_viewer, ls_programme, lang_son_legacy
):
    for user in (hung_yen_admin, province_viewer):
        with pytest.raises(PermissionDenied):
            services.review_create(
                by=user,
                programme=ls_programme,
                scope_unit=lang_son_legacy,
                kind=Review.Kind.FINAL,
                period=Review.Period.PHASE,
                period_start=D(2019, 4, 24),
                period_end=D(2024, 12, 31),
            )


# --- Figures ------------------------------------------------------------------------------------


def test_the_figures_add_up_the_communes_of_the_scope(ls_programme, lang_son_legacy, ls_data):
    figures = review_figures(
        programme=ls_programme,
        communes=scope_communes(unit=lang_son_legacy),
        start=D(2019, 4, 24),
        end=D(2024, 12, 31),
    )
    assert figures.enrolled == 4 and figures.pilots == 2
    assert figures.activity["letter_thanks"] == 2700
    assert figures.letters == 2700 + 636
    assert figures.activity["ceremonies"] == 4500
    assert figures.survey.forms == 61000
    assert figures.survey.overall == pytest.approx(58200 / 61000)
    assert figures.feedback["dialogues_held"] == 950
    resolved = 2300 + 130
    assert figures.feedback["resolution_rate"] == pytest.approx(resolved / (resolved + 165), abs=1e-4)


def test_a_district_review_counts_only_the_district_communes(ls_programme, ls_communes, ls_data):
    district = ls_communes[0].parent
    in_district = [c for c in ls_communes if c.parent_id == district.pk]
    figures = review_figures(
        programme=ls_programme,
        communes=scope_communes(unit=district),
        start=D(2019, 1, 1),
        end=D(2024, 12, 31),
    )
    expected = sum(row[1] for row in ls_data if row[0] in in_district)
    assert figures.activity["letter_thanks"] == expected
    assert figures.enrolled == len(in_district)


def test_the_period_limits_the_figures_and_the_previous_period_is_compared(
    ls_programme, lang_son_legacy, ls_data
):
    communes = scope_communes(unit=lang_son_legacy)
    current = review_figures(
        programme=ls_programme, communes=communes, start=D(2024, 1, 1), end=D(2024, 12, 31)
    )
    start, end = previous_period(D(2024, 1, 1), D(2024, 12, 31))
    assert (start, end) == (D(2022, 12, 31), D(2023, 12, 31))
    previous = review_figures(programme=ls_programme, communes=communes, start=start, end=end)
    assert current.survey.forms == 61000 and previous.survey.forms == 0
    assert not previous.has_data
    # 2023 holds no record at all: its column is "—", with no change, never 0 and "+61.000".
    rows = {row.label: row for row in indicator_rows(current=current, previous=previous)}
    forms = rows["Phiếu khảo sát sự hài lòng"]
    assert forms.previous is None and forms.change is None
    assert forms.display()["previous"] == "—" and forms.display()["change"] == "—"
    assert rows["Tỷ lệ hài lòng chung"].percent


def test_the_commune_table_ranks_the_best_commune_first(ls_programme, lang_son_legacy, ls_communes, ls_data):
    table = commune_table(
        programme=ls_programme,
        communes=scope_communes(unit=lang_son_legacy),
        start=D(2019, 4, 24),
        end=D(2024, 12, 31),
    )
    ranked = [row for row in table if row["rank"]]
    assert [row["unit"] for row in ranked[:4]] == ls_communes
    assert ranked[0]["rank"] == 1 and ranked[0]["letters"] == 1500
    assert ranked[0]["satisfaction"] == pytest.approx(29500 / 30000)
    # Communes without any figure come after the ranked ones, unranked.
    assert all(row["rank"] is None for row in table[len(ranked) :])


def test_the_commune_table_is_one_query_whatever_the_number_of_communes(
    ls_programme, lang_son_legacy, ls_data, django_assert_max_num_queries
):
    communes = scope_communes(unit=lang_son_legacy)
    assert communes.count() > 100
    with django_assert_max_num_queries(1):
        commune_table(programme=ls_programme, communes=communes, start=D(2019, 4, 24), end=D(2024, 12, 31))


def test_the_nested_commune_table_is_two_queries_whatever_the_number_of_communes(
    ls_programme, lang_son, ls_data, django_assert_max_num_queries
):
    communes = scope_communes(unit=lang_son, programme=ls_programme)
    assert communes.count() > 200  # both eras
    with django_assert_max_num_queries(2):  # the communes, the split ones' other successors
        table = commune_table(
            programme=ls_programme,
            communes=communes,
            start=D(2019, 4, 24),
            end=D(2024, 12, 31),
            unit=lang_son,
        )
    assert sum(len(row["children"]) for row in table) > len(table)


# --- The scheduler ------------------------------------------------------------------------------


@pytest.fixture
def active_programme(programme_factory, hung_ha):
    return programme_factory(
        owner_unit=hung_ha,
        phase_start=D(2023, 7, 5),
        phase_end=D(2025, 12, 31),
        status=Programme.Status.ACTIVE,
    )


def test_the_planner_creates_the_last_quarter_and_year_once(
    active_programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        created = services.reviews_plan_periodic(today=D(2025, 1, 15))
    periods = sorted((r.period, r.period_start, r.period_end) for r in created)
    assert periods == [
        (Review.Period.QUARTER, D(2024, 10, 1), D(2024, 12, 31)),
        (Review.Period.YEAR, D(2024, 1, 1), D(2024, 12, 31)),
    ]
    assert all(r.kind == Review.Kind.INTERIM and r.scheduled for r in created)
    assert ReviewBuild.objects.filter(status=ReviewBuild.Status.PENDING).count() == 2
    with django_capture_on_commit_callbacks(execute=False):
        assert services.reviews_plan_periodic(today=D(2025, 1, 16)) == []
    assert Review.objects.count() == 2


def test_the_planner_clips_to_the_phase_and_writes_the_final_review_after_it(active_programme):
    ReviewSchedule.objects.create(programme=active_programme, quarterly=False, yearly=True, build=False)
    created = services.reviews_plan_periodic(today=D(2026, 2, 1))
    assert sorted((r.kind, r.period_start, r.period_end) for r in created) == [
        (Review.Kind.FINAL, D(2023, 7, 5), D(2025, 12, 31)),
        (Review.Kind.INTERIM, D(2025, 1, 1), D(2025, 12, 31)),
    ]
    assert not ReviewBuild.objects.exists()  # the schedule says not to build


def test_the_planner_follows_the_schedule_staff_set(active_programme):
    ReviewSchedule.objects.create(programme=active_programme, quarterly=False, yearly=False, final=False)
    assert services.reviews_plan_periodic(today=D(2025, 1, 15)) == []


def test_the_planner_task_runs_nightly_from_a_schedule_in_the_database(active_programme, settings):
    entry = PeriodicTask.objects.select_related("crontab").get(name="reports-plan-periodic-reviews")
    assert entry.task == plan_periodic_reviews.name and entry.enabled
    assert (entry.crontab.hour, entry.crontab.minute) == ("1", "30")
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert settings.CELERY_TASK_ROUTES["reports.build_review"] == {"queue": "reports"}


# --- Pages --------------------------------------------------------------------------------------


def test_the_list_shows_the_reviews_of_the_users_province_only(
    client, province_admin, review, review_factory, programme_factory, hung_ha, django_assert_max_num_queries
):
    other = programme_factory(owner_unit=hung_ha)
    for year in (2023, 2024):
        review_factory(
            programme=other,
            scope_unit=hung_ha,
            title=f"Sơ kết Hưng Hà {year}",
            period_start=D(year, 1, 1),
            period_end=D(year, 12, 31),
        )
    client.force_login(province_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:review_list"))
    page = response.content.decode()
    assert "Báo cáo tổng kết Đề án 01" in page
    assert "Hưng Hà" not in page


def test_the_list_exports_csv(client, province_admin, review):
    client.force_login(province_admin)
    response = client.get(reverse("reports:review_list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Báo cáo tổng kết Đề án 01" in body and "Tổng kết" in body


def test_a_review_of_another_province_is_not_found(client, hung_yen_admin, officer, review):
    for user in (hung_yen_admin, officer):
        client.force_login(user)
        for name in ("review_detail", "review_edit"):
            assert client.get(reverse(f"reports:{name}", args=[review.pk])).status_code == 404
        assert client.post(reverse("reports:build_request", args=[review.pk])).status_code == 404


def test_staff_create_a_review_from_the_page(client, province_admin, ls_programme, lang_son_legacy):
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:review_new"),
        {
            "programme": ls_programme.pk,
            "scope_unit": lang_son_legacy.pk,
            "kind": Review.Kind.INTERIM,
            "period": Review.Period.YEAR,
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "title": "Sơ kết năm 2023 <script>alert(1)</script>",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:review_detail", args=[review.pk])
    page = client.get(response.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_bad_dates_get_a_vietnamese_error_and_nothing_is_stored(
    client, province_admin, ls_programme, lang_son_legacy
):
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:review_new"),
        {
            "programme": ls_programme.pk,
            "scope_unit": lang_son_legacy.pk,
            "kind": Review.Kind.INTERIM,
            "period": Review.Period.YEAR,
            "period_start": "2023-12-31",
            "period_end": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc kỳ phải sau ngày bắt đầu." in response.content.decode()
    assert not Review.objects.exists()


def test_a_viewer_cannot_set_up_or_build(client, province_viewer, hung_ha, programme_factory, review_factory):
    review = review_factory(programme=programme_factory(owner_unit=hung_ha), scope_unit=hung_ha)
    client.force_login(province_viewer)
    assert client.get(reverse("reports:review_detail", args=[review.pk])).status_code == 200
    assert client.get(reverse("reports:review_new")).status_code == 403
    assert client.post(reverse("reports:build_request", args=[review.pk])).status_code == 403
    assert not ReviewBuild.objects.exists()


def test_requesting_twice_builds_once(client, province_admin, review, django_capture_on_commit_callbacks):
    client.force_login(province_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("reports:build_request", args=[review.pk]))
        response = client.post(reverse("reports:build_request", args=[review.pk]), follow=True)
    assert ReviewBuild.objects.count() == 1
    assert len(callbacks) == 1  # one task sent
    page = response.content.decode()
    assert "data-build-status" in page and "dùng chung lượt đang chạy" in page


def test_the_page_lists_a_build_the_nightly_planner_requested(
    client, province_admin, review, province_viewer
):
    ReviewBuild.objects.create(review=review, requested_by=None)  # the planner asks as nobody
    ReviewBuild.objects.create(
        review=review, requested_by=province_viewer, status=ReviewBuild.Status.FAILED, error="x"
    )
    client.force_login(province_admin)
    response = client.get(reverse("reports:review_detail", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Theo lịch" in page and (province_viewer.get_full_name() or province_viewer.username) in page


def test_the_build_request_needs_the_csrf_token(province_admin, review):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(province_admin)
    assert client.post(reverse("reports:build_request", args=[review.pk])).status_code == 403


def test_the_schedule_page_changes_what_the_planner_prepares(
    client, province_admin, ls_programme, hung_yen_admin
):
    client.force_login(hung_yen_admin)
    assert client.get(reverse("reports:schedule_edit", args=[ls_programme.pk])).status_code == 404
    client.force_login(province_admin)
    response = client.post(
        reverse("reports:schedule_edit", args=[ls_programme.pk]), {"yearly": "on", "final": "on"}
    )
    assert response.status_code == 302
    schedule = ReviewSchedule.objects.get(programme=ls_programme)
    assert (schedule.quarterly, schedule.yearly, schedule.final, schedule.build) == (False, True, True, False)


def test_scope_communes_of_a_commune_is_itself(tien_duc):
    assert list(scope_communes(unit=tien_duc)) == [tien_duc]
    assert tien_duc.level == AdminUnit.Level.COMMUNE
