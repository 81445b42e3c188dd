"""Factories and sample files for the tests of codes of conduct, the staff register and pledges.
Each test module registers the factories it uses with pytest_factoryboy."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from communes.models import CodeItem, CodeOfConduct, Pledge, StaffMember

FIVE_KNOWS = ["Biết nghe dân nói", "Biết nói dân hiểu", "Biết làm dân tin", "Biết xin lỗi", "Biết cảm ơn"]


class CodeOfConductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeOfConduct
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Quy tắc {n}")
    description = ""
    owner_unit = None

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        if create:
            texts = FIVE_KNOWS if extracted is None else extracted
            CodeItem.objects.bulk_create(
                [CodeItem(code=obj, order=index, text=text) for index, text in enumerate(texts, start=1)]
            )


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    position = "Công chức Văn phòng - Thống kê"
    desk = "Bộ phận một cửa"
    is_active = True
    order = factory.Sequence(lambda n: n)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    signed_on = datetime.date(2024, 3, 15)


def png_bytes(size=(60, 80), colour=(30, 90, 160)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "anh-the.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "ban-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf"
    )
