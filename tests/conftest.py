import pytest
from django.conf import settings as django_settings

from tests import factories as f


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL features; on SQLite they are deselected
    (not skipped): CI runs the suite on both, so they run there."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    selected = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With VOROC_TEST_AS_APP_ROLE=1 the suite logs in as the application role once the owner
    has made the test database (tests/dbroles.py); flushes after transactional tests and the
    final drop stay the owner's."""
    from django.test import testcases

    from tests import dbroles

    if not dbroles.app_role_mode():
        yield
        return
    flush = testcases.TransactionTestCase._fixture_teardown

    def flush_as_owner(self):
        dbroles.switch_to_owner()
        try:
            flush(self)
        finally:
            dbroles.switch_to_app_role()

    with django_db_blocker.unblock():
        dbroles.switch_to_app_role()
    testcases.TransactionTestCase._fixture_teardown = flush_as_owner
    yield
    testcases.TransactionTestCase._fixture_teardown = flush
    with django_db_blocker.unblock():
        dbroles.switch_to_owner()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from django.core.cache import cache

    cache.clear()  # counters kept in the cache (failed tokens, codes) start at zero in every test


@pytest.fixture
def schooljaar(db):
    return f.SchooljaarFactory()


@pytest.fixture
def world(db, schooljaar):
    return build_world(schooljaar)


def build_world(schooljaar):
    """Two of every organisation kind, a user of every role at the first ("own") one, and
    pupils/applications that belong to the own or the foreign side of each kind. The `world`
    fixture builds it per test; the permission matrix builds it once per module
    (tests/security/test_permission_matrix.py)."""
    gem_a, gem_b = f.GemeenteFactory(naam="'s-Gravenhage"), f.GemeenteFactory(naam="Delft")
    school_a, school_b = f.SchoolFactory(gemeente=gem_a), f.SchoolFactory(gemeente=gem_b)
    mbo_a, mbo_b = f.InstellingFactory(), f.InstellingFactory()
    from voroc.accounts.models import Organisatie

    desk = Organisatie.objects.create(soort="servicedesk", naam="Servicedesk")
    regio = Organisatie.objects.create(soort="regio", naam="RMC-regio Haaglanden", rmc_regio="Haaglanden")
    w = {
        "gem_a": gem_a,
        "gem_b": gem_b,
        "school_a": school_a,
        "school_b": school_b,
        "mbo_a": mbo_a,
        "mbo_b": mbo_b,
        "schooljaar": schooljaar,
        "decaan": f.user_with_role("decaan", school_a),
        "decaan_b": f.user_with_role("decaan", school_b),
        "mentor": f.user_with_role("mentor", school_a),
        "zorg": f.user_with_role("zorgcoordinator", school_a),
        "intaker": f.user_with_role("intaker", mbo_a),
        "intaker_b": f.user_with_role("intaker", mbo_b),
        "consulent": f.user_with_role("consulent", gem_a),
        "consulent_b": f.user_with_role("consulent", gem_b),
        "servicedesk": f.user_with_role("servicedesk", desk),
        "regio": regio,
        "monitor": f.user_with_role("monitor", regio),
    }
    w["opleiding_a"] = f.OpleidingFactory(instelling=mbo_a)
    w["opleiding_b"] = f.OpleidingFactory(instelling=mbo_b)
    # Pupil of school A, mentor group of the mentor, living in A, applied to mbo A.
    w["leerling_a"] = f.LeerlingFactory(school=school_a, mentor=w["mentor"], schooljaar=schooljaar)
    w["aanmelding_a"] = f.AanmeldingFactory(leerling=w["leerling_a"], opleiding=w["opleiding_a"])
    # Pupil of school B, living in B, applied to mbo B.
    w["leerling_b"] = f.LeerlingFactory(school=school_b, schooljaar=schooljaar)
    w["aanmelding_b"] = f.AanmeldingFactory(leerling=w["leerling_b"], opleiding=w["opleiding_b"])
    # Portal accounts of pupil A and of a parent of pupil A (app portaal).
    w["leerling"] = f.portaal_account(w["leerling_a"], relatie="leerling", email="leerling.a@example.nl")
    w["ouder"] = f.portaal_account(w["leerling_a"], relatie="ouder", email="ouder.a@example.nl")
    return w
