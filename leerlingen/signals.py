"""Hooks: steps in a pupil's file that apps above leerlingen react to, without leerlingen
importing them. A hook is sent inside the sender's transaction, so a receiver's writes belong to
the same step and a receiver's DomainError undoes it all. Receivers are connected in the
receiving app's AppConfig.ready; docs/architecture.md lists every hook with its receivers.
"""

from django.dispatch import Signal

# Sent by leerling_verhuizen after the new home municipality is saved.
# kwargs: leerling, van_gemeente, naar_gemeente, user, datum.
# Received by rmc (the move is noted for both municipalities).
leerling_verhuisd = Signal()

# Sent by diploma_resultaat_record when the recorded result is a fail. kwargs: leerling, user.
# Received by aanmelding (a conditional placement gets a terugkoppeling for the mbo).
diploma_gezakt = Signal()

# Sent by elders_record before the destination is saved. kwargs: leerling, user,
# aanmeldingen_intrekken (the user confirmed that live applications are withdrawn).
# Received by aanmelding: it refuses (DomainError) while the pupil has a live application,
# unless the user confirmed; then it withdraws them in the same step.
elders_vastgelegd = Signal()
