"""Bình Dương (now part of Hồ Chí Minh City), articles 000 and 004.

- 000: the two pilot models of 2015, "Chính quyền thân thiện của dân, do dân, vì dân" and, beside
  it at office level, "Công sở thân thiện vì nhân dân phục vụ"; both reviewed after one year at
  the conference of 13/01/2016 (its review and award decisions: `load_demo_reports`).
- 004: Bàu Bàng district's rollout of the first model to all its communes, a programme implementing
  the province's (so the province's overview counts it), reviewed on 08/08/2017: 1,336
  congratulation, 347 condolence and 61 apology letters.
- Today: Xã Bàu Bàng (took over Thị trấn Lai Uyên) keeps its log.
"""

from ..models import ActivityRecord, AdminUnit, Enrolment, Programme
from ..services.activity import activity_record
from ..services.programmes import enrolment_ensure, programme_ensure
from . import BAU_BANG, OLD, D, commune, current_commune, live_days, officer, split, unit

GOVERNMENT = "Chính quyền thân thiện của dân, do dân, vì dân"
OFFICE = "Công sở thân thiện vì nhân dân phục vụ"
BAU_BANG_DISTRICT = "719"
LETTERS_NOTE = (
    "Sơ kết ngày 08/08/2017 của huyện Bàu Bàng: 1.336 thư chúc mừng, 347 thư chia buồn, 61 thư xin lỗi "
    "từ khi triển khai mô hình; số của từng xã là phân bổ minh họa."
)


def programmes() -> dict[str, Programme]:
    province = unit(OLD, AdminUnit.Level.PROVINCE, "74")
    government = programme_ensure(
        name=GOVERNMENT,
        owner_unit=province,
        phase_start=D(2015, 1, 1),
        phase_end=D(2020, 12, 31),
        status=Programme.Status.CLOSED,
        description=(
            "Thí điểm năm 2015 cùng mô hình “Công sở thân thiện vì nhân dân phục vụ”. Sơ kết 1 năm tại "
            "hội nghị ngày 13/01/2016 do đồng chí Trần Thanh Liêm, Phó Bí thư Tỉnh ủy, Chủ tịch UBND "
            "tỉnh dự: bằng khen cho 21 tập thể, cá nhân có thành tích xuất sắc trong thí điểm hai mô "
            "hình và 43 tập thể, cá nhân có thành tích xuất sắc trong phối hợp thực hiện công tác dân "
            "vận chính quyền 2011-2015; kế hoạch tiếp tục xây dựng chính quyền, công sở thân thiện giai "
            "đoạn 2016-2020. Huyện Bàu Bàng nhân rộng mô hình đến mọi xã (chương trình cấp dưới). Bài "
            "báo không nêu các đơn vị thí điểm năm 2015."
        ),
    )
    office = programme_ensure(
        name=OFFICE,
        owner_unit=province,
        phase_start=D(2015, 1, 1),
        phase_end=D(2020, 12, 31),
        status=Programme.Status.CLOSED,
        description=(
            "Mô hình cấp cơ quan, đơn vị (công sở), thí điểm năm 2015 song song với mô hình “Chính "
            "quyền thân thiện của dân, do dân, vì dân”; sơ kết 1 năm cùng hội nghị ngày 13/01/2016, "
            "khen thưởng chung quyết định tặng bằng khen 21 tập thể, cá nhân. Huyện Bàu Bàng sơ kết hai "
            "mô hình cùng ngày 08/08/2017. Bài báo không nêu các cơ quan thí điểm."
        ),
    )
    district = unit(OLD, AdminUnit.Level.DISTRICT, BAU_BANG_DISTRICT)
    bau_bang = programme_ensure(
        name=GOVERNMENT,
        owner_unit=district,
        phase_start=D(2016, 1, 13),
        phase_end=D(2020, 12, 31),
        status=Programme.Status.CLOSED,
        implements=government,
        description=(
            "Nhân rộng mô hình của tỉnh đến mọi xã, thị trấn của huyện (cùng mô hình “Công sở thân "
            "thiện vì nhân dân phục vụ” ở các cơ quan, đơn vị). Sơ kết ngày 08/08/2017: 100% cơ quan, "
            "đơn vị, UBND các xã treo bảng “5 biết”, “3 thể hiện”; 1.336 thư chúc mừng, 347 thư chia "
            "buồn, 61 thư xin lỗi. Ngày các xã tham gia là dữ liệu minh họa."
        ),
    )
    for code in district.children.values_list("code", flat=True):
        enrolment_ensure(
            programme=bau_bang,
            commune=commune(code),
            level=Enrolment.Level.ROLLOUT,
            selected_on=D(2016, 1, 13),
            launched_on=D(2016, 3, 1),
        )
    return {"government": government, "office": office, "bau_bang": bau_bang}


def history_tallies() -> list[ActivityRecord]:
    """The letters of the 2017 sơ kết, as period totals over the district's communes."""
    communes = list(
        AdminUnit.objects.filter(parent__era=OLD, parent__code=BAU_BANG_DISTRICT).order_by("code")
    )
    records = []
    for kind, total in [
        (ActivityRecord.Kind.CONGRATULATION, 1336),
        (ActivityRecord.Kind.CONDOLENCE, 347),
        (ActivityRecord.Kind.APOLOGY, 61),
    ]:
        for item, count in zip(communes, split(total, len(communes)), strict=True):
            if count:
                records.append(
                    ActivityRecord(
                        commune=item,
                        kind=kind,
                        period_start=D(2016, 1, 13),
                        period_end=D(2017, 8, 8),
                        count=count,
                        note=LETTERS_NOTE,
                        source=ActivityRecord.Source.TALLY,
                    )
                )
    return records


def live_log() -> None:
    """A few letters of Xã Bàu Bàng's officer this year, once."""
    today_unit = current_commune(BAU_BANG)
    if ActivityRecord.objects.filter(commune=today_unit, source=ActivityRecord.Source.ENTRY).exists():
        return
    by = officer(BAU_BANG)
    congratulation, thanks, condolence = live_days(35, 12, 4)
    for kind, day, recipient in [
        (ActivityRecord.Kind.CONGRATULATION, congratulation, "Gia đình ông Trần Văn Lộc"),
        (ActivityRecord.Kind.THANKS, thanks, "Bà Nguyễn Thị Lan"),
        (ActivityRecord.Kind.CONDOLENCE, condolence, "Gia đình bà Lê Thị Hạnh"),
    ]:
        activity_record(commune=today_unit, by=by, kind=kind, occurred_on=day, recipient=recipient)
