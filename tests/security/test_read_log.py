"""Reads logged per pupil: every list, export and PDF records which pupils it
showed, to whom (organisation and role) and when, with a fixed number of queries whatever the
rows; "who saw this pupil" is one query and finds them.

Checked once against a planted bug (one INSERT per pupil in voroc.audit): every list and export
of the fixed-count test failed with "N queries for one pupil, N+40 for 41"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerlingen.models import Raadpleging
from tests import factories as f
from voroc import audit
from voroc.accounts.models import Rol

pytestmark = pytest.mark.django_db

# (role, URL name, query string): every list page and export that can show the pupil.
READS = [
    ("decaan", "leerlingen:list", ""),
    ("decaan", "leerlingen:export", "?formaat=csv"),
    ("mentor", "leerlingen:export", "?formaat=xlsx"),
    ("decaan", "leerlingen:juni_controle", ""),
    ("intaker", "mbo:werklijst", ""),
    ("intaker", "mbo:werklijst_export", "?formaat=xlsx"),
    ("intaker", "mbo:terugkoppeling", ""),
    ("consulent", "rmc:overzicht", ""),
    ("consulent", "rmc:zonder_bestemming", ""),
    ("consulent", "rmc:overzicht_export", "?formaat=csv"),
]


def test_who_saw_this_pupil_finds_every_list_and_export_in_one_query(world, client, django_assert_num_queries):
    leerling = world["leerling_a"]
    for role, name, query in READS:
        client.force_login(world[role])
        assert client.get(reverse(name) + query).status_code == 200, name
    with django_assert_num_queries(1):
        reads = list(audit.wie_zag(leerling))
    seen = {(r.user_id, r.pagina, r.organisatie_id, r.rol_id, r.actie) for r in reads}
    rol = {code: Rol.objects.get(code=code).pk for code in ("decaan", "mentor", "intaker", "consulent")}
    w = world
    assert seen == {
        (w["decaan"].pk, "leerlingen:list", w["school_a"].pk, rol["decaan"], "lijst"),
        (w["decaan"].pk, "leerlingen:export", w["school_a"].pk, rol["decaan"], "export"),
        (w["mentor"].pk, "leerlingen:export", w["school_a"].pk, rol["mentor"], "export"),
        (w["decaan"].pk, "leerlingen:juni_controle", w["school_a"].pk, rol["decaan"], "lijst"),
        (w["intaker"].pk, "mbo:werklijst", w["mbo_a"].pk, rol["intaker"], "lijst"),
        (w["intaker"].pk, "mbo:werklijst_export", w["mbo_a"].pk, rol["intaker"], "export"),
        (w["intaker"].pk, "mbo:terugkoppeling", w["mbo_a"].pk, rol["intaker"], "lijst"),
        (w["consulent"].pk, "rmc:overzicht", w["gem_a"].pk, rol["consulent"], "lijst"),
        (w["consulent"].pk, "rmc:zonder_bestemming", w["gem_a"].pk, rol["consulent"], "lijst"),
        (w["consulent"].pk, "rmc:overzicht_export", w["gem_a"].pk, rol["consulent"], "export"),
    }
    # Nothing of the other pupil (another school, municipality and institution) was shown.
    assert not Raadpleging.objects.filter(leerling=world["leerling_b"]).exists()


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "role,name,query",
    [
        ("decaan", "leerlingen:list", ""),
        ("decaan", "leerlingen:export", "?formaat=xlsx"),
        ("intaker", "mbo:werklijst", ""),
        ("intaker", "mbo:werklijst_export", "?formaat=csv"),
        ("consulent", "rmc:overzicht", ""),
        ("consulent", "rmc:overzicht_export", "?formaat=xlsx"),
    ],
)
def test_reads_are_logged_with_a_fixed_number_of_queries(world, client, role, name, query):
    """The same number of queries for 1 and for 41 pupils, and one log row per pupil shown."""
    client.force_login(world[role])
    url = reverse(name) + query
    few = _count_queries(client, url)
    for _ in range(40):
        leerling = f.LeerlingFactory(school=world["school_a"], mentor=world["mentor"], schooljaar=world["schooljaar"])
        f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
    before = Raadpleging.objects.count()
    many = _count_queries(client, url)
    assert many == few, f"{name}: {few} queries for one pupil, {many} for 41"
    assert Raadpleging.objects.count() - before == 41
    assert Raadpleging.objects.filter(leerling=world["leerling_b"]).count() == 0


def test_pupil_page_and_pdf_are_logged_with_organisation_and_role(world, client):
    from tests.doorstroom.factories import formulier

    formulier(world["leerling_a"], world["decaan"])
    client.force_login(world["zorg"])
    client.get(reverse("leerlingen:detail", args=[world["leerling_a"].pk]))
    client.get(reverse("doorstroom:pdf", args=[world["leerling_a"].doorstroomformulier.pk]))
    reads = list(audit.wie_zag(world["leerling_a"]).values_list("pagina", "actie", "organisatie_id", "rol__code"))
    assert ("doorstroom:pdf", "pdf", world["school_a"].pk, "zorgcoordinator") in reads
    assert ("leerlingen:detail", "pagina", world["school_a"].pk, "zorgcoordinator") in reads


@pytest.mark.postgresql
def test_the_read_log_is_append_only_on_postgresql(world, client):
    from django.db import DatabaseError, transaction

    client.force_login(world["decaan"])
    client.get(reverse("leerlingen:detail", args=[world["leerling_a"].pk]))
    read = Raadpleging.objects.get()
    for change in (lambda: Raadpleging.objects.filter(pk=read.pk).update(pagina="x"), read.delete):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert Raadpleging.objects.filter(pk=read.pk, pagina="leerlingen:detail").exists()


def test_retention_deletes_the_read_log_with_the_pupil(world, client):
    import datetime

    from voroc.retention import retention_purge

    client.force_login(world["decaan"])
    client.get(reverse("leerlingen:detail", args=[world["leerling_a"].pk]))
    assert Raadpleging.objects.filter(leerling=world["leerling_a"]).exists()
    counts = retention_purge(today=datetime.date(2040, 8, 1))
    assert counts.get("leerlingen.Raadpleging")
    assert not Raadpleging.objects.exists()
