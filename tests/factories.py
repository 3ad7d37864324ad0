"""factory-boy factories for every domain model, plus helpers to make a user with a role."""

import datetime
import itertools

import factory
import time_machine
from django.utils import timezone

from aanmelding.models import Aanmelding, Opleiding
from leerlingen.models import Leerling, Schooljaar
from voroc.accounts.models import Locatie, Organisatie, Rol, User
from voroc.accounts.services import lidmaatschap_toekennen_unchecked
from voroc.validators import elfproef

_bsn_candidates = (f"{n:09d}" for n in itertools.count(100000000))


def next_bsn() -> str:
    return next(b for b in _bsn_candidates if elfproef(b))


# The day after the factories' programmes and mbo year start (1 September 2027): a no-show can
# only be recorded from then on.
NA_DE_START = datetime.datetime(2027, 9, 2, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


def aanmeldingen_afgewezen(leerling) -> None:
    """Turn the pupil's applications down (written directly), so that an Elders destination may be
    recorded without withdrawing a live application first."""
    Aanmelding.objects.filter(leerling=leerling).update(status="afgewezen")


def na_de_start():
    """Travel to the first school day after the mbo start, for steps that need it (a no-show)."""
    return time_machine.travel(NA_DE_START)


class SchooljaarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schooljaar
        django_get_or_create = ("startjaar",)

    startjaar = 2026
    actief = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for key, value in Schooljaar.defaults_for(kwargs["startjaar"]).items():
            kwargs.setdefault(key, value)
        return super()._create(model_class, *args, **kwargs)


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    soort = "gemeente"
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"{n % 10000:04d}")
    rmc_regio = "Haaglanden"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    soort = "vo_school"
    naam = factory.Sequence(lambda n: f"Vmbo-school {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}VO")
    vestiging = "00"
    schoolsoort = "vmbo"
    gemeente = factory.SubFactory(GemeenteFactory)


class InstellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    soort = "mbo_instelling"
    naam = factory.Sequence(lambda n: f"ROC {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}MB")


class LocatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locatie

    instelling = factory.SubFactory(InstellingFactory)
    naam = factory.Sequence(lambda n: f"Locatie {n}")
    plaats = "Den Haag"


class OpleidingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opleiding

    instelling = factory.SubFactory(InstellingFactory)
    locatie = factory.LazyAttribute(lambda o: LocatieFactory(instelling=o.instelling))
    # 9xxxx: never one of the real-looking codes (25xxx) that tests type in, whatever the sequence.
    crebo = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")
    naam = factory.Sequence(lambda n: f"Opleiding {n}")
    niveau = 2
    leerweg = "BOL"
    startdatum = datetime.date(2027, 9, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    naam = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.PostGenerationMethodCall("set_password", "een-lang-wachtwoord-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(rol_code: str, organisatie: Organisatie, **kwargs) -> User:
    user = UserFactory(**kwargs)
    lidmaatschap_toekennen_unchecked(account=user, organisatie=organisatie, rol=Rol.objects.get(code=rol_code))
    return user


class LeerlingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leerling

    schooljaar = factory.SubFactory(SchooljaarFactory)
    school = factory.SubFactory(SchoolFactory)
    woongemeente = factory.LazyAttribute(lambda o: o.school.gemeente)
    leerlingnummer = factory.Sequence(lambda n: f"{100000 + n}")
    klas = "4A"
    leerweg = "KB"
    voornaam = factory.Sequence(lambda n: f"Voornaam{n}")
    achternaam = factory.Sequence(lambda n: f"Achternaam{n}")
    geboortedatum = datetime.date(2010, 5, 17)
    bsn = factory.LazyFunction(next_bsn)
    postcode = "2511 AB"


class AanmeldingFactory(factory.django.DjangoModelFactory):
    """A sent application, written directly (tests of the services use the services)."""

    class Meta:
        model = Aanmelding

    leerling = factory.SubFactory(LeerlingFactory)
    opleiding = factory.SubFactory(OpleidingFactory)
    status = "aangemeld"
    aangemeld_op = factory.LazyFunction(timezone.now)
    op_tijd = True
    toelatingsrecht = True


def portaal_account(leerling: Leerling, relatie: str = "leerling", **kwargs) -> User:
    """A pupil's or parent's portal account with active access to `leerling`'s file."""
    from portaal.models import Toegang

    user = UserFactory(portaal=True, **kwargs)
    Toegang.objects.create(user=user, leerling=leerling, relatie=relatie)
    return user
