#!/usr/bin/env python
"""Benchmark of the review PDF: a province's tổng kết over 100 communes and 1,000,000 survey
responses, then over ten times the responses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/friendly_gov .venv/bin/python bench/reports_bench.py

Options: --communes N (100), --responses R in all (1,000,000), --scale S (10; 1 skips the second
stage), --repeat builds per stage (3), --answers (store the six answers of every response too),
--keep (leave the database), --pdf FILE (keep the last PDF built).

It runs on a throwaway database (`<name>_reports_bench` of DATABASE_URL, created and dropped here;
PostgreSQL only: the generator writes with generate_series) and prints each figure with a baseline
measured in the same run, because shared machines are noisy:
- generate: a synthetic province (districts and communes), a programme over 2019-2024 that every
  commune joins by 2024, R survey responses spread over the phase with the monthly counts the
  service keeps for them (built in the same statement from the same drawn answers), letters and
  ceremonies, feedback items, dialogues and their commitments, historic tallies, criteria
  self-assessments and an award decision;
- baseline: a `SELECT 1` round trip, and a one-page PDF rendered in a fresh process (interpreter
  and Django already started, WeasyPrint and its fonts not yet loaded, as in a new worker);
- build: `build_run` of the province's whole-phase review, each time in a fresh process like a
  new Celery worker: seconds inside build_run, the process's peak resident memory, pages, SQL
  queries; the median of --repeat runs; then the same builds with PostgreSQL's JIT compilation
  back on (DJANGO_DB_JIT=1: the portal turns it off per connection, see bench/README.md);
- scale: S - 1 times as many responses again, and the builds once more: the review reads the
  monthly counts (rows per month, commune, service and officer), never the responses, so its
  time should hardly move;
- finally the counts are checked against the responses (exact, not approximate).
"""

import argparse
import datetime
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendly_gov.settings")
if "--child" not in sys.argv:
    os.environ["DJANGO_DEBUG"] = "1"  # the parent only generates data; the builds run with DEBUG off

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from tqdm import tqdm  # noqa: E402

TZ = "Asia/Ho_Chi_Minh"
PHASE_START = datetime.date(2019, 1, 1)
PHASE_END = datetime.date(2024, 12, 31)
PORTAL_FROM = datetime.date(2022, 1, 1)  # feedback and dialogues recorded one by one from here
DISTRICTS = 10
SERVICES = 8
OFFICER_SHARE = 0.3  # responses naming the officer who served (two officers a commune)
CHUNK_ROWS = 250_000  # responses per statement
FEEDBACK_PER_COMMUNE = 50
ROUNDS = 30
# A throwaway key for the child processes, which run with the production settings (DEBUG off).
CHILD_SECRET = secrets.token_urlsafe(32)
GOAL_SECONDS = 15
GOAL_MB = 300
GOAL_SCALE_RATIO = 1.5


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM, Linux). Not getrusage's ru_maxrss: a process
    started by subprocess keeps, across exec, the high-water mark of the parent it was forked
    from, so every child would report at least the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("the peak memory is read from /proc/self/status (Linux)")


# --- Data ------------------------------------------------------------------------------------------


