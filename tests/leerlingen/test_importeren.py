"""Import of pupils: mapping, row checks, preview, confirmation, all-or-nothing, re-import, large files."""

import io

import pytest
from django.urls import reverse

from leerlingen import services
from leerlingen.importeren import controleer, raad_koppeling
from leerlingen.models import ImportStatus, Leerling, Leerlingimport
from terugkoppeling.models import Soort, Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

from .conftest import MAGISTER_HEADERS, csv_bytes, upload


def _start(client, content, name="export.csv"):
    return client.post(reverse("leerlingen:import_start"), {"bestand": upload(name, content)})


def _koppelen(client, imp, **overrides):
    data = {f"kol_{k}": str(v) for k, v in imp.koppeling.items()}
    data.update(overrides)
    return client.post(reverse("leerlingen:import_koppelen", kwargs={"pk": imp.pk}), data)


def test_mapping_is_guessed_from_magister_and_somtoday_headers():
    magister = raad_koppeling(MAGISTER_HEADERS)
    assert magister["leerlingnummer"] == 0 and magister["voornaam"] == 1 and magister["klas"] == 6
    assert magister["gemeente"] == 12 and magister["mentor"] == 13
    somtoday = raad_koppeling(
        [
            "Leerlingnummer",
            "Voornaam",
            "Achternaam",
            "Geboortedatum",
            "Onderwijsnummer",
            "Klas",
            "Leerweg",
            "Gemeentecode",
            "E-mail mentor",
        ]
    )
    assert somtoday["onderwijsnummer"] == 4 and somtoday["gemeente"] == 7 and somtoday["mentor"] == 8


def test_row_errors_are_dutch_and_specific(world, bsns, pupil_row):
    rows = [
        MAGISTER_HEADERS,
        pupil_row("1", bsns[0]),
        pupil_row("2", "123456789"),  # fails the 11-proef
        [*pupil_row("3", bsns[1])[:4], "31-02-2010", *pupil_row("3", bsns[1])[5:]],  # no such date
        [*pupil_row("4", bsns[2])[:10], "25111AB", *pupil_row("4", bsns[2])[11:]],  # bad postcode
        [*pupil_row("5", bsns[3])[:12], "Atlantis", ""],  # unknown municipality
        pupil_row("1", bsns[4]),  # duplicate number
        ["6", "Sam", "", "", "17-05-2010", bsns[5], "4B", "KB", "", "", "", "", world["gem_a"].cbs_code, ""],
        pupil_row("7", bsns[6], leerweg="havo"),
        pupil_row("8", bsns[7], mentor="onbekend@example.nl"),
    ]
    result = controleer(
        rows,
        raad_koppeling(MAGISTER_HEADERS),
        school=world["school_a"],
        schooljaar=world["schooljaar"],
        today=__import__("datetime").date(2027, 1, 10),
    )
    meldingen = {(e["rij"], e["kolom"]): e["melding"] for e in result.fouten}
    assert "elfproef" in meldingen[(3, "BSN")]
    assert "geen geldige geboortedatum" in meldingen[(4, "Geboortedatum")]
    assert "geen geldige postcode" in meldingen[(5, "Postcode")]
    assert "Atlantis" in meldingen[(6, "Gemeente")] and "onbekend" in meldingen[(6, "Gemeente")]
    assert "staat ook al in rij 2" in meldingen[(7, "Leerlingnummer")]
    assert meldingen[(8, "Achternaam")] == "Achternaam ontbreekt."
    assert "geen bekende leerweg" in meldingen[(9, "Leerweg")]
    assert "geen account" in meldingen[(10, "Mentor")]
    assert len(result.records) == 1 and result.nieuw == 1
    # The full BSN never appears in an error message.
    assert not any("123456789" in e["melding"] for e in result.fouten)


