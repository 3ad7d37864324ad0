"""What the API shows of a pupil comes from the visibility table: `policy.velden_van` names the
fields of the parts that `policy.zicht` allows for each pupil, never a hand-picked list. The
serializer classes below describe those fields for the schema; the values come from `velden`."""

from __future__ import annotations

from rest_framework import serializers

from aanmelding.models import Aanmelding, Opleiding, Plaatsingsbesluit
from aanmelding.status import PLAATSINGSBESLUITEN, AfwijzingsReden, LandelijkeStatus, Status
from leerlingen.models import Leerling
from terugkoppeling.models import Terugkoppeling
from voroc import policy

from .services import BULK_VELDEN, MAX_BULK_RIJEN

LEERLING = "leerlingen.Leerling"
AANMELDING = "aanmelding.Aanmelding"
BESLUIT = "aanmelding.Plaatsingsbesluit"
TERUGKOPPELING = "terugkoppeling.Terugkoppeling"


def velden(label: str, obj, zicht) -> dict:
    """The fields of `obj` that `zicht` allows, as JSON values (a foreign key as its id)."""
    result = {"id": obj.pk}
    for name in policy.velden_van(label, zicht.delen, obj):
        if name == "aanmelding" and label == BESLUIT:
            continue  # the decision is shown inside its application
        field = obj._meta.get_field(name)
        result[name] = field.value_from_object(obj)
    return result


def _alle_velden(label: str) -> list[str]:
    return [name for names in policy.VELDEN[label].values() for name in names]


class LeerlingSchema(serializers.ModelSerializer):
    """A pupil: only the fields of the parts the visibility table allows the client are present."""

    class Meta:
        model = Leerling
        fields = ["id", *_alle_velden(LEERLING)]
        extra_kwargs = {name: {"required": False} for name in _alle_velden(LEERLING)}


class GemeenteLeerlingSchema(LeerlingSchema):
    toestand = serializers.CharField(help_text="Waar de leerling staat (geplaatst, Elders, aangemeld, ...).")
    laatst_gewijzigd = serializers.DateTimeField(
        help_text="De laatste wijziging van de leerling, een aanmelding of de bestemming Elders: "
        "vraag de volgende keer met updated_since vanaf dit moment."
    )

    class Meta(LeerlingSchema.Meta):
        fields = [*LeerlingSchema.Meta.fields, "toestand", "laatst_gewijzigd"]


class OpleidingSchema(serializers.ModelSerializer):
    class Meta:
        model = Opleiding
        fields = ["id", "crebo", "naam", "niveau", "leerweg", "instelling", "locatie", "startdatum"]


def opleiding(o: Opleiding) -> dict:
    return {name: getattr(o, name) for name in ("id", "crebo", "naam", "niveau", "leerweg", "startdatum")} | {
        "instelling": o.instelling_id,
        "locatie": o.locatie_id,
    }


class PlaatsingsbesluitSchema(serializers.ModelSerializer):
    class Meta:
        model = Plaatsingsbesluit
        fields = ["id", *[n for n in _alle_velden(BESLUIT) if n != "aanmelding"]]
        extra_kwargs = {name: {"required": False} for name in _alle_velden(BESLUIT)}


class AanmeldingSchema(serializers.ModelSerializer):
    """An application, with the pupil and the decision as the client may see them (the visibility
    table: an mbo sees applications to its own institution, a school those of its pupils)."""

    landelijke_status = serializers.IntegerField(
        allow_null=True, help_text="De landelijke statuscode (0-5) van deze status."
    )
    opleiding = OpleidingSchema()
    leerling = LeerlingSchema()
    plaatsingsbesluit = PlaatsingsbesluitSchema(
        allow_null=True, required=False, help_text="Het plaatsingsbesluit, als er een is en de client het mag zien."
    )

    class Meta:
        model = Aanmelding
        fields = [
            "id",
            *[n for n in _alle_velden(AANMELDING) if n != "opleiding"],
            "landelijke_status",
            "opleiding",
            "leerling",
            "plaatsingsbesluit",
        ]
        extra_kwargs = {name: {"required": False} for name in _alle_velden(AANMELDING)}


class LeerlingInvoer(serializers.Serializer):
    """One pupil row, with the columns of the pupil import (leerlingen.importeren) as keys."""

    def get_fields(self):
        return {
            key: serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=200)
            for key in BULK_VELDEN
        }


class BulkInvoer(serializers.Serializer):
    leerlingen = LeerlingInvoer(many=True, allow_empty=False, max_length=MAX_BULK_RIJEN)


class BulkUitkomst(serializers.Serializer):
    nieuw = serializers.IntegerField()
    bijgewerkt = serializers.IntegerField()
    ongewijzigd = serializers.IntegerField()