def make_world(communes: int) -> dict:
    """A legacy (pre-2025) province with districts and communes, its programme over 2019-2024 (a
    sixth of the communes pilots in 2019, the rest rolled out until 2024), documents, steering
    committee, services, two desk officers a commune and the default SIPAS template."""
    from communes.models import (
        AdminUnit,
        Enrolment,
        Programme,
        ProgrammeDocument,
        SteeringMember,
        User,
        fold,
    )
    from surveys.models import Service
    from surveys.services import template_default_ensure

    legacy = AdminUnit.Era.LEGACY
    province = AdminUnit.objects.create(
        era=legacy, level="province", unit_type="tinh", code="R1", name="Tỉnh Thử Tải", short_name="Thử Tải"
    )
    districts = AdminUnit.objects.bulk_create(
        AdminUnit(
            era=legacy,
            level="district",
            unit_type="huyen",
            code=f"R{i:03d}",
            name=f"Huyện Thử Tải {i + 1}",
            short_name=f"Thử Tải {i + 1}",
            search_name=fold(f"Huyện Thử Tải {i + 1}"),
            parent=province,
        )
        for i in range(DISTRICTS)
    )
    units = AdminUnit.objects.bulk_create(
        AdminUnit(
            era=legacy,
            level="commune",
            unit_type="xa",
            code=f"R{i:05d}",
            name=f"Xã Thử Tải {i + 1}",
            short_name=f"Thử Tải {i + 1}",
            search_name=fold(f"Xã Thử Tải {i + 1}"),
            parent=districts[i % DISTRICTS],
        )
        for i in range(communes)
    )
    programme = Programme.objects.create(
        name="Chính quyền thân thiện, vì Nhân dân phục vụ",
        owner_unit=province,
        phase_start=PHASE_START,
        phase_end=PHASE_END,
    )
    documents = ProgrammeDocument.objects.bulk_create(
        ProgrammeDocument(
            programme=programme, kind=kind, number=number, issued_on=day, issuer=issuer, title=title
        )
        for kind, number, day, issuer, title in [
            (
                "de_an",
                "08-ĐA/TU",
                datetime.date(2018, 11, 20),
                "Tỉnh ủy",
                "Đề án xây dựng chính quyền thân thiện",
            ),
            ("quyet_dinh", "125/QĐ-UBND", datetime.date(2019, 1, 15), "UBND tỉnh", "Thành lập Ban Chỉ đạo"),
            (
                "ke_hoach",
                "30/KH-UBND",
                datetime.date(2019, 2, 1),
                "UBND tỉnh",
                "Kế hoạch triển khai giai đoạn",
            ),
        ]
    )
    SteeringMember.objects.bulk_create(
        SteeringMember(
            programme=programme,
            decision=documents[1],
            full_name=f"Thành viên {i + 1}",
            position="Lãnh đạo sở, ngành",
            role="head" if i == 0 else "deputy" if i < 3 else "member",
            order=i,
        )
        for i in range(12)
    )
    pilots = max(1, communes // 6)
    years = PHASE_END.year - PHASE_START.year  # rollout years after the pilots' year
    Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            commune=unit,
            level="province_pilot" if i < pilots else "rollout",
            selected_on=datetime.date(
                PHASE_START.year
                if i < pilots
                else PHASE_START.year + 1 + (i - pilots) * years // (communes - pilots),
                3,
                1,
            ),
            status="launched",
        )
        for i, unit in enumerate(units)
    )
    services = [Service.objects.create(name=f"Thủ tục {i + 1}", field="Hộ tịch") for i in range(SERVICES)]
    officers = User.objects.bulk_create(
        User(
            username=f"bench.officer.{unit.pk}.{n}",
            password="!",  # unusable: nobody logs in as them
            role="commune_officer",
            commune=unit,
        )
        for unit in units
        for n in range(2)
    )
    return {
        "province": province,
        "programme": programme,
        "communes": units,
        "services": services,
        "officers": officers,
        "template": template_default_ensure(),
    }


