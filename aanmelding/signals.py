"""Hooks: steps of an application that apps above aanmelding react to (see leerlingen/signals.py
for how hooks work here)."""

from django.dispatch import Signal

# Sent when an application goes to niet_verschenen (the pupil did not turn up at the start).
# kwargs: aanmelding, user. Received by rmc (a no-show melding for the home municipality).
niet_verschenen = Signal()
