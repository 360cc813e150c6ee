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

# Only the status matters here: a PDF's layout is skipped (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_layout_skipped")]

# The running year is every demo login's default year, so tests/bos/test_permission_matrix.py
# already covers it; here the closed year is chosen explicitly.
YEARS_WITH_ROLE = ("2020-2021",)
YEAR_WITHOUT_ROLE = NEXT_YEAR
SEE_EVERY_YEAR = {"projectleider", "admin"}
NARROWED = {200, 302, 400, 404, 409}

CASES = [
    (name, index, role)
    for name, cases in MATRIX.items()
    for index, _ in enumerate(cases)
    for role in ROLES
]


def _request(name: str, index: int, role: str, year: str):
    case = MATRIX[name][index]
    client = client_for(ROLE_EMAILS[role])
    url = reverse(name, kwargs=case.kwargs() if case.kwargs else None)
    if case.method == "get":
        # A GET's data is its query string: the year under test replaces any in the case.
        response = client.get(url, {**case.data, "jaar": year})
    else:
        response = getattr(client, case.method)(f"{url}?jaar={year}", case.data)
    return case, url, response


@pytest.mark.parametrize("year", YEARS_WITH_ROLE)
@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_with_a_role_in_the_year(demo, name, index, role, year):
    case, url, response = _request(name, index, role, year)
    expected = case.expected[role]
    where = f"{role} {case.method.upper()} {url}?jaar={year}"
    # 401: the institutes' API answers a session without a key the same in every year.
    if expected in (401, 403, 405) or role == "anonymous":
        assert response.status_code == expected, where
    else:
        assert response.status_code in NARROWED, where


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_without_a_role_in_the_year(demo, name, index, role):
    case, url, response = _request(name, index, role, YEAR_WITHOUT_ROLE)
    where = f"{role} {case.method.upper()} {url}?jaar={YEAR_WITHOUT_ROLE}"
    if role == "anonymous":
        assert response.status_code == case.expected[role], where
    elif role in SEE_EVERY_YEAR:
        assert response.status_code < 500, where
    else:
        assert response.status_code == 404, where