def generate_responses(world: dict, per_commune: int, with_answers: bool, desc: str) -> int:
    """`per_commune` responses for every commune, written in SQL chunk by chunk with a progress bar.

    Each statement draws its responses once (a materialised CTE: commune, service for 80%, officer
    for 30%, a moment in the phase, and six 1-5 answers around a mood per respondent), stores
    them, and adds them to the monthly counts by the service's definitions (a factor satisfied at
    4 or more, the month in local time, service and officer keys 0 when empty). The counts are
    upserted, so a second call adds to them as submissions would."""
    from surveys.models import SIPAS_FACTORS, Answer, MonthlyCount, SurveyResponse

    template = world["template"]
    factors = ["overall", *SIPAS_FACTORS]
    questions = {q.factor: q.pk for q in template.questions.filter(aspect="satisfaction")}
    responses = SurveyResponse._meta.db_table
    counts = MonthlyCount._meta.db_table
    values = ", ".join(
        f"LEAST(5, GREATEST(1, round(mood + random() * 1.6 - 0.8)))::int AS v_{f}" for f in factors
    )
    columns = ", ".join(f"{f}_answered, {f}_satisfied" for f in factors)
    sums = ", ".join(f"COUNT(*), COUNT(*) FILTER (WHERE v_{f} >= 4)" for f in factors)
    updates = ", ".join(
        f"{c} = {counts}.{c} + excluded.{c}"
        for c in ["forms", *(f"{f}_{part}" for f in factors for part in ("answered", "satisfied"))]
    )
    answers = ""
    if with_answers:
        pairs = ", ".join(f"({questions[f]}, v_{f})" for f in factors)
        answers = f""", answers AS (
            INSERT INTO {Answer._meta.db_table} (response_id, question_id, value, "values", text)
            SELECT d.id, a.question_id, a.value, '[]', ''
            FROM drawn d CROSS JOIN LATERAL (VALUES {pairs}) AS a(question_id, value)
        )"""
    span = (PHASE_END - PHASE_START).days + 1
    sql = f"""
        WITH raw AS MATERIALIZED (
            SELECT nextval(pg_get_serial_sequence('{responses}', 'id')) AS id, c.id AS commune_id,
                   c.officer_a, c.officer_b, random() AS s, random() AS r, random() AS t,
                   2.2 + random() * 3.0 AS mood
            FROM unnest(%(communes)s::bigint[], %(officers_a)s::bigint[], %(officers_b)s::bigint[])
                 AS c(id, officer_a, officer_b)
            CROSS JOIN generate_series(1, %(per)s)
        ), drawn AS MATERIALIZED (
            SELECT id, commune_id,
                   CASE WHEN s < 0.8 THEN (%(services)s::bigint[])[1 + floor(s / 0.8 * %(n_services)s)::int]
                   END AS service_id,
                   CASE WHEN r < %(share)s / 2 THEN officer_a WHEN r < %(share)s THEN officer_b
                   END AS officer_id,
                   %(start)s::timestamp + t * interval '{span} days' AS local_at,
                   {values}
            FROM raw
        ), stored AS (
            INSERT INTO {responses}
                (id, template_id, commune_id, service_id, officer_id, channel, submitted_at,
                 overall_satisfied)
            SELECT id, %(template)s, commune_id, service_id, officer_id, 'web',
                   local_at AT TIME ZONE '{TZ}', v_overall >= 4
            FROM drawn
        ){answers}
        INSERT INTO {counts} (month, commune_id, service_key, officer_key, forms, {columns})
        SELECT date_trunc('month', local_at)::date, commune_id, COALESCE(service_id, 0),
               COALESCE(officer_id, 0), COUNT(*), {sums}
        FROM drawn
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, commune_id, service_key, officer_key) DO UPDATE SET {updates}"""
    units = world["communes"]
    officers = {}
    for officer in world["officers"]:
        officers.setdefault(officer.commune_id, []).append(officer.pk)
    services = [s.pk for s in world["services"]]
    chunk = max(1, CHUNK_ROWS // per_commune)
    with tqdm(total=len(units) * per_commune, unit="phiếu", desc=desc, unit_scale=True) as bar:
        for start in range(0, len(units), chunk):
            part = [u.pk for u in units[start : start + chunk]]
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    {
                        "communes": part,
                        "officers_a": [officers[pk][0] for pk in part],
                        "officers_b": [officers[pk][1] for pk in part],
                        "per": per_commune,
                        "services": services,
                        "n_services": len(services),
                        "share": OFFICER_SHARE,
                        "start": PHASE_START,
                        "template": template.pk,
                    },
                )
            bar.update(len(part) * per_commune)
    return len(units) * per_commune


