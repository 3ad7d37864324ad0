"""`seed_demo`: realistic data, idempotent, and every demo account logs in and sees only its own scope.

The test seeds at a quarter of the demo's size (`--schaal 0.25`, the same code path): every
organisation, account, status and scope is there, with fewer pupils per school."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from demo import data as D
from demo.management.commands.seed_demo import Seeder
from doorstroom.models import Doorstroomformulier
from leerlingen.models import Elders, Leerling
from rmc.models import Melding
from voroc.accounts.models import Organisatie, User

SCHAAL = 0.25
PAIRS = [("decaan1", "decaan2"), ("intake1", "intake2"), ("rmc1", "rmc2")]


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", "--schaal", str(SCHAAL), stdout=out)
    return out.getvalue()


def user(code):
    return User.objects.get(email=f"{code}@demo.voroc.nl")


def visible(code):
    return set(Leerling.objects.for_user(user(code)).values_list("pk", flat=True))


def pupils_planned(schaal):
    seeder = Seeder(StringIO(), None, schaal=schaal)
    return {key: seeder.aantal_leerlingen(key, school[5]) for key, school in D.SCHOLEN.items()}


def test_the_full_demo_has_a_realistic_number_of_pupils_and_the_scale_keeps_every_school():
    assert 250 <= sum(pupils_planned(1).values()) <= 350
    small = pupils_planned(SCHAAL)
    assert all(small.values()) and sum(small.values()) < sum(pupils_planned(1).values()) / 2


def test_seed_demo_fills_every_state_is_idempotent_and_scoped(seeded, client):
    assert Organisatie.objects.gemeenten().count() == 9
    assert Organisatie.objects.instellingen().count() == 4
    assert Organisatie.objects.filter(soort="vo_school").count() == len(D.SCHOLEN)
    per_school = dict(
        Leerling.objects.filter(schooljaar__startjaar=D.SCHOOLJAAR).values_list("school__naam").annotate(n=Count("pk"))
    )
    assert per_school == {D.SCHOLEN[key][0]: n for key, n in pupils_planned(SCHAAL).items()}
    assert set(Aanmelding.objects.values_list("status", flat=True)) == set(Status.values)
    assert Doorstroomformulier.objects.filter(status="definitief").exists()
    assert Melding.objects.filter(soort="risico").exists() and Elders.objects.exists()
    assert "decaan1@demo.voroc.nl" in seeded and "voroc-demo" in seeded
    assert "monitor1@demo.voroc.nl" in seeded  # the region's monitor is printed with the others
    counts = (Leerling.objects.count(), Aanmelding.objects.count(), User.objects.count())
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert (Leerling.objects.count(), Aanmelding.objects.count(), User.objects.count()) == counts
    assert "decaan1@demo.voroc.nl" in again.getvalue()

    # Two users of one role at different organisations see disjoint, non-empty sets.
    for a, b in PAIRS:
        assert visible(a) and visible(b)
        assert not visible(a) & visible(b), f"{a} and {b} overlap"
    assert visible("mentor1") < visible("decaan1")
    assert visible("servicedesk1") == set()

    # Every demo account logs in with the demo password (seeding is slow: one test does both).
    for code in (
        "decaan1",
        "decaan2",
        "mentor1",
        "zorg1",
        "intake1",
        "intake2",
        "rmc1",
        "rmc2",
        "servicedesk1",
        "monitor1",
    ):
        response = client.post(reverse("login"), {"username": f"{code}@demo.voroc.nl", "password": "voroc-demo"})
        assert response.status_code == 302, code
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))


def test_seed_demo_shows_the_new_parts_and_nothing_after_its_own_today(seeded, client):
    """Mentors for every class of the demo schools, warm handovers and documents, last year's
    unsettled pupils on this year's lists; no event dated after the demo's today (HEDEN)."""
    from auditlog.models import LogEntry

    from aanmelding.models import Document, Intake, Plaatsingsbesluit, WarmeOverdracht
    from demo.management.commands.seed_demo import HEDEN
    from leerlingen.models import Schooljaar
    from rmc.models import Contactmoment, MeldingGebeurtenis, Traject
    from terugkoppeling.models import Terugkoppeling

    # Nothing happened after the demo's today: feedback, intakes held, decisions, meldingen,
    # Elders, guidance, handovers held, documents, the audit trail.
    assert not Terugkoppeling.objects.filter(tijdstip__gt=HEDEN).exists()
    assert not Intake.objects.filter(gehad_op__gt=HEDEN).exists()
    assert not Intake.objects.filter(gehad_op__isnull=False, datum__gt=HEDEN.date()).exists()
    assert not Plaatsingsbesluit.objects.filter(besloten_op__gt=HEDEN).exists()
    assert not Melding.objects.filter(aangemaakt__gt=HEDEN).exists()
    assert not MeldingGebeurtenis.objects.filter(tijdstip__gt=HEDEN).exists()
    assert not Elders.objects.filter(vastgelegd_op__gt=HEDEN).exists()
    assert not Contactmoment.objects.filter(datum__gt=HEDEN.date()).exists()
    assert not Traject.objects.filter(gestart_op__gt=HEDEN.date()).exists()
    assert not WarmeOverdracht.objects.filter(gehouden_op__gt=HEDEN).exists()
    assert not Document.objects.filter(ontvangen_op__gt=HEDEN).exists()
    # (The roles are synced by migrate, not by the demo: their rows carry the real date.)
    assert not LogEntry.objects.filter(timestamp__gt=HEDEN).exclude(content_type__model="rol").exists()
    # What only happens after the summer belongs to last year's leavers.
    na_zomer = Aanmelding.objects.filter(status__in=["ingeschreven", "gestart", "niet_verschenen"])
    assert na_zomer.exists() and not na_zomer.filter(leerling__schooljaar__startjaar=D.SCHOOLJAAR).exists()
    assert not Aanmelding.objects.filter(op_tijd=False, leerling__schooljaar__startjaar=D.SCHOOLJAAR).exists()

    # Every class of the demo schools has a mentor.
    for key in D.DEMO_SCHOLEN:
        zonder = Leerling.objects.filter(school__naam=D.SCHOLEN[key][0], mentor__isnull=True)
        assert zonder.count() == 0, key
    assert {leerling.klas for leerling in Leerling.objects.filter(mentor=user("mentor1"))} == set(D.MENTOR1_KLASSEN)

    # Warm handovers planned (last year's: held), documents ticked.
    assert WarmeOverdracht.objects.filter(gehouden_op__isnull=True, datum__gt=HEDEN.date()).exists()
    assert WarmeOverdracht.objects.filter(gehouden_op__isnull=False).exists()
    assert Document.objects.filter(aanmelding__leerling__schooljaar__startjaar=D.SCHOOLJAAR).exists()

    # Last year's pupils: the open ones are on decaan1's default list, the settled ones only when
    # 2025-2026 is chosen.
    vorig = Schooljaar.objects.get(startjaar=D.SCHOOLJAAR - 1)
    assert not vorig.actief
    decaan1 = user("decaan1")
    van_vorig = Leerling.objects.for_user(decaan1).filter(schooljaar=vorig)
    gestart = van_vorig.filter(aanmeldingen__status="gestart")
    open_ = van_vorig.exclude(aanmeldingen__status="gestart").filter(elders__isnull=True, trajecten__isnull=True)
    assert open_.exists() and gestart.exists() and van_vorig.filter(elders__isnull=False).exists()
    assert van_vorig.filter(trajecten__isnull=False).exists()
    client.force_login(decaan1)
    lijst = client.get(reverse("leerlingen:list"))
    getoond = {leerling.pk for leerling in lijst.context["page"].paginator.object_list}
    assert set(open_.values_list("pk", flat=True)) <= getoond
    assert not set(van_vorig.exclude(pk__in=open_).values_list("pk", flat=True)) & getoond
    vorige_lijst = client.get(reverse("leerlingen:list"), {"schooljaar": vorig.startjaar})
    assert vorige_lijst.context["page"].paginator.count == van_vorig.count()

    # The demo region rolls over: the servicedesk activates 2027-2028. This year's settled pupils
    # (Elders) leave decaan1's list, the open ones of both earlier years stay.
    client.force_login(user("servicedesk1"))
    client.post(reverse("servicedesk:schooljaren"), {"startjaar": D.SCHOOLJAAR + 1})
    nieuw = Schooljaar.objects.get(startjaar=D.SCHOOLJAAR + 1)
    assert client.post(reverse("servicedesk:schooljaar_activate", kwargs={"pk": nieuw.pk})).status_code == 302
    client.force_login(decaan1)
    na = {leerling.pk for leerling in client.get(reverse("leerlingen:list")).context["page"].paginator.object_list}
    dit_jaar = Leerling.objects.for_user(decaan1).filter(schooljaar__startjaar=D.SCHOOLJAAR)
    assert set(open_.values_list("pk", flat=True)) <= na
    assert set(dit_jaar.filter(elders__isnull=True).exclude(trajecten__isnull=False).values_list("pk", flat=True)) <= na
    assert dit_jaar.filter(elders__isnull=False).exists()
    assert not set(dit_jaar.filter(elders__isnull=False).values_list("pk", flat=True)) & na
    assert not set(van_vorig.exclude(pk__in=open_).values_list("pk", flat=True)) & na
    jaar_keuze = client.get(reverse("leerlingen:list"), {"schooljaar": D.SCHOOLJAAR})
    assert jaar_keuze.context["page"].paginator.count == dit_jaar.count()


def test_the_demo_parent_sees_the_demo_pupils_part_a_wishes_and_view(seeded, client):
    from portaal.models import Opleidingswens, Toegang, Zienswijze

    assert "ouder1@demo.voroc.nl" in seeded
    ouder = user("ouder1")
    assert ouder.portaal and ouder.check_password(D.DEMO_PASSWORD)
    toegang = Toegang.objects.get(user=ouder)
    assert toegang.relatie == "ouder"
    leerling = toegang.leerling
    assert Zienswijze.objects.filter(leerling=leerling, auteur=ouder).exists()
    wensen = list(Opleidingswens.objects.filter(leerling=leerling))
    assert wensen and len({w.opleiding.instelling_id for w in wensen}) == 1
    assert toegang.leerling == Toegang.objects.get(user=user(D.DEMO_PORTAAL_LEERLING)).leerling, (
        "the demo pupil's parent"
    )
    client.force_login(ouder)
    assert client.get(f"/mijn/{leerling.pk}/formulier/").status_code == 200
    assert client.get(f"/mijn/{leerling.pk}/zienswijze/").status_code == 200


def test_the_demo_pupil_sees_its_intake_decision_and_who_looked(seeded, client):
    from portaal.models import Toegang

    assert f"{D.DEMO_PORTAAL_LEERLING}@{D.DEMO_DOMAIN}" in seeded  # in the printed login list
    pupil = user(D.DEMO_PORTAAL_LEERLING)
    assert pupil.portaal and pupil.check_password(D.DEMO_PASSWORD)
    leerling = Toegang.objects.get(user=pupil).leerling
    client.force_login(pupil)
    body = client.get(reverse("portaal:leerling", kwargs={"pk": leerling.pk})).content.decode()
    assert "data-intake" in body and "data-besluit" in body and 'data-moment="1"' in body
    looked = client.get(reverse("portaal:wie_zag", kwargs={"pk": leerling.pk})).content.decode()
    assert looked.count("data-raadpleging") >= 2 and "Decaan" in looked and "Mbo-intaker" in looked
