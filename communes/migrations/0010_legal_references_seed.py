"""The legal documents the portal's documents cite, with the dates each is in force. A later change
of law is a new row (in the admin, or a migration like this one) and an end date on the old one."""

import datetime

from django.db import migrations

D = datetime.date

#: topic, kind, number, issued on, issuer, title, in force from, in force until (first day no
#: longer in force), source.
REFERENCES = [
    (
        "document_format",
        "Nghị định",
        "30/2020/NĐ-CP",
        D(2020, 3, 5),
        "Chính phủ",
        "Về công tác văn thư",
        D(2020, 3, 5),
        None,
        "",
    ),
    (
        "emulation_law",
        "Luật",
        "15/2003/QH11",
        D(2003, 11, 26),
        "Quốc hội",
        "Luật Thi đua, khen thưởng",
        D(2004, 1, 1),
        D(2024, 1, 1),
        "",
    ),
    (
        "emulation_law",
        "Luật",
        "06/2022/QH15",
        D(2022, 6, 15),
        "Quốc hội",
        "Luật Thi đua, khen thưởng",
        D(2024, 1, 1),
        None,
        "",
    ),
    (
        "emulation_decree",
        "Nghị định",
        "42/2010/NĐ-CP",
        D(2010, 4, 15),
        "Chính phủ",
        "Quy định chi tiết thi hành một số điều của Luật Thi đua, Khen thưởng và Luật sửa đổi, bổ sung "
        "một số điều của Luật Thi đua, Khen thưởng",
        D(2010, 6, 1),
        D(2017, 9, 15),
        "",
    ),
    (
        "emulation_decree",
        "Nghị định",
        "91/2017/NĐ-CP",
        D(2017, 7, 31),
        "Chính phủ",
        "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        D(2017, 9, 15),
        D(2024, 1, 1),
        "",
    ),
    (
        "emulation_decree",
        "Nghị định",
        "98/2023/NĐ-CP",
        D(2023, 12, 31),
        "Chính phủ",
        "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        D(2024, 1, 1),
        D(2025, 7, 1),
        "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Nghi-dinh-98-2023-ND-CP-huong-dan-Luat-Thi-dua-khen-thuong-594016.aspx",
    ),
    (
        "emulation_decree",
        "Nghị định",
        "152/2025/NĐ-CP",
        D(2025, 6, 14),
        "Chính phủ",
        "Quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng",
        D(2025, 7, 1),
        None,
        "https://news.laodong.vn/thoi-su/muc-tien-thuong-voi-danh-hieu-lao-dong-tien-tien-sau-sap-nhap-1622713.ldo",
    ),
    (
        "one_stop",
        "Nghị định",
        "61/2018/NĐ-CP",
        D(2018, 4, 23),
        "Chính phủ",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        D(2018, 6, 21),
        D(2025, 7, 1),
        "",
    ),
    (
        "one_stop",
        "Nghị định",
        "107/2021/NĐ-CP",
        D(2021, 12, 6),
        "Chính phủ",
        "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 về thực "
        "hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        D(2021, 12, 6),
        D(2025, 7, 1),
        "",
    ),
    (
        "one_stop",
        "Nghị định",
        "118/2025/NĐ-CP",
        D(2025, 6, 9),
        "Chính phủ",
        "Về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và "
        "Cổng Dịch vụ công quốc gia",
        D(2025, 7, 1),
        None,
        "https://www.vietnam.vn/en/quy-dinh-moi-nhat-ve-thuc-hien-thu-tuc-hanh-chinh-theo-co-che",
    ),
]


def seed(apps, schema_editor):
    LegalReference = apps.get_model("communes", "LegalReference")
    for topic, kind, number, issued_on, issuer, title, start, until, source in REFERENCES:
        LegalReference.objects.update_or_create(
            number=number,
            defaults={
                "topic": topic,
                "kind": kind,
                "issued_on": issued_on,
                "issuer": issuer,
                "title": title,
                "in_force_from": start,
                "in_force_until": until,
                "source": source,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("communes", "LegalReference").objects.filter(
        number__in=[row[2] for row in REFERENCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("communes", "0009_legal_references")]

    operations = [migrations.RunPython(seed, unseed)]