def generate_records(world: dict, seed: int = 2019) -> dict:
    """Everything else a review counts, at a province's real order of magnitude: monthly letter
    and ceremony tallies, feedback items since the portal opened (2022) and historic tallies
    before, dialogues with commitments, yearly verified self-assessments, an award decision."""
    from communes.models import (
        ActivityRecord,
        AssessmentScore,
        CriteriaGroup,
        CriteriaSet,
        Criterion,
        SelfAssessment,
    )
    from dialogues.models import Category, Commitment, Dialogue, FeedbackItem, HistoricTally

    rng = random.Random(seed)
    units = world["communes"]
    programme = world["programme"]
    months = []
    day = PHASE_START
    while day <= PHASE_END:
        following = (day + datetime.timedelta(days=32)).replace(day=1)
        months.append((day, following - datetime.timedelta(days=1)))
        day = following
    activity = ActivityRecord.objects.bulk_create(
        (
            ActivityRecord(
                commune=unit,
                kind=kind,
                period_start=first,
                period_end=last,
                count=rng.randint(1, 12),
                source="tally",
            )
            for unit in units
            for first, last in months
            for kind in ActivityRecord.Kind.values
        ),
        batch_size=5000,
    )

    categories = [
        Category.objects.create(name=label, kind=kind, time_limit_days=limit)
        for kind, label, limit in [
            ("petition", "Đơn thư", 30),
            ("recommendation", "Kiến nghị", 15),
            ("report", "Phản ánh", 10),
            ("complaint", "Khiếu nại", 30),
            ("denunciation", "Tố cáo", 60),
        ]
    ]
    portal_days = (PHASE_END - PORTAL_FROM).days
    items = []
    for unit in units:
        for _n in range(FEEDBACK_PER_COMMUNE):
            category = rng.choice(categories)
            received = PORTAL_FROM + datetime.timedelta(days=rng.randrange(portal_days))
            due = received + datetime.timedelta(days=category.time_limit_days)
            draw = rng.random()
            status = "closed" if draw < 0.6 else "answered" if draw < 0.85 else "in_progress"
            status = "transferred" if draw > 0.95 else status
            resolved = None
            if status in ("closed", "answered"):
                resolved = received + datetime.timedelta(
                    days=rng.randint(1, int(category.time_limit_days * 1.3))
                )
            items.append(
                FeedbackItem(
                    tracking_code=f"PA-B{len(items):07d}",
                    commune=unit,
                    category=category,
                    channel=rng.choice(FeedbackItem.Channel.values),
                    content="Đề nghị sửa chữa đường giao thông nông thôn.",
                    status=status,
                    received_on=received,
                    original_due_on=due,
                    due_on=due,
                    resolved_on=resolved,
                    closed_on=resolved if status == "closed" else None,
                    citizen_resolved=rng.random() < 0.9 if status == "closed" else None,
                )
            )
    FeedbackItem.objects.bulk_create(items, batch_size=2000)
    HistoricTally.objects.bulk_create(
        HistoricTally(
            commune=unit,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            dialogues_held=rng.randint(1, 4),
            resolved_on_time=rng.randint(10, 40),
            resolved_late=rng.randint(0, 4),
            open_overdue=rng.randint(0, 2),
        )
        for unit in units
        for year in range(PHASE_START.year, PORTAL_FROM.year)
    )
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            commune=unit,
            held_on=datetime.date(year, month, 15),
            chaired_by="Chủ tịch UBND xã",
            participants="Đại diện các thôn, đoàn thể",
            participant_count=rng.randint(40, 120),
            topics="Cải cách hành chính; đường giao thông",
        )
        for unit in units
        for year in range(PORTAL_FROM.year, PHASE_END.year + 1)
        for month in (4, 10)
    )
    Commitment.objects.bulk_create(
        Commitment(
            dialogue=dialogue,
            description="Sửa chữa tuyến đường liên thôn",
            owner="Phó Chủ tịch UBND xã",
            due_on=dialogue.held_on + datetime.timedelta(days=90),
            done_on=dialogue.held_on + datetime.timedelta(days=rng.randint(20, 120))
            if rng.random() < 0.85
            else None,
        )
        for dialogue in dialogues
        for _n in range(2)
    )

    criteria_set = CriteriaSet.objects.create(
        programme=programme,
        title="Bộ tiêu chí Chính quyền thân thiện",
        published_at=datetime.datetime.now(datetime.UTC),
    )
    criteria = []
    for g in range(2):
        group = CriteriaGroup.objects.create(criteria_set=criteria_set, order=g, title=f"Nhóm {g + 1}")
        criteria += Criterion.objects.bulk_create(
            Criterion(
                group=group, order=c, code=f"{g + 1}.{c + 1}", title=f"Tiêu chí {g + 1}.{c + 1}", max_score=10
            )
            for c in range(5)
        )
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(
            commune=unit,
            criteria_set=criteria_set,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            period_label=f"Năm {year}",
            status="verified",
        )
        for unit in units
        for year in range(PHASE_START.year, PHASE_END.year + 1)
    )
    AssessmentScore.objects.bulk_create(
        (
            AssessmentScore(
                assessment=assessment,
                criterion=criterion,
                self_score=score,
                verified_score=max(0, score - rng.randint(0, 1)),
            )
            for assessment in assessments
            for criterion in criteria
            for score in [rng.randint(5, 10)]
        ),
        batch_size=5000,
    )
    return {
        "activity": len(activity),
        "feedback": len(items),
        "dialogues": len(dialogues),
        "tallies": len(units) * (PORTAL_FROM.year - PHASE_START.year),
        "assessments": len(assessments),
    }