def test_upload_preview_confirm_creates_pupils_and_timeline(world, client, bsns, pupil_row):
    client.force_login(world["decaan"])
    mentor = world["mentor"]
    content = csv_bytes(
        [
            MAGISTER_HEADERS,
            pupil_row("9001", bsns[0], mentor=mentor.email.upper()),
            pupil_row("9002", bsns[1], achternaam="Bakker"),
        ]
    )
    response = _start(client, content)
    imp = Leerlingimport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{imp.pk}/koppelen/")
    assert imp.school == world["school_a"] and imp.totaal == 2 and imp.status == ImportStatus.KOPPELEN
    assert client.get(reverse("leerlingen:import_koppelen", kwargs={"pk": imp.pk})).status_code == 200
    response = _koppelen(client, imp)
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.GECONTROLEERD and imp.nieuw == 2 and imp.fouten == []
    assert not Leerling.objects.filter(leerlingnummer__in=["9001", "9002"]).exists()  # nothing before confirming
    body = client.get(reverse("leerlingen:import_detail", kwargs={"pk": imp.pk})).content.decode()
    assert "Import bevestigen" in body and bsns[0] not in body and bsns[0][-3:] in body
    response = client.post(reverse("leerlingen:import_bevestigen", kwargs={"pk": imp.pk}), follow=True)
    assert "2 nieuw, 0 bijgewerkt" in response.content.decode()
    imp.refresh_from_db()
    assert imp.status == ImportStatus.KLAAR and not imp.bestand
    leerling = Leerling.objects.get(leerlingnummer="9001")
    assert leerling.school == world["school_a"] and leerling.schooljaar == world["schooljaar"]
    assert leerling.leerweg == "KB" and leerling.postcode == "2511 AB" and leerling.mentor == mentor
    assert leerling.woongemeente == world["gem_a"] and str(leerling.geboortedatum) == "2010-05-17"
    assert Terugkoppeling.objects.filter(leerling=leerling, soort="leerling", auteur=world["decaan"]).exists()


def test_reimport_updates_and_does_not_duplicate(world, client, bsns, pupil_row):
    client.force_login(world["decaan"])
    for klas in ("4B", "4C"):
        _start(client, csv_bytes([MAGISTER_HEADERS, pupil_row("9001", bsns[0], klas=klas)]))
        imp = Leerlingimport.objects.first()
        _koppelen(client, imp)
        client.post(reverse("leerlingen:import_bevestigen", kwargs={"pk": imp.pk}))
    assert Leerling.objects.filter(leerlingnummer="9001").count() == 1
    assert Leerling.objects.get(leerlingnummer="9001").klas == "4C"
    assert Leerlingimport.objects.first().bijgewerkt == 1
    # The same file again changes nothing.
    _start(client, csv_bytes([MAGISTER_HEADERS, pupil_row("9001", bsns[0], klas="4C")]))
    imp = Leerlingimport.objects.first()
    _koppelen(client, imp)
    imp.refresh_from_db()
    assert imp.ongewijzigd == 1 and imp.bijgewerkt == 0 and imp.nieuw == 0


def test_file_with_errors_cannot_be_confirmed_and_writes_nothing(world, client, bsns, pupil_row):
    client.force_login(world["decaan"])
    _start(client, csv_bytes([MAGISTER_HEADERS, pupil_row("9001", bsns[0]), pupil_row("9002", "111111111")]))
    imp = Leerlingimport.objects.get()
    _koppelen(client, imp)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.GECONTROLEERD and len(imp.fouten) == 1
    body = client.get(reverse("leerlingen:import_detail", kwargs={"pk": imp.pk})).content.decode()
    assert "Het bestand bevat fouten" in body and "Import bevestigen" not in body
    response = client.post(reverse("leerlingen:import_bevestigen", kwargs={"pk": imp.pk}), follow=True)
    assert "Het bestand bevat fouten" in response.content.decode()
    assert not Leerling.objects.filter(leerlingnummer__in=["9001", "9002"]).exists()


