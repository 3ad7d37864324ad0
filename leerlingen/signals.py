"""Signals other apps can hook into (e.g. the notifications app sends e-mail)."""

from django.dispatch import Signal

# Sent after commit when a pupil with a conditional placement (voorwaardelijk_geplaatst)
# fails the exam. kwargs: leerling, aanmelding, user. The timeline event on the application
# has been recorded already; receivers add their own notification (e-mail to the mbo).
diploma_gezakt_bij_voorwaardelijke_plaatsing = Signal()
