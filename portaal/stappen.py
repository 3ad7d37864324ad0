"""The pupil's next step in plain language (B1): the one thing to do or to expect now."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format

from aanmelding.status import POSITIEF, VERVALLEN, Status


def _dag(datum: datetime.date) -> str:
    return date_format(datum, "j F")


def volgende_stap(leerling, aanmeldingen, vandaag: datetime.date) -> str:
    """From the pupil's school year and sent applications (with intakes and decisions loaded)."""
    jaar = leerling.schooljaar
    levend = [a for a in aanmeldingen if a.status not in VERVALLEN]
    geplaatst = [a for a in levend if a.status in POSITIEF]
    if geplaatst:
        a = geplaatst[0]
        if a.status == Status.GESTART:
            return f"Je bent begonnen aan de opleiding {a.opleiding.naam}. Veel succes!"
        return f"Je bent geplaatst bij {a.opleiding.naam}. De opleiding begint op {_dag(a.opleiding.startdatum)}."
    for a in levend:
        intake = next((i for i in a.intakes.all() if i.gehad_op is None and i.datum >= vandaag), None)
        if intake is not None:
            return (
                f"Je intake voor {a.opleiding.naam} is op {_dag(intake.datum)} om {intake.tijd:%H:%M} "
                f"in {intake.plaats}."
            )
    if levend:
        return "Je aanmelding is binnen. De mbo-school laat weten wat de volgende stap is."
    if vandaag <= jaar.aanmelddeadline:
        return f"Meld je uiterlijk {_dag(jaar.aanmelddeadline)} aan bij een mbo-opleiding."
    return "Je bent nog niet aangemeld bij een mbo-opleiding. Meld je zo snel mogelijk aan. Je decaan helpt je."
