"""Access rules of the reconciliation with the national statuses: the decaan's page and action,
the intaker's page. Another school's difference is a 404."""

from tests.security.matrix import row


def _regel(key, school_key):
    """A difference of the world's pupil `key`, in an upload of `school_key`."""

    def build(w):
        from aanmelding.models import Statusvergelijking, Vergelijkingsregel

        vergelijking = Statusvergelijking.objects.create(organisatie=w[school_key], bestandsnaam="landelijk.csv")
        regel = Vergelijkingsregel.objects.create(
            vergelijking=vergelijking, leerling=w[key], soort="buiten_voroc", landelijke_status=1, crebo="25180"
        )
        return {"pk": regel.pk}

    return build


DECAAN = {"default": 403, "decaan": 200}
ROWS = [
    row("aanmelden:vergelijking", **DECAAN),
    row("aanmelden:vergelijking", method="post", data=lambda w: {}, **DECAAN | {"decaan": 400}),
    row("aanmelden:vergelijking_extern", _regel("leerling_a", "school_a"), method="post", default=403, decaan=302),
    row("aanmelden:vergelijking_extern", _regel("leerling_b", "school_b"), method="post", default=403, decaan=404),
    row("mbo:vergelijking", default=403, intaker=200),
    row("mbo:vergelijking", method="post", data=lambda w: {}, default=403, intaker=400),
]
