"""A decaan sees feedback from the mbo as an unread notification in the header, opens it, goes
to the pupil, marks everything read and chooses the daily digest."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_decaan_reads_a_notification_and_sets_the_mail_preference(world, live_server, login):
    from aanmelding.services import aanmelding_status_update

    # A real commit: the notification is written after it (transaction=True test).
    aanmelding_status_update(
        aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"], bericht="Ontvangen, we bellen."
    )
    leerling = world["leerling_a"]
    page = login(world["decaan"])
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Notificaties 1 ongelezen")).to_be_visible()
    header.get_by_role("link", name="Notificaties 1 ongelezen").click()
    expect(page.get_by_role("heading", name="Notificaties", exact=True)).to_be_visible()
    page.get_by_role("link", name="Terugkoppeling op een aanmelding: in behandeling").click()
    expect(page.get_by_text("Ontvangen, we bellen.")).to_be_visible()
    expect(page.get_by_role("link", name=leerling.volledige_naam)).to_be_visible()
    page.get_by_role("button", name="Markeer als gelezen").click()
    expect(page.get_by_text("Notificatie gemarkeerd als gelezen.")).to_be_visible()
    expect(header.get_by_role("link", name="Notificaties", exact=True)).to_be_visible()

    page.get_by_role("link", name="E-mailvoorkeur").click()
    page.get_by_label("één dagelijks overzicht per e-mail").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw voorkeur is opgeslagen.")).to_be_visible()
    expect(page.get_by_label("één dagelijks overzicht per e-mail")).to_be_checked()


def test_consulent_handles_a_drop_back_for_the_team(world, live_server, login):
    """A rejection reaches the municipality's team once; marking all read leaves it under "Af te
    handelen"; one consulent handles it and a colleague sees who did."""
    from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
    from tests import factories as f

    collega = f.user_with_role("consulent", world["gem_a"])
    aanmelding_status_update(aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"])
    plaatsingsbesluit_record(
        aanmelding=world["aanmelding_a"], uitkomst="afgewezen", reden="vooropleiding", user=world["intaker"]
    )
    page = login(world["consulent"])
    page.get_by_role("banner").get_by_role("link", name="Notificaties").click()
    te_doen = page.get_by_role("region", name="Af te handelen")
    expect(te_doen.get_by_text("Terugval", exact=True)).to_be_visible()
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(page.get_by_text("notificatie(s) gemarkeerd als gelezen")).to_be_visible()
    expect(te_doen.get_by_role("button", name="Afgehandeld")).to_be_visible()
    te_doen.get_by_role("button", name="Afgehandeld").click()
    expect(page.get_by_text("Notificatie gemarkeerd als afgehandeld.")).to_be_visible()
    expect(page.get_by_text("Er zijn geen terugvallen af te handelen.")).to_be_visible()

    page.context.clear_cookies()
    page = login(collega)
    page.get_by_role("banner").get_by_role("link", name="Notificaties").click()
    expect(page.get_by_text("Er zijn geen terugvallen af te handelen.")).to_be_visible()
    expect(page.get_by_text(f"door {world['consulent'].naam}")).to_be_visible()