def make_review(world: dict):
    """The province's tổng kết of the whole phase, with the award decision announced there."""
    from reports.models import Award, AwardDecision, Review
    from reports.services.reviews import review_create

    review = review_create(
        by=None,
        programme=world["programme"],
        scope_unit=world["province"],
        kind=Review.Kind.FINAL,
        period=Review.Period.PHASE,
        period_start=PHASE_START,
        period_end=PHASE_END,
        title="Tổng kết mô hình Chính quyền thân thiện giai đoạn 2019-2024",
        number="15/BC-UBND",
        report_date=datetime.date(2025, 1, 20),
        signer_name="Nguyễn Văn A",
        signer_title="CHỦ TỊCH",
        summary="Mô hình đã được triển khai tại tất cả các xã, phường, thị trấn.\n" * 5,
    )
    decision = AwardDecision.objects.create(
        programme=world["programme"],
        review=review,
        number="125/QĐ-UBND",
        decided_on=datetime.date(2025, 1, 18),
        issuer="UBND TỈNH THỬ TẢI",
        signer_name="Nguyễn Văn A",
        signer_title="CHỦ TỊCH",
        level="province_merit",
        reason="Đã có thành tích xuất sắc trong thực hiện mô hình giai đoạn 2019-2024.",
    )
    Award.objects.bulk_create(
        [
            Award(
                decision=decision,
                kind="collective",
                status="decided",
                commune=unit,
                name=f"UBND {unit.name}",
                order=i,
            )
            for i, unit in enumerate(world["communes"][:16])
        ]
        + [
            Award(
                decision=decision,
                kind="individual",
                status="decided",
                name=f"Ông Nguyễn Văn {i + 1}",
                order=i,
            )
            for i in range(8)
        ]
    )
    return review