class Fout(serializers.Serializer):
    rij = serializers.IntegerField(help_text="Het volgnummer van de leerling in de lijst, vanaf 1.")
    kolom = serializers.CharField()
    melding = serializers.CharField()


class FoutSchema(serializers.Serializer):
    """Every 400: why the request was refused (nothing was recorded), with the rows' errors of a
    bulk request or the fields' errors of bad input where there are any."""

    detail = serializers.CharField(help_text="Waarom het verzoek is geweigerd; er is niets vastgelegd.")
    fouten = Fout(many=True, required=False, help_text="Per rij van een bulkverzoek: wat er niet goed is.")
    velden = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Per veld van de invoer: wat er niet goed is."
    )


# --- mbo: the steps of an application ---------------------------------------------------------


class StapInvoer(serializers.Serializer):
    bericht = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text="Bericht aan de school."
    )


class IntakeInvoer(StapInvoer):
    datum = serializers.DateField()
    tijd = serializers.TimeField()
    plaats = serializers.CharField(max_length=200)


class IntakeGehadInvoer(serializers.Serializer):
    studiekeuzeadvies = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class BesluitInvoer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=[(s.value, s.label) for s in PLAATSINGSBESLUITEN])
    reden = serializers.ChoiceField(
        choices=AfwijzingsReden.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Bij afwijzing: de wettelijke reden.",
    )
    voorwaarde = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    van_status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="De status waarop u besliste: is de aanmelding intussen gewijzigd, dan wordt het besluit geweigerd.",
    )


class LandelijkeStatusInvoer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LandelijkeStatus.choices, help_text="De landelijke statuscode (0-5).")
    reden = serializers.ChoiceField(
        choices=[*AfwijzingsReden.choices, ("uitgeloot", "uitgeloot")],
        required=False,
        allow_blank=True,
        default="",
        help_text="Bij code 3 voor de inschrijving: een wettelijke afwijzingsgrond of ‘uitgeloot’.",
    )


# --- school: classes and mentors, diploma results, applications and feedback ---------------------


class KlasMentorRij(serializers.Serializer):
    leerlingnummer = serializers.CharField(max_length=20)
    klas = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200)
    mentor = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=254,
        help_text="Het e-mailadres van een mentor van de school; leeg: de mentor blijft.",
    )


class KlasMentorInvoer(serializers.Serializer):
    leerlingen = KlasMentorRij(many=True, allow_empty=False, max_length=MAX_BULK_RIJEN)


class KlasMentorUitkomst(serializers.Serializer):
    klas_gewijzigd = serializers.IntegerField()
    mentor_gewijzigd = serializers.IntegerField()


class DiplomaRij(serializers.Serializer):
    leerlingnummer = serializers.CharField(max_length=20)
    resultaat = serializers.CharField(
        max_length=20, allow_blank=True, help_text="geslaagd, gezakt, herexamen of onbekend."
    )


class DiplomaInvoer(serializers.Serializer):
    resultaten = DiplomaRij(many=True, allow_empty=False, max_length=MAX_BULK_RIJEN)


class DiplomaUitkomst(serializers.Serializer):
    gewijzigd = serializers.IntegerField()


class TerugkoppelingSchema(serializers.ModelSerializer):
    """One event of a pupil's timeline: only the fields the visibility table allows are present."""

    leerling = serializers.IntegerField()
    landelijke_status = serializers.IntegerField(
        allow_null=True, required=False, help_text="De landelijke statuscode (0-5) van de nieuwe status."
    )

    class Meta:
        model = Terugkoppeling
        fields = ["id", "leerling", *_alle_velden(TERUGKOPPELING), "landelijke_status"]
        extra_kwargs = {name: {"required": False} for name in _alle_velden(TERUGKOPPELING)}


def _pagina(naam: str, item) -> type[serializers.Serializer]:
    """A page of a list: the rows and the cursors of the next and the previous page (api.pagination)."""
    return type(
        naam,
        (serializers.Serializer,),
        {
            "__doc__": f"Een pagina van de lijst, met de cursor van de volgende en de vorige pagina ({item.__name__}).",
            "__module__": __name__,
            "next": serializers.URLField(allow_null=True, help_text="De volgende pagina, of null."),
            "previous": serializers.URLField(allow_null=True, help_text="De vorige pagina, of null."),
            "results": item(many=True),
        },
    )


AanmeldingPagina = _pagina("AanmeldingPagina", AanmeldingSchema)
GemeenteLeerlingPagina = _pagina("GemeenteLeerlingPagina", GemeenteLeerlingSchema)
TerugkoppelingPagina = _pagina("TerugkoppelingPagina", TerugkoppelingSchema)
