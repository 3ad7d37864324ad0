"""Scope and filters of the mbo's lists: own institution only, never concepts."""

import datetime

from django.utils import timezone

from aanmelding import selectors
from aanmelding.services_mbo import aanmelding_ontvangen
from aanmelding.status import Status
from doorstroom.models import Doorstroomformulier
from tests import factories as f

from .conftest import maak_aanmelding


def test_worklist_is_own_institution_only(world):
    eigen = {a.pk for a in selectors.werklijst(user=world["intaker"])}
    assert world["aanmelding_a"].pk in eigen and world["aanmelding_b"].pk not in eigen
    assert {a.pk for a in selectors.werklijst(user=world["intaker_b"])} == {world["aanmelding_b"].pk}


def test_worklist_hides_concepts_and_is_empty_for_schools(world):
    concept = maak_aanmelding(world, status=Status.CONCEPT, aangemeld_op=None)
    assert concept.pk not in {a.pk for a in selectors.werklijst(user=world["intaker"])}
    assert not selectors.werklijst(user=world["decaan"]).exists()
    assert not selectors.werklijst(user=world["consulent"]).exists()


def test_worklist_filters(world):
    other = f.OpleidingFactory(instelling=world["mbo_a"], niveau=4)
    laat = maak_aanmelding(world, opleiding=other, op_tijd=False)
    bezig = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    Doorstroomformulier.objects.create(leerling=bezig.leerling, status="definitief", definitief_op=timezone.now())
    user = world["intaker"]

    def pks(**kw):
        return {a.pk for a in selectors.werklijst(user=user, **kw)}

    assert pks(opleiding=other) == {laat.pk}
    assert pks(locatie=other.locatie) == {laat.pk}
    assert pks(niveau=4) == {laat.pk}
    assert pks(te_laat=True) == {laat.pk}
    assert pks(nieuw=True) == {world["aanmelding_a"].pk, laat.pk}
    assert pks(status=Status.IN_BEHANDELING) == {bezig.pk}
    assert pks(formulier="definitief") == {bezig.pk}
    assert bezig.pk not in pks(formulier="niet_definitief")
    assert pks(zoek=laat.leerling.achternaam) == {laat.pk}


def test_worklist_waiting_for_feedback(world):
    oud = maak_aanmelding(world, aangemeld_op=timezone.now() - datetime.timedelta(days=20))
    recent = maak_aanmelding(world, aangemeld_op=timezone.now() - datetime.timedelta(days=20))
    aanmelding_ontvangen(aanmelding=recent, user=world["intaker"])  # feedback today
    afgerond = maak_aanmelding(world, status=Status.GESTART, aangemeld_op=timezone.now() - datetime.timedelta(days=90))
    found = {a.pk for a in selectors.werklijst(user=world["intaker"], wacht_dagen=14)}
    assert oud.pk in found and recent.pk not in found and afgerond.pk not in found


def test_worklist_sorting(world):
    maak_aanmelding(world).leerling.__class__.objects.filter(pk=world["leerling_a"].pk).update(achternaam="Aaa")
    namen = [a.leerling.achternaam for a in selectors.werklijst(user=world["intaker"], sortering="naam")]
    assert namen == sorted(namen)


def test_feedback_backlog(world):
    intaker = world["intaker"]
    nieuw = world["aanmelding_a"]
    klaar = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    from aanmelding.services import plaatsingsbesluit_record

    aanmelding_ontvangen(aanmelding=maak_aanmelding(world), user=intaker)
    k = maak_aanmelding(world)
    aanmelding_ontvangen(aanmelding=k, user=intaker)
    plaatsingsbesluit_record(aanmelding=k, uitkomst=Status.GEPLAATST, user=intaker)
    ingetrokken = maak_aanmelding(world, status=Status.INGETROKKEN)
    rows = {a.pk: a for a in selectors.terugkoppeling_achterstand(user=intaker)}
    assert nieuw.pk in rows and klaar.pk in rows and k.pk not in rows and ingetrokken.pk not in rows
    assert world["aanmelding_b"].pk not in rows
    assert rows[nieuw.pk].had_1 is False


def test_no_show_list(world):
    gestart_opl = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date(2027, 9, 1))
    later_opl = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date(2027, 10, 1))
    a = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=gestart_opl)
    b = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=later_opl)
    maak_aanmelding(world, status=Status.GESTART, opleiding=gestart_opl)
    today = datetime.date(2027, 9, 3)
    assert [x.pk for x in selectors.noshow_lijst(user=world["intaker"], today=today)] == [a.pk]
    assert selectors.noshow_nog_niet_gestart(user=world["intaker"], today=today) == 1
    assert not selectors.noshow_lijst(user=world["intaker_b"], today=today).exists()
    assert b


def test_programmes_scope(world):
    assert set(selectors.opleiding_list(user=world["intaker"])) == {world["opleiding_a"]}
    assert not selectors.opleiding_list(user=world["decaan"]).exists()


def test_form_is_seen_only_when_final(world):
    leerling = world["leerling_a"]
    formulier = Doorstroomformulier.objects.create(leerling=leerling)
    assert selectors.formulier_voor_mbo(user=world["intaker"], leerling=leerling) is None
    formulier.status, formulier.definitief_op = "definitief", timezone.now()
    formulier.save()
    assert selectors.formulier_voor_mbo(user=world["intaker"], leerling=leerling) == formulier
    assert selectors.formulier_voor_mbo(user=world["intaker_b"], leerling=leerling) is None


def test_programme_counts(world):
    maak_aanmelding(world, status=Status.INGETROKKEN)
    [o] = selectors.opleiding_list(user=world["intaker"])
    assert (o.aantal_aanmeldingen, o.aantal_geldig) == (2, 1)


def test_referral_choices_are_open_programmes_of_the_own_institution(world):
    open_ = f.OpleidingFactory(instelling=world["mbo_a"])
    f.OpleidingFactory(instelling=world["mbo_a"], actief=False)
    f.OpleidingFactory(instelling=world["mbo_b"])
    a = world["aanmelding_a"]
    assert list(selectors.doorverwijs_opleidingen(user=world["intaker"], aanmelding=a)) == [open_]
    assert not selectors.doorverwijs_opleidingen(user=world["intaker_b"], aanmelding=a).exists()
