"""The load test tool itself: loopback only, bounded, and it reports errors."""

import pytest
from django.db import connection

from loadtest.run import main, percentile
from tests.bos.security_helpers import PASSWORD, staff_user


def test_only_a_local_server_may_be_loaded():
    with pytest.raises(SystemExit):
        main(["--base-url", "http://example.org", "--duration", "1"])
    with pytest.raises(SystemExit):
        main(["--base-url", "http://127.0.0.1:8000", "--users", "5000"])


def test_percentiles():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([], 0.95) == 0.0


@pytest.mark.django_db(transaction=True)
def test_a_short_run_against_the_live_server(live_server, capsys):
    user = staff_user()
    # The live server shares SQLite's in-memory test database over one connection, which
    # concurrent requests break; concurrency is exercised on PostgreSQL (CI).
    users = "1" if connection.vendor == "sqlite" else "3"
    args = ["--base-url", live_server.url, "--users", users, "--duration", "2"]
    args += ["--email", user.email, "--password", PASSWORD, "--paths", "/,/stages/"]
    assert main(args) == 0
    output = capsys.readouterr().out
    assert "aantallen voor en na gelijk" in output
    # A page the user may not open counts as an error.
    args[-1] = "/audit/"
    assert main(args) == 1
    assert "HTTP 403" in capsys.readouterr().out
