"""What the municipality's file does when a step elsewhere in the pupil's file concerns it."""

from .services import melding_create_niet_verschenen_unchecked, verhuizing_record_unchecked


def verhuizing_noteren(*, leerling, van_gemeente, naar_gemeente, user, datum=None, **kwargs) -> None:
    verhuizing_record_unchecked(
        leerling=leerling, van_gemeente=van_gemeente, naar_gemeente=naar_gemeente, user=user, datum=datum
    )


def niet_verschenen_melden(*, aanmelding, user, **kwargs) -> None:
    melding_create_niet_verschenen_unchecked(aanmelding=aanmelding, user=user)