def test_all_or_nothing_when_a_write_fails(world, bsns, pupil_row, monkeypatch):
    """A failure halfway through the writes rolls every row back."""
    imp = Leerlingimport.objects.create(
        schooljaar=world["schooljaar"],
        school=world["school_a"],
        bestandsnaam="x.csv",
        formaat="csv",
        kolommen=MAGISTER_HEADERS,
    )
    rows = [MAGISTER_HEADERS, pupil_row("9001", bsns[0]), pupil_row("9002", bsns[1])]
    records = controleer(
        rows,
        raad_koppeling(MAGISTER_HEADERS),
        school=world["school_a"],
        schooljaar=world["schooljaar"],
        today=__import__("datetime").date(2027, 1, 10),
    ).records
    written = []

    def fail_after_the_pupils(**kwargs):
        # The pupils are in the database by now; the events' write fails.
        written.extend(Leerling.objects.filter(leerlingnummer__in=["9001", "9002"]).values_list("pk", flat=True))
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "terugkoppelingen_record_in_bulk", fail_after_the_pupils)
    with pytest.raises(RuntimeError):
        services.leerlingen_import(leerlingimport=imp, records=records, user=world["decaan"])
    assert len(written) == 2
    assert not Leerling.objects.filter(leerlingnummer__in=["9001", "9002"]).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leerlingen.pdf", b"%PDF-1.4", "Kies een bestand van het type CSV of Excel"),
        ("leerlingen.csv", b"", "leeg"),
        ("leerlingen.xlsx", b"not a zip file", "geen geldig Excel-bestand"),
        ("leerlingen.xlsx", b"PK\x03\x04garbage", "niet te lezen"),
        ("leerlingen.csv", b"Leerlingnummer;Roepnaam\n", "alleen een kopregel"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(world, client, name, content, message):
    client.force_login(world["decaan"])
    response = _start(client, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Leerlingimport.objects.exists()


def test_too_large_file_is_refused(world, client, settings, monkeypatch):
    settings.VOROC_UPLOAD_MAX_BYTES = 100
    client.force_login(world["decaan"])
    response = _start(client, b"Leerlingnummer;Roepnaam\n" + b"1;Sam\n" * 50)
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not Leerlingimport.objects.exists()


def test_mapping_without_required_columns_is_refused(world, client, bsns, pupil_row):
    client.force_login(world["decaan"])
    _start(client, csv_bytes([MAGISTER_HEADERS, pupil_row("9001", bsns[0])]))
    imp = Leerlingimport.objects.get()
    response = _koppelen(client, imp, kol_achternaam="", kol_bsn="")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een kolom voor: Achternaam, BSN of onderwijsnummer." in body
    imp.refresh_from_db()
    assert imp.status == ImportStatus.KOPPELEN


def test_xlsx_export_of_somtoday_is_read(world, client, bsns):
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Leerlingnummer", "Voornaam", "Achternaam", "Geboortedatum", "BSN", "Klas", "Leerweg", "Gemeente"])
    ws.append([4711, "Noor", "Visser", datetime.datetime(2010, 3, 2), int(bsns[0]), "4T1", "TL", world["gem_a"].naam])
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(world["decaan"])
    _start(client, buffer.getvalue(), name="somtoday.xlsx")
    imp = Leerlingimport.objects.get()
    _koppelen(client, imp)
    imp.refresh_from_db()
    assert imp.fouten == [] and imp.nieuw == 1
    client.post(reverse("leerlingen:import_bevestigen", kwargs={"pk": imp.pk}))
    leerling = Leerling.objects.get(leerlingnummer="4711")
    assert leerling.leerweg == "TL" and leerling.geboortedatum == datetime.date(2010, 3, 2)


def test_large_file_runs_as_task_with_progress(world, client, settings, django_capture_on_commit_callbacks):
    settings.VOROC_IMPORT_SYNC_MAX = 10
    rows = [MAGISTER_HEADERS] + [
        [
            str(20000 + i),
            "Sam",
            "",
            f"Naam{i}",
            "17-05-2010",
            f.next_bsn(),
            f"4{i % 5}",
            "BB",
            "",
            "",
            "",
            "",
            world["gem_a"].cbs_code,
            "",
        ]
        for i in range(300)
    ]
    client.force_login(world["decaan"])
    _start(client, csv_bytes(rows))
    imp = Leerlingimport.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _koppelen(client, imp)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.CONTROLEREN and len(callbacks) == 1
    # The status view polls while the task has not run yet.
    response = client.get(reverse("leerlingen:import_status", kwargs={"pk": imp.pk}), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    callbacks[0]()
    imp.refresh_from_db()
    assert imp.status == ImportStatus.GECONTROLEERD and imp.nieuw == 300 and imp.voortgang == 100
    response = client.get(reverse("leerlingen:import_status", kwargs={"pk": imp.pk}), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("leerlingen:import_bevestigen", kwargs={"pk": imp.pk}))
    imp.refresh_from_db()
    assert imp.status == ImportStatus.KLAAR
    assert Leerling.objects.filter(school=world["school_a"], leerlingnummer__startswith="20").count() == 300


def test_tasks_are_idempotent(world, bsns, pupil_row):
    from leerlingen import tasks

    imp = Leerlingimport.objects.create(
        schooljaar=world["schooljaar"],
        school=world["school_a"],
        bestandsnaam="x.csv",
        formaat="csv",
        kolommen=MAGISTER_HEADERS,
        status=ImportStatus.KLAAR,
    )
    tasks.leerlingimport_controleren(imp.pk)
    tasks.leerlingimport_verwerken(imp.pk)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.KLAAR


def test_service_refuses_users_who_cannot_import(world):
    for user in (world["mentor"], world["zorg"], world["decaan_b"], world["consulent"]):
        with pytest.raises(DomainError):
            services.leerlingimport_start(
                school=world["school_a"],
                schooljaar=world["schooljaar"],
                upload=upload("x.csv", b"a;b\n1;2\n"),
                user=user,
            )
    imp = Leerlingimport.objects.create(
        schooljaar=world["schooljaar"], school=world["school_a"], bestandsnaam="x.csv", formaat="csv", kolommen=["a"]
    )
    with pytest.raises(DomainError):
        services.leerlingen_import(leerlingimport=imp, records=[], user=world["mentor"])


def test_decaan_of_two_schools_chooses_the_school(world, client, bsns, pupil_row):
    from voroc.accounts.models import Rol
    from voroc.accounts.services import lidmaatschap_toekennen_unchecked

    school_c = f.SchoolFactory(gemeente=world["gem_a"])
    lidmaatschap_toekennen_unchecked(account=world["decaan"], organisatie=school_c, rol=Rol.objects.get(code="decaan"))
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:import_start")).content.decode()
    assert school_c.naam in body and world["school_a"].naam in body and world["school_b"].naam not in body
    client.post(
        reverse("leerlingen:import_start"),
        {"school": school_c.pk, "bestand": upload("x.csv", csv_bytes([MAGISTER_HEADERS, pupil_row("1", bsns[0])]))},
    )
    assert Leerlingimport.objects.get().school == school_c
    # A foreign school cannot be chosen.
    response = client.post(
        reverse("leerlingen:import_start"), {"school": world["school_b"].pk, "bestand": upload("x.csv", b"a;b\n1;2\n")}
    )
    assert response.status_code == 400 and Leerlingimport.objects.count() == 1


def test_write_progress_is_reported_through_the_cache(world, bsns):
    imp = Leerlingimport.objects.create(
        schooljaar=world["schooljaar"],
        school=world["school_a"],
        bestandsnaam="x.csv",
        formaat="csv",
        kolommen=MAGISTER_HEADERS,
        totaal=250,
    )
    rows = [MAGISTER_HEADERS] + [
        [
            str(30000 + i),
            "Sam",
            "",
            f"N{i}",
            "17-05-2010",
            f.next_bsn(),
            "4A",
            "BB",
            "",
            "",
            "",
            "",
            world["gem_a"].cbs_code,
            "",
        ]
        for i in range(250)
    ]
    records = controleer(
        rows,
        raad_koppeling(MAGISTER_HEADERS),
        school=world["school_a"],
        schooljaar=world["schooljaar"],
        today=__import__("datetime").date(2027, 1, 10),
    ).records
    seen = []

    def voortgang(n):
        imp.opslaan_voortgang_zetten(n)
        seen.append(imp.opslaan_voortgang)

    services.leerlingen_import(leerlingimport=imp, records=records, user=world["decaan"], voortgang=voortgang)
    assert seen == [40, 80]
    imp.opslaan_voortgang_zetten(None)
    assert imp.opslaan_voortgang is None


def test_old_uploads_are_cleaned_up(world, bsns, pupil_row):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from leerlingen import tasks

    imp = Leerlingimport(
        schooljaar=world["schooljaar"],
        school=world["school_a"],
        bestandsnaam="x.csv",
        formaat="csv",
        kolommen=MAGISTER_HEADERS,
        status=ImportStatus.GECONTROLEERD,
        voorbeeld=[{"naam": "Sam Jansen"}],
    )
    imp.bestand.save("x.csv", ContentFile(csv_bytes([MAGISTER_HEADERS, pupil_row("1", bsns[0])])))
    path = imp.bestand.path
    assert tasks.leerlingimport_opruimen() == 0  # recent: kept
    Leerlingimport.objects.filter(pk=imp.pk).update(gewijzigd=timezone.now() - datetime.timedelta(days=8))
    assert tasks.leerlingimport_opruimen() == 1
    imp.refresh_from_db()
    assert not imp.bestand and imp.voorbeeld == [] and not __import__("os").path.exists(path)
    assert tasks.leerlingimport_opruimen() == 0  # idempotent


def test_broker_down_sends_the_import_back_a_step_with_a_message(world, client, settings, monkeypatch, bsns, pupil_row):
    from kombu.exceptions import OperationalError

    from leerlingen import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    settings.VOROC_IMPORT_SYNC_MAX = 0
    monkeypatch.setattr(tasks.leerlingimport_controleren, "delay_on_commit", down)
    client.force_login(world["decaan"])
    _start(client, csv_bytes([MAGISTER_HEADERS, pupil_row("9001", bsns[0])]))
    imp = Leerlingimport.objects.get()
    response = _koppelen(client, imp)
    assert response["Location"] == reverse("leerlingen:import_koppelen", kwargs={"pk": imp.pk})
    imp.refresh_from_db()
    assert imp.status == ImportStatus.KOPPELEN
    body = client.get(response["Location"]).content.decode()
    assert "De verwerking kon nu niet gestart worden" in body


def _records(world, rows):
    return controleer(
        [MAGISTER_HEADERS, *rows],
        raad_koppeling(MAGISTER_HEADERS),
        school=world["school_a"],
        schooljaar=world["schooljaar"],
        today=__import__("datetime").date(2027, 1, 10),
    ).records


def _import(world, records):
    imp = Leerlingimport.objects.create(
        schooljaar=world["schooljaar"],
        school=world["school_a"],
        bestandsnaam="x.csv",
        formaat="csv",
        kolommen=MAGISTER_HEADERS,
    )
    return services.leerlingen_import(leerlingimport=imp, records=records, user=world["decaan"])


def test_the_bulk_write_audits_each_pupil_as_a_save_would(world, pupil_row):
    """Rows written in bulk send no save signals: the import writes their audit entries itself,
    with the decaan who confirmed as actor, the name and BSN masked, only changed fields on an update."""
    from auditlog.models import LogEntry

    bsn_1, bsn_2 = f.next_bsn(), f.next_bsn()
    _import(world, _records(world, [pupil_row("9101", bsn_1, achternaam="Bakker"), pupil_row("9102", bsn_2)]))
    nieuw = Leerling.objects.get(leerlingnummer="9101")
    created = LogEntry.objects.get_for_object(nieuw).get(action=LogEntry.Action.CREATE)
    assert created.actor == world["decaan"]
    assert created.object_repr == f"leerling {nieuw.pk}"
    assert created.changes_dict["leerlingnummer"] == ["None", "9101"]
    assert "Bakker" not in created.changes and bsn_1 not in created.changes
    assert created.changes_dict["achternaam"][1] == "[afgeschermd]"

    telling = _import(
        world, _records(world, [pupil_row("9101", bsn_1, achternaam="Bakker", klas="4C"), pupil_row("9102", bsn_2)])
    )
    assert telling == {"nieuw": 0, "bijgewerkt": 1, "ongewijzigd": 1}
    updated = LogEntry.objects.get_for_object(nieuw).get(action=LogEntry.Action.UPDATE)
    assert updated.changes_dict == {"klas": ["4B", "4C"]}
    assert updated.actor == world["decaan"]
    assert not LogEntry.objects.get_for_object(Leerling.objects.get(leerlingnummer="9102")).filter(
        action=LogEntry.Action.UPDATE
    )
    # The timeline events are audited too, and each pupil has one per change.
    assert nieuw.terugkoppelingen.filter(soort=Soort.LEERLING).count() == 2
    assert (
        LogEntry.objects.filter(
            content_type__model="terugkoppeling", action=LogEntry.Action.CREATE, actor=world["decaan"]
        ).count()
        >= 3
    )


@pytest.mark.postgresql
def test_the_import_writes_in_a_fixed_number_of_statements(world, pupil_row):
    """Ten times the rows, the same statements: the write is in bulk, not a few statements per row.
    (PostgreSQL: SQLite caps the parameters of one statement, so its batches are smaller.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    # The first import also fills the content-type cache: measure from the second on.
    for start, n in ((9100, 2), (9200, 20), (9300, 200)):
        records = _records(world, [pupil_row(str(start + i), f.next_bsn()) for i in range(n)])
        with CaptureQueriesContext(connection) as ctx:
            assert _import(world, records)["nieuw"] == n
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2], counts
    assert counts[1] < 15