def vacuum_analyze() -> None:
    """After a bulk load: fresh statistics for the planner, and no autovacuum of the new rows
    competing with the builds that follow."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def count_rows() -> int:
    from surveys.models import MonthlyCount

    return MonthlyCount.objects.count()


def check_exact(with_answers: bool) -> tuple[str, bool]:
    """The counts against the responses (and, when stored, every factor against the answers)."""
    from django.db.models import Count, Sum

    from surveys.models import SIPAS_FACTORS, Answer, MonthlyCount, SurveyResponse

    counted = MonthlyCount.objects.aggregate(forms=Sum("forms"), satisfied=Sum("overall_satisfied"))
    responses = SurveyResponse.objects.count()
    satisfied = SurveyResponse.objects.filter(overall_satisfied=True).count()
    exact = (responses, satisfied) == (counted["forms"], counted["satisfied"])
    text = (
        f"{responses:,} responses, counted {counted['forms']:,}; "
        f"satisfied {satisfied:,}, counted {counted['satisfied']:,}"
    )
    if with_answers:
        factors = ["overall", *SIPAS_FACTORS]
        sums = MonthlyCount.objects.aggregate(**{f: Sum(f"{f}_satisfied") for f in factors})
        from_answers = dict(
            Answer.objects.filter(question__aspect="satisfaction", value__gte=4)
            .values_list("question__factor")
            .annotate(n=Count("pk"))
        )
        agree = all(sums[f] == from_answers.get(f, 0) for f in factors)
        exact = exact and agree
        text += "; six factors against the answers " + ("equal" if agree else "DIFFER")
    return text, exact


# --- Measuring ---------------------------------------------------------------------------------------


def select_one_ms() -> float:
    times = []
    with connection.cursor() as cursor:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run_child(args: list[str], media: str, extra_env: dict | None = None) -> dict:
    """One measurement in a fresh process, with the settings a worker has in production (DEBUG
    off) on the bench database; it reports on its last stdout line. `extra_env` adds settings
    (DJANGO_DB_JIT=1 keeps PostgreSQL's JIT on for its connections)."""
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=CHILD_SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_MEDIA_ROOT=media,
        DJANGO_LOG_LEVEL="WARNING",
        BENCH_DATABASE_NAME=connection.settings_dict["NAME"],
    )
    env.update(extra_env or {})
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_baseline(media: str, repeat: int) -> dict:
    runs = [run_child(["pdf"], media) for _ in range(repeat)]
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": statistics.median(r["peak_mb"] for r in runs),
        "select_ms": select_one_ms(),
    }


def measure_builds(review, media: str, repeat: int, extra_env: dict | None = None) -> dict:
    from reports.models import ReviewBuild

    runs = []
    for _ in range(repeat):
        # A new request each time: a build already done is not built again.
        build = ReviewBuild.objects.create(review=review)
        runs.append(run_child(["build", str(build.pk)], media, extra_env))
    middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**middle, "runs": [r["seconds"] for r in runs], "peak_mb": max(r["peak_mb"] for r in runs)}


def print_baseline(base: dict) -> None:
    print(f"baseline  SELECT 1 round trip                 {base['select_ms']:8.2f} ms")
    print(
        f"baseline  one-page PDF, fresh process         {base['seconds']:8.2f} s   "
        f"peak {base['peak_mb']:5.0f} MB"
    )


def print_build(label: str, build: dict, base: dict) -> None:
    runs = ", ".join(f"{s:.2f}" for s in build["runs"])
    print(
        f"build     {label:34s}{build['seconds']:8.2f} s   "
        f"ratio {build['seconds'] / base['seconds']:5.1f}x PDF  "
        f"peak {build['peak_mb']:5.0f} MB ratio {build['peak_mb'] / base['peak_mb']:4.1f}x"
    )
    print(f"          runs {runs} s; the process held {build['setup_mb']:.0f} MB before the build")
    print(
        f"          {build['pages']} pages, {build['size'] / 1024:.0f} KiB; figures {build['figures']:.2f} s "
        f"({build['queries']} queries, {build['sql']:.2f} s in SQL, slowest {build['slowest']:.2f} s), "
        f"layout {build['layout']:.2f} s ({build['layouts']}x), "
        f"PDF and file {build['seconds'] - build['figures'] - build['layout']:.2f} s"
    )
    sys.stdout.flush()


