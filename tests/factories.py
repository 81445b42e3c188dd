"""factory_boy factories, registered as pytest fixtures in tests/conftest.py."""

import datetime

import factory

from communes.models import AdminUnit, Enrolment, Programme, ProgrammeDocument, User, fold

PASSWORD = "mat-khau-thu-nghiem"


class AdminUnitFactory(factory.django.DjangoModelFactory):
    """A synthetic unit, for tests that must not depend on the official list."""

    class Meta:
        model = AdminUnit

    era = AdminUnit.Era.CURRENT
    level = AdminUnit.Level.COMMUNE
    unit_type = AdminUnit.Type.COMMUNE
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.removeprefix("Xã "))
    search_name = factory.LazyAttribute(lambda o: fold(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"An {n}")
    role = User.Role.COMMUNE_OFFICER
    commune = None
    province = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = "Chính quyền thân thiện vì Nhân dân phục vụ"
    phase_start = datetime.date(2023, 7, 5)
    phase_end = datetime.date(2025, 12, 31)
    status = Programme.Status.ACTIVE


class ProgrammeDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeDocument

    programme = factory.SubFactory(ProgrammeFactory)
    kind = ProgrammeDocument.Kind.SCHEME
    number = factory.Sequence(lambda n: f"{n:02d}-ĐA/TU")
    issued_on = datetime.date(2023, 7, 5)
    issuer = "Ban Thường vụ Tỉnh ủy"
    title = "Xây dựng thí điểm mô hình"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    level = Enrolment.Level.PROVINCE_PILOT
    selected_on = datetime.date(2023, 9, 5)
