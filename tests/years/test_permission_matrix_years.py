"""The permission matrix across school years: every URL × role × year, in a year where the
demo logins hold a role (the closed 2020-2021 and the running year) and in one where
they hold none (the year after the running year), chosen with `?jaar=`.

With a role, what a role may do does not depend on the year: a 401, 403, 405 or the login
redirect stays exactly that; where the base matrix allows the page, the year may still
narrow it (an object of another year is a 404, a write to the closed year is refused with a
message or a 409), but never with a 403 or a server error. Without a role, every page is a
404 for everyone but the projectleider and the admin, who see every year (and never get a
server error)."""

import pytest
from django.urls import reverse

from tests.demo_years import NEXT_YEAR
from tests.logins import client_for
from tests.matrix import MATRIX, ROLE_EMAILS, ROLES
from tests.matrix_run import for_every_role

# Only the status matters here: a PDF's layout is skipped (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_layout_skipped")]

# The running year is every demo login's default year, so tests/bos/test_permission_matrix.py
# already covers it; here the closed year is chosen explicitly.
YEARS_WITH_ROLE = ("2020-2021",)
YEAR_WITHOUT_ROLE = NEXT_YEAR
SEE_EVERY_YEAR = {"projectleider", "admin"}
NARROWED = {200, 302, 400, 404, 409}

CASES = [(name, index) for name, cases in MATRIX.items() for index, _ in enumerate(cases)]


def _request(case, url: str, role: str, year: str):
    client = client_for(ROLE_EMAILS[role])
    if case.method == "get":
        # A GET's data is its query string: the year under test replaces any in the case.
        return client.get(url, {**case.data, "jaar": year})
    return getattr(client, case.method)(f"{url}?jaar={year}", case.data)


def _with_a_role(case, url: str, role: str, year: str) -> None:
    response = _request(case, url, role, year)
    expected = case.expected[role]
    where = f"{case.method.upper()} {url}?jaar={year}: {response.status_code}"
    # 401: the institutes' API answers a session without a key the same in every year.
    if expected in (401, 403, 405) or role == "anonymous":
        assert response.status_code == expected, f"{where}, expected {expected}"
    else:
        assert response.status_code in NARROWED, f"{where}, expected one of {sorted(NARROWED)}"


def _without_a_role(case, url: str, role: str) -> None:
    response = _request(case, url, role, YEAR_WITHOUT_ROLE)
    where = f"{case.method.upper()} {url}?jaar={YEAR_WITHOUT_ROLE}: {response.status_code}"
    if role == "anonymous":
        assert response.status_code == case.expected[role], where
    elif role in SEE_EVERY_YEAR:
        assert response.status_code < 500, where
    else:
        assert response.status_code == 404, f"{where}, expected 404"


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_role_in_another_year(demo, name, index):
    """Every role asks the case's URL in each year with a role and in the year without
    (tests/matrix_run.py: one test per row, one savepoint per role and year)."""
    case = MATRIX[name][index]
    url = reverse(name, kwargs=case.kwargs() if case.kwargs else None)

    def check(asked: str) -> None:
        role, year = asked.split("@")
        if year == YEAR_WITHOUT_ROLE:
            _without_a_role(case, url, role)
        else:
            _with_a_role(case, url, role, year)

    asked = [f"{role}@{year}" for year in (*YEARS_WITH_ROLE, YEAR_WITHOUT_ROLE) for role in ROLES]
    for_every_role(asked, check, row=f"{name} [{index}]")