def measure_stage(label: str, review, media: str, repeat: int) -> dict:
    """The baselines, then the builds as configured (JIT off), then the same with PostgreSQL's JIT
    compilation on (see bench/README.md: the commune table's plan crosses its cost thresholds)."""
    base = measure_baseline(media, repeat)
    build = measure_builds(review, media, repeat)
    jit = measure_builds(review, media, repeat, extra_env={"DJANGO_DB_JIT": "1"})
    print_baseline(base)
    print_build(label, build, base)
    print_build("same, DJANGO_DB_JIT=1 (JIT on)", jit, base)
    return {"base": base, "build": build, "jit": jit}


# --- The child processes -------------------------------------------------------------------------------


def child(kind: str, arg: str | None) -> None:
    """Runs in the fresh process: a one-page PDF (the baseline) or one build."""
    report = {"setup_mb": peak_mb()}
    if kind == "pdf":
        from friendly_gov.pdf import render_document

        started = time.perf_counter()
        document = render_document("pdf/base.html", {})
        pdf = document.write_pdf()
        report.update(seconds=time.perf_counter() - started, pages=len(document.pages), size=len(pdf))
    else:
        from reports.services import builds

        spent = {"figures": 0.0, "layout": 0.0, "layouts": 0, "queries": 0, "sql": 0.0, "slowest": 0.0}

        def timed(function, name):
            def wrapper(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    spent[name] += time.perf_counter() - started
                    if name == "layout":
                        spent["layouts"] += 1

            return wrapper

        def count_queries(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                took = time.perf_counter() - started
                spent["queries"] += 1
                spent["sql"] += took
                spent["slowest"] = max(spent["slowest"], took)

        # Instrumented from outside: the build's own code runs unchanged.
        builds.review_document = timed(builds.review_document, "figures")
        builds.render_document = timed(builds.render_document, "layout")
        started = time.perf_counter()
        with connection.execute_wrapper(count_queries):
            build = builds.build_run(build_id=int(arg))
        elapsed = time.perf_counter() - started
        if build is None or build.status != build.Status.DONE:
            raise SystemExit(f"build {arg} did not finish: {build and build.error}")
        report.update(spent, seconds=elapsed, pages=build.pages, size=build.size, file=build.file.path)
    report["peak_mb"] = peak_mb()
    print(json.dumps(report))


# --- Main ---------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--responses", type=int, default=1_000_000, help="in all, spread over the communes")
    parser.add_argument("--scale", type=int, default=10, help="then this many times the responses (1: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per stage (median)")
    parser.add_argument(
        "--answers", action="store_true", help="store every response's six answers too (x7 rows, slow at 10x)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--pdf", type=Path, help="copy the last PDF built here")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        raise SystemExit("The reports benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    per_commune = args.responses // args.communes
    if per_commune < 1:
        raise SystemExit("--responses must be at least --communes")
    # Its own throwaway database, never the test suite's test_<name>.
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_reports_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    database = connection.settings_dict["NAME"]
    answers = " + answers" if args.answers else ""
    try:
        with tempfile.TemporaryDirectory(prefix="reports-bench-") as media:
            world = make_world(args.communes)
            started = time.perf_counter()
            total = generate_responses(world, per_commune, args.answers, "generate")
            records = generate_records(world)
            vacuum_analyze()
            generated = time.perf_counter() - started
            review = make_review(world)
            print(
                f"database: postgresql; {args.communes} communes in {DISTRICTS} districts; tổng kết "
                f"{PHASE_START:%d/%m/%Y}-{PHASE_END:%d/%m/%Y}; each build in a fresh process, "
                f"median of {args.repeat} (peak memory: the highest)"
            )
            print(
                f"generate  {total:,} responses{answers} + counts {generated:8.1f} s   "
                f"({count_rows():,} monthly count rows)"
            )
            print(
                f"          {records['activity']:,} activity tallies, "
                f"{records['feedback']:,} feedback items, "
                f"{records['dialogues']:,} dialogues, {records['tallies']:,} historic tallies, "
                f"{records['assessments']:,} self-assessments"
            )
            sys.stdout.flush()
            small = measure_stage(f"{total:,} responses", review, media, args.repeat)

            large = None
            if args.scale > 1:
                started = time.perf_counter()
                more = generate_responses(world, per_commune * (args.scale - 1), args.answers, "scale")
                vacuum_analyze()
                scaled = time.perf_counter() - started
                print(
                    f"generate  +{more:,} responses{answers} + counts {scaled:8.1f} s   "
                    f"({count_rows():,} monthly count rows)"
                )
                sys.stdout.flush()
                large = measure_stage(f"{total + more:,} responses", review, media, args.repeat)
                drift = large["base"]["seconds"] / small["base"]["seconds"]
                for key, label in (("build", "as configured"), ("jit", "JIT on")):
                    print(
                        f"scale     {args.scale}x responses, {label}: "
                        f"time {large[key]['seconds'] / small[key]['seconds']:.2f}x, "
                        f"peak memory {large[key]['peak_mb'] / small[key]['peak_mb']:.2f}x "
                        f"(the PDF baseline moved {drift:.2f}x between the stages)"
                    )

            text, exact = check_exact(args.answers)
            print(f"check     {text}: {'exact' if exact else 'MISMATCH'}")
            build, jit = small["build"], small["jit"]
            print(
                f"goal      build over {total:,} responses {build['seconds']:.2f} s <= {GOAL_SECONDS} s: "
                f"{verdict(build['seconds'] <= GOAL_SECONDS)}   "
                f"(JIT on {jit['seconds']:.2f} s: {verdict(jit['seconds'] <= GOAL_SECONDS)})"
            )
            print(
                f"goal      peak memory {build['peak_mb']:.0f} MB <= {GOAL_MB} MB: "
                f"{verdict(build['peak_mb'] <= GOAL_MB)}   "
                f"(JIT on {jit['peak_mb']:.0f} MB: {verdict(jit['peak_mb'] <= GOAL_MB)})"
            )
            if large is not None:
                ratio = large["build"]["seconds"] / build["seconds"]
                ratio_jit = large["jit"]["seconds"] / jit["seconds"]
                peak = max(large["build"]["peak_mb"], large["jit"]["peak_mb"])
                print(
                    f"goal      {args.scale}x responses cost {ratio:.2f}x the time <= {GOAL_SCALE_RATIO}x: "
                    f"{verdict(ratio <= GOAL_SCALE_RATIO)}   "
                    f"(JIT on {ratio_jit:.2f}x: {verdict(ratio_jit <= GOAL_SCALE_RATIO)})"
                )
                print(
                    f"goal      peak memory at {args.scale}x {peak:.0f} MB <= {GOAL_MB} MB: "
                    f"{verdict(peak <= GOAL_MB)}"
                )
            if args.pdf:
                import shutil

                shutil.copyfile((large or small)["build"]["file"], args.pdf)
                print(f"pdf       {args.pdf}")
    finally:
        connection.close()
        if args.keep:
            print(f"kept      database {database}")
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    if "--child" in sys.argv:
        from django.conf import settings

        position = sys.argv.index("--child")
        settings.DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
        connection.settings_dict["NAME"] = os.environ["BENCH_DATABASE_NAME"]
        kind, *rest = sys.argv[position + 1 :]
        child(kind, rest[0] if rest else None)
    else:
        main()
