"""Benchmark: one form PDF and a PDF batch of 300 forms on the national picture of `bench_seed`.

Renders, as the decaan of the largest school, one pupil's doorstroomformulier through the form's
PDF page (p50/p95 of several requests) and then a batch of the first 300 pupils with a form as the
worker renders it (`pdf_batch_maken_uitvoeren`, the Celery task's body), and prints the time, the
pages' size and the growth of this process's peak memory. The batch row and its file are removed
afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench .venv/bin/python bench/pdf_bundel.py

This is a script, not a timed test.
"""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import analyze, measure, verified_client  # noqa: E402

BATCH = 300


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    from bench.paginas import member
    from doorstroom.models import Doorstroomformulier, PdfBatch, PdfBatchStatus
    from doorstroom.pdf_batches import pdf_batch_maken_uitvoeren
    from leerlingen.models import Leerling
    from voroc.accounts.models import Organisatie

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("Run against a bench_seed database (its name contains 'bench').")
    analyze()
    met_formulier = Doorstroomformulier.objects.values("leerling__school")
    school = Organisatie.objects.get(pk=met_formulier.annotate(n=Count("pk")).order_by("-n")[0]["leerling__school"])
    decaan = member("decaan", school)
    leerlingen = list(
        Leerling.objects.filter(school=school, doorstroomformulier__isnull=False).order_by("achternaam", "pk")[:BATCH]
    )
    print(f"school {school}: {len(leerlingen)} pupils with a form in the batch", flush=True)

    client = verified_client(decaan)
    formulier = leerlingen[0].doorstroomformulier
    measure(client, "one form PDF", reverse("doorstroom:pdf", kwargs={"pk": formulier.pk}), repeat=5)

    batch = PdfBatch.objects.create(aangevraagd_door=decaan, school=school, omschrijving="benchmark")
    batch.leerlingen.set(leerlingen)
    before = peak_rss_mb()
    started = time.perf_counter()
    try:
        batch = pdf_batch_maken_uitvoeren(batch_id=batch.pk)
        elapsed = time.perf_counter() - started
        if batch.status != PdfBatchStatus.KLAAR:
            raise SystemExit(f"batch failed: {batch.fout}")
        size = batch.bestand.size
        print(
            f"batch of {len(leerlingen)} forms: {elapsed:.1f} s ({elapsed / len(leerlingen) * 1000:.0f} ms a form), "
            f"{size / 1_000_000:.1f} MB, peak memory of the process {before:.0f} -> {peak_rss_mb():.0f} MB",
            flush=True,
        )
    finally:
        if batch.bestand:
            batch.bestand.delete(save=False)
        batch.delete()


if __name__ == "__main__":
    main()
