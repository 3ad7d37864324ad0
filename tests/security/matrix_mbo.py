"""Access rules of the mbo pages: intake staff only; another institution's objects are 404.

Roles without `aanmeldingen_behandelen` / `opleidingen_beheren` get 403 on every page (which
leaks nothing); the intaker of institution A gets 404 on every object of institution B.
"""

import datetime

from django.utils import timezone

from tests.security.matrix import pk, row

MORGEN = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()


def _status(key, status):
    """kwargs builder that first puts the world's application `key` in `status`."""

    def build(w):
        w[key].status = status
        w[key].save(update_fields=["status"])
        return {"pk": w[key].pk}

    return build


def _met_formulier(key):
    def build(w):
        from doorstroom.models import Doorstroomformulier

        # update_or_create: other tests walk every row's kwargs on one world.
        Doorstroomformulier.objects.update_or_create(
            leerling=w[key].leerling,
            defaults={"status": "definitief", "definitief_op": timezone.now(), "motivatie": "Zorg trekt mij."},
        )
        return {"pk": w[key].pk}

    return build


def _met_lob(key):
    def build(w):
        from django.core.files.base import ContentFile

        from doorstroom.models import Doorstroomformulier

        formulier = Doorstroomformulier.objects.filter(leerling=w[key].leerling).first() or Doorstroomformulier(
            leerling=w[key].leerling
        )
        formulier.status, formulier.definitief_op = "definitief", timezone.now()
        formulier.lob_paspoort_pdf.save("lob.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        formulier.save()
        return {"pk": w[key].pk}

    return build


def _doorverwijs_data(w):
    from tests import factories as f

    return {"naar_opleiding": f.OpleidingFactory(instelling=w["mbo_a"]).pk}


def _leeg_opleiding(key):
    def build(w):
        from tests import factories as f

        inst = w["opleiding_a" if key == "a" else "opleiding_b"].instelling
        w[f"leeg_{key}"] = f.OpleidingFactory(instelling=inst)
        return {"pk": w[f"leeg_{key}"].pk}

    return build


MBO = {"default": 403, "intaker": 200}
OWN_POST = {"default": 403, "intaker": 302, "method": "post"}
FOREIGN_POST = {"default": 403, "intaker": 404, "method": "post"}
INTAKE = {"datum": MORGEN, "tijd": "10:00", "plaats": "Lokaal 1"}
OVERDRACHT = {"datum": MORGEN, "deelnemers": "mentor en intaker"}

ROWS = [
    row("mbo:werklijst", **MBO),
    row("mbo:werklijst_export", **MBO),
    row("mbo:terugkoppeling", **MBO),
    row("mbo:noshow", **MBO),
    row("mbo:status_import", **MBO),
    row(
        "mbo:status_import",
        **MBO,
        method="post",
        data=lambda w: {"inhoud": f"aanmelding;status\n{w['aanmelding_b'].pk};1\n"},
    ),
    row("mbo:bulk", **OWN_POST, data=lambda w: {"actie": "ontvangen", "aanmelding": [w["aanmelding_a"].pk]}),
    row("mbo:bulk", **FOREIGN_POST, data=lambda w: {"actie": "ontvangen", "aanmelding": [w["aanmelding_b"].pk]}),
    # The pupil's file, as the mbo sees it.
    row("mbo:dossier", pk("aanmelding_a"), **MBO),
    row("mbo:dossier", pk("aanmelding_b"), default=403, intaker=404),
    row("mbo:formulier_pdf", _met_formulier("aanmelding_a"), **MBO),
    row("mbo:formulier_pdf", _met_formulier("aanmelding_b"), default=403, intaker=404),
    row("mbo:lob_paspoort", _met_lob("aanmelding_a"), **MBO),
    row("mbo:lob_paspoort", _met_lob("aanmelding_b"), default=403, intaker=404),
    # Inzage of what the institution holds (its applications): its intaker.
    row("mbo:inzage", pk("aanmelding_a"), **MBO),
    row("mbo:inzage", pk("aanmelding_b"), default=403, intaker=404),
    row("mbo:inzage_pdf", pk("aanmelding_a"), **MBO),
    row("mbo:inzage_pdf", pk("aanmelding_b"), default=403, intaker=404),
    # Steps.
    row("mbo:stap", pk("aanmelding_a"), **OWN_POST, data=lambda w: {"naar": "in_behandeling"}),
    row("mbo:stap", pk("aanmelding_b"), **FOREIGN_POST, data=lambda w: {"naar": "in_behandeling"}),
    row("mbo:intake_plannen", _status("aanmelding_a", "in_behandeling"), **OWN_POST, data=lambda w: INTAKE),
    row("mbo:intake_plannen", _status("aanmelding_b", "in_behandeling"), **FOREIGN_POST, data=lambda w: INTAKE),
    row("mbo:intake_gehad", _status("aanmelding_a", "intake_gepland"), **OWN_POST, data=lambda w: {}),
    row("mbo:intake_gehad", _status("aanmelding_b", "intake_gepland"), **FOREIGN_POST, data=lambda w: {}),
    row("mbo:besluit", _status("aanmelding_a", "intake_gehad"), **OWN_POST, data=lambda w: {"uitkomst": "geplaatst"}),
    row(
        "mbo:besluit", _status("aanmelding_b", "intake_gehad"), **FOREIGN_POST, data=lambda w: {"uitkomst": "geplaatst"}
    ),
    row("mbo:doorverwijzen", pk("aanmelding_a"), **OWN_POST, data=_doorverwijs_data),
    row("mbo:doorverwijzen", pk("aanmelding_b"), **FOREIGN_POST, data=_doorverwijs_data),
    # After the placement: the warm handover and the documents checklist.
    row("mbo:warme_overdracht", _status("aanmelding_a", "geplaatst"), **OWN_POST, data=lambda w: OVERDRACHT),
    row("mbo:warme_overdracht", _status("aanmelding_b", "geplaatst"), **FOREIGN_POST, data=lambda w: OVERDRACHT),
    row("mbo:warme_overdracht_gehouden", _status("aanmelding_a", "geplaatst"), **OWN_POST, data=lambda w: {}),
    row("mbo:warme_overdracht_gehouden", _status("aanmelding_b", "geplaatst"), **FOREIGN_POST, data=lambda w: {}),
    row("mbo:documenten", _status("aanmelding_a", "geplaatst"), **OWN_POST, data=lambda w: {"soorten": ["diploma"]}),
    row(
        "mbo:documenten", _status("aanmelding_b", "geplaatst"), **FOREIGN_POST, data=lambda w: {"soorten": ["diploma"]}
    ),
    # Programmes.
    row("mbo:opleidingen", **MBO),
    row("mbo:opleiding_nieuw", **MBO),
    row("mbo:opleiding_import", **MBO),
    row("mbo:opleiding_bewerken", pk("opleiding_a"), **MBO),
    row("mbo:opleiding_bewerken", pk("opleiding_b"), default=403, intaker=404),
    row("mbo:opleiding_sluiten", pk("opleiding_a"), **OWN_POST),
    row("mbo:opleiding_sluiten", pk("opleiding_b"), **FOREIGN_POST),
    row("mbo:opleiding_verwijderen", _leeg_opleiding("a"), **OWN_POST),
    row("mbo:opleiding_verwijderen", _leeg_opleiding("b"), **FOREIGN_POST),
]
