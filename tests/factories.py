import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from employees.identifiers import build_ni_pppk, build_nik, build_nip
from employees.models import HR_GROUP, Employee, OrgUnit, User

_serial = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@sorongkota.go.id")
    password = factory.django.Password("rahasia-uji-123")

    @factory.post_generation
    def hr(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = OrgUnit.Kind.DINAS


class EmployeeFactory(factory.django.DjangoModelFactory):
    """A valid employee: NIP and NIK agree with birth date and sex."""

    class Meta:
        model = Employee

    class Params:
        male = True
        serial = factory.LazyFunction(lambda: next(_serial))

    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    sex = factory.LazyAttribute(lambda o: Employee.Sex.MALE if o.male else Employee.Sex.FEMALE)
    birth_place = "Sorong"
    birth_date = factory.Sequence(lambda n: datetime.date(1975, 1, 1) + datetime.timedelta(days=(n * 37) % 9000))
    employment_type = Employee.EmploymentType.PNS
    tmt_cpns = factory.LazyAttribute(lambda o: datetime.date(o.birth_date.year + 24, 3, 1))
    nip = factory.LazyAttribute(
        lambda o: (
            build_ni_pppk(birth_date=o.birth_date, appointment_year=2023, male=o.male, serial=o.serial % 1000)
            if o.employment_type == Employee.EmploymentType.PPPK
            else build_nip(birth_date=o.birth_date, tmt_cpns=o.tmt_cpns, male=o.male, serial=o.serial % 1000)
        )
    )
    nik = factory.LazyAttribute(
        lambda o: build_nik(region="927101", birth_date=o.birth_date, male=o.male, serial=o.serial % 10000 or 1)
    )
    golongan = factory.LazyAttribute(lambda o: "IX" if o.employment_type == Employee.EmploymentType.PPPK else "III/a")
    position_title = "Analis Kebijakan"
    position_type = Employee.PositionType.PELAKSANA
    unit = factory.SubFactory(OrgUnitFactory)
    education_level = "S1"
    education_major = "Administrasi Publik"
    status = Employee.Status.AKTIF
