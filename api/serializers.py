"""What the API shows of a pupil comes from the visibility table: `policy.velden_van` names the
fields of the parts that `policy.zicht` allows for each pupil, never a hand-picked list. The
serializer classes below describe those fields for the schema; the values come from `velden`."""

from __future__ import annotations

from rest_framework import serializers

from aanmelding.models import Aanmelding, Opleiding
from leerlingen.models import Leerling
from voroc import policy

from .services import BULK_VELDEN, MAX_BULK_RIJEN

LEERLING = "leerlingen.Leerling"
AANMELDING = "aanmelding.Aanmelding"


def velden(label: str, obj, zicht) -> dict:
    """The fields of `obj` that `zicht` allows, as JSON values (a foreign key as its id)."""
    result = {"id": obj.pk}
    for name in policy.velden_van(label, zicht.delen, obj):
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

    class Meta(LeerlingSchema.Meta):
        fields = [*LeerlingSchema.Meta.fields, "toestand"]


class OpleidingSchema(serializers.ModelSerializer):
    class Meta:
        model = Opleiding
        fields = ["id", "crebo", "naam", "niveau", "leerweg", "locatie", "startdatum"]


def opleiding(o: Opleiding) -> dict:
    return {name: getattr(o, name) for name in ("id", "crebo", "naam", "niveau", "leerweg", "startdatum")} | {
        "locatie": o.locatie_id
    }


class AanmeldingSchema(serializers.ModelSerializer):
    """An application to the client's own institution, with the pupil as the mbo may see it."""

    landelijke_status = serializers.IntegerField(
        allow_null=True, help_text="De landelijke statuscode (0-5) van deze status."
    )
    opleiding = OpleidingSchema()
    leerling = LeerlingSchema()

    class Meta:
        model = Aanmelding
        fields = [
            "id",
            *[n for n in _alle_velden(AANMELDING) if n != "opleiding"],
            "landelijke_status",
            "opleiding",
            "leerling",
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


class BulkFoutSchema(serializers.Serializer):
    detail = serializers.CharField()
    fouten = Fout(many=True)
