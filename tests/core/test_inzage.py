"""Inzage per controller. Together the school's, the municipality's and the mbo's exports
hold every model linked to the pupil (but the ones that belong to no organisation's file); each
holds nothing of other pupils. What each may and may not hold: tests/security/test_field_visibility.py."""

import json

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from aanmelding.services import aanmelding_status_update
from aanmelding.services_vergelijking import statusvergelijking_create
from doorstroom.services import formulier_voor
from leerlingen.models import Leerling
from leerlingen.services import elders_record
from rmc.services import melding_create_risico
from tests import factories as f
from voroc.inzage import inzage_export


def _models_linked_to_leerling():
    """Every model with a relation path (through foreign keys) to Leerling."""
    linked = {Leerling}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            for field in model._meta.get_fields():
                if field.many_to_one or field.one_to_one:
                    if field.concrete and field.related_model in linked:
                        linked.add(model)
                        changed = True
                        break
    return linked


def _fill_every_linked_model(world):
    leerling = world["leerling_a"]
    formulier_voor(leerling=leerling)
    melding_create_risico(leerling=leerling, user=world["decaan"], reden="Veel verzuim")
    aanmelding_status_update(aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"])
    elders_record(leerling=leerling, soort="werk", user=world["decaan"], aanmeldingen_intrekken=True)
    bestand = SimpleUploadedFile(
        "landelijk.csv", f"bsn;status;instelling;crebo\n{leerling.bsn};1;Elders;25999\n".encode()
    )
    statusvergelijking_create(organisatie=world["school_a"], bestand=bestand, user=world["decaan"])
    return leerling


def _exports(world, leerling):
    return {
        soort: inzage_export(leerling=leerling, organisatie=organisatie)
        for soort, organisatie in (("school", world["school_a"]), ("gemeente", world["gem_a"]), ("mbo", world["mbo_a"]))
    }


def test_the_exports_together_cover_every_model_linked_to_the_pupil(world):
    from rmc.services import contactmoment_record
    from tests.security.test_policy_in_one_place import NIET_IN_DOSSIER

    leerling = _fill_every_linked_model(world)
    contactmoment_record(
        leerling=leerling, user=world["consulent"], datum=leerling.aangemaakt.date(), soort="gesprek", notitie="x"
    )
    exports = _exports(world, leerling)
    held = set().union(*(set(e["gegevens"]) for e in exports.values()))
    filled = {
        model._meta.label
        for model in _models_linked_to_leerling()
        if model._base_manager.filter(**_path_to(model, leerling)).exists()
    }
    assert filled - set(NIET_IN_DOSSIER) <= held, f"missing from every export: {filled - held}"
    assert exports["school"]["gegevens"]["leerlingen.Leerling"][0]["bsn"] == leerling.bsn
    assert "bsn" not in exports["gemeente"]["gegevens"]["leerlingen.Leerling"][0]
    assert all(e["logboek"] for e in exports.values()), "the audit entries of the exported rows are in each"


def _path_to(model, leerling):
    """A filter that selects the rows of `model` that belong to `leerling` (breadth-first over FKs)."""
    from collections import deque

    queue = deque([(model, "")])
    seen = set()
    while queue:
        current, prefix = queue.popleft()
        if current is Leerling:
            return {f"{prefix}pk": leerling.pk} if prefix else {"pk": leerling.pk}
        if current in seen:
            continue
        seen.add(current)
        for field in current._meta.get_fields():
            if (field.many_to_one or field.one_to_one) and field.concrete and field.related_model:
                queue.append((field.related_model, f"{prefix}{field.name}__"))
    raise AssertionError(f"no path from {model} to Leerling")


def test_export_holds_nothing_of_other_pupils(world):
    leerling = _fill_every_linked_model(world)
    other = world["leerling_b"]
    for export in _exports(world, leerling).values():
        text = json.dumps(export, default=str)
        assert other.bsn not in text and other.achternaam not in text


def test_unrelated_pupil_of_same_school_is_not_in_export(world):
    other = f.LeerlingFactory(school=world["school_a"])
    for export in _exports(world, world["leerling_a"]).values():
        assert other.bsn not in json.dumps(export, default=str)
