import pytest
from django.test import TransactionTestCase

from bos.models import SchoolYear
from demo.loader import load_demo
from tests.logins import open_sessions
from tests.matrix import ROLE_EMAILS
from tests.snapshot import DEMO_SNAPSHOT


def _demo_loaded() -> bool:
    return SchoolYear.objects.filter(name="2020-2021", placements__isnull=False).exists()


def pytest_xdist_make_scheduler(config, log):
    """`-n N` hands out tests one at a time, keeping groups that share a per-process walk in
    one process (tests/scheduling.py)."""
    if config.getvalue("dist") != "load":
        return None
    from tests.scheduling import GroupedLoadScheduling

    return GroupedLoadScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Long tests first (tests/scheduling.py); a stable sort keeps the rest in their order."""
    from tests.scheduling import run_order

    items.sort(
        key=lambda item: run_order(item.nodeid, item.get_closest_marker("browser") is not None)
    )


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The demo year, loaded once into the test database and shared by the tests that read
    it. Tests that write use their own factories inside a rolled-back transaction."""
    with django_db_blocker.unblock():
        context = load_demo()
        # Sessions for the matrix's logins, part of the snapshot (tests/logins.py).
        open_sessions([email for email in ROLE_EMAILS.values() if email])
        DEMO_SNAPSHOT.take()
        return context


@pytest.fixture
def demo(demo_db, db, django_db_blocker):
    # A transactional (live-server) test puts the demo's copy back when it ends (below); a
    # test that emptied the database some other way gets the demo loaded again.
    if not _demo_loaded():
        return load_demo()
    return demo_db


_flush = TransactionTestCase._fixture_teardown


def _restore_demo_instead_of_flush(self: TransactionTestCase) -> None:
    """After a transactional test, put the loaded demo back instead of emptying the database:
    the next test finds the same committed data as every test before it."""
    if not DEMO_SNAPSHOT.restore():
        _flush(self)


TransactionTestCase._fixture_teardown = _restore_demo_instead_of_flush


@pytest.fixture(autouse=True)
def _fresh_partnership_cache():
    """The partnership's identity is cached; a test's rolled-back row must not outlive it."""
    from django.core.cache import cache

    from bos.partnership import CACHE_KEY

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A running site has the partnership's identity in its cache: warm it before a test
    with a database runs, so a query count measures the page, not the first cache miss."""
    uses_db = {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    if uses_db or item.get_closest_marker("django_db"):
        from bos.partnership import current

        current()
    return (yield)


# What a PDF download answers when its layout is skipped: the bytes a PDF starts with.
PDF_STAND_IN = b"%PDF-1.7\n% layout skipped in this test\n"


@pytest.fixture
def pdf_layout_skipped(monkeypatch):
    """For tests that ask only who may download a PDF (the permission matrices): the page is
    still read, its template rendered and its HTML parsed by WeasyPrint, but the layout into
    pages, a second or two for a year's planning, is skipped. What the PDFs hold is proven by
    their own tests (tests/planning/test_views.py, tests/reports/test_pdf.py and others)."""
    from weasyprint import HTML

    def write_pdf(self, *args, **kwargs) -> bytes:
        return PDF_STAND_IN

    monkeypatch.setattr(HTML, "write_pdf", write_pdf)


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """A real OpenID Connect provider (tests/oidc_provider/) in its own process on a loopback
    port, one per test session, whose clients send their users back to the live server."""
    from tests.oidc_provider.process import running_provider

    with running_provider(live_server.url, tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider


@pytest.fixture
def sso_via_oidc_provider(oidc_provider, settings):
    """The app signs in through the test provider, configured as the product configures its
    providers: items of the SSO_PROVIDERS setting."""
    import json

    from bos.settings.base import _sso_apps

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": _sso_apps(json.dumps(oidc_provider.sso_providers())),
        }
    }
    return oidc_provider
