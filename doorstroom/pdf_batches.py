"""The worker's side of PDF batches: render a requested batch, clear out old ones.

Called by the Celery tasks in tasks.py; kept apart from services.py (which queues the tasks) so
that neither module imports the other.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from leerlingen.models import Leerling
from voroc import policy
from voroc.pdf import render_to_pdf

from .models import Doorstroomformulier, PdfBatch, PdfBatchStatus
from .selectors import secties_weergave, zorg_zichtbaar

logger = logging.getLogger(__name__)


def _aanmeldingen_prefetch(user) -> Prefetch:
    """The applications each form lists, in the user's scope. The application model lives in a
    higher app; it is reached through the pupil's relation rather than imported."""
    aanmelding = Leerling._meta.get_field("aanmeldingen").related_model
    return Prefetch(
        "aanmeldingen",
        queryset=aanmelding.objects.filter(policy.aanmelding_q(user))
        .select_related("opleiding__instelling", "opleiding__locatie")
        .order_by("keuze", "pk"),
        to_attr="zichtbare_aanmeldingen",
    )


def pdf_batch_maken_uitvoeren(*, batch_id: int) -> PdfBatch:
    """Render the batch (idempotent: a finished batch is left alone). Called by the Celery task."""
    with transaction.atomic():
        batch = PdfBatch.objects.select_for_update().select_related("aangevraagd_door").get(pk=batch_id)
        if batch.status == PdfBatchStatus.KLAAR:
            return batch
        batch.status = PdfBatchStatus.BEZIG
        batch.save(update_fields=["status"])
    user = batch.aangevraagd_door
    try:
        # Scope is checked again at render time: what the user may see now, not when they asked.
        formulieren = {
            f.leerling_id: f
            for f in Doorstroomformulier.objects.for_user(user)
            .filter(leerling__in=batch.leerlingen.all())
            .select_related("leerling__school", "leerling__mentor", "definitief_door")
        }
        items = []
        leerlingen = list(
            Leerling.objects.for_user(user)
            .filter(pk__in=batch.leerlingen.values("pk"))
            .select_related("school")
            .prefetch_related(_aanmeldingen_prefetch(user))
        )
        zichten = policy.zicht_lijst(user, leerlingen)
        for leerling in leerlingen:
            aanmeldingen = leerling.zichtbare_aanmeldingen if zichten[leerling.pk].aanmeldingen else []
            formulier = formulieren.get(leerling.pk)
            if formulier is None:
                items.append({"leerling": leerling, "formulier": None, "secties": [], "aanmeldingen": aanmeldingen})
                continue
            formulier.leerling = leerling
            zorg = zorg_zichtbaar(user=user, formulier=formulier)
            items.append(
                {
                    "leerling": leerling,
                    "formulier": formulier,
                    "secties": secties_weergave(formulier=formulier, user=user, zorg=zorg),
                    "aanmeldingen": aanmeldingen,
                }
            )
        inhoud = render_to_pdf(
            "doorstroom/pdf/bundel.html",
            {"items": items, "batch": batch, "gemaakt_op": timezone.now(), "kijker": user},
        )
    except Exception:
        logger.exception("pdf batch %s failed", batch_id)
        PdfBatch.objects.filter(pk=batch_id).update(
            status=PdfBatchStatus.MISLUKT, fout="Het maken van de pdf is mislukt."
        )
        batch.refresh_from_db()
        return batch
    batch.bestand.save(f"doorstroomformulieren-{batch.pk}.pdf", ContentFile(inhoud), save=False)
    batch.status = PdfBatchStatus.KLAAR
    batch.gereed_op = timezone.now()
    batch.fout = ""
    batch.save(update_fields=["bestand", "status", "gereed_op", "fout"])
    return batch


BATCH_BEWAARTERMIJN = datetime.timedelta(days=7)


def pdf_batches_opruimen(*, nu: datetime.datetime | None = None) -> int:
    """Delete PDF batches (and their files) older than BATCH_BEWAARTERMIJN; idempotent. Returns the count."""
    grens = (nu or timezone.now()) - BATCH_BEWAARTERMIJN
    aantal = 0
    for batch in PdfBatch.objects.filter(aangemaakt__lt=grens):
        if batch.bestand:
            batch.bestand.delete(save=False)
        batch.delete()
        aantal += 1
    return aantal
