import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.interface_language import assert_labelled_and_dutch
from tests.logins import client_for
from tests.matrix import MATRIX, ROLE_EMAILS, ROLES
from tests.matrix_run import for_every_role

# Third-party URL sets with their own access control, tested where we configure them.
EXTERNAL_NAMESPACES = {"admin"}
EXTERNAL_MODULE_PREFIXES = ("allauth.",)


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                module = getattr(entry.urlconf_module, "__name__", "")
                if entry.namespace in EXTERNAL_NAMESPACES or module.startswith(
                    EXTERNAL_MODULE_PREFIXES
                ):
                    continue
                inner = entry.namespace or namespace
                if namespace and entry.namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URLs without a row in tests/matrix.py: {sorted(missing)}"
    stale = set(MATRIX) - project_url_names()
    assert not stale, f"Matrix rows for URLs that no longer exist: {sorted(stale)}"


def test_every_case_names_every_role():
    for name, cases in MATRIX.items():
        for case in cases:
            assert set(case.expected) == set(ROLES), name


CASES = [(name, index) for name, cases in MATRIX.items() for index, _ in enumerate(cases)]


# Who may download a PDF is the question here, not its layout (tests/conftest.py).
@pytest.mark.usefixtures("pdf_layout_skipped")
@pytest.mark.parametrize(("name", "index"), CASES)
def test_permission(demo, name, index):
    """Every role asks the case's URL (tests/matrix_run.py: one test per row, one savepoint
    per role)."""
    case = MATRIX[name][index]
    url = reverse(name, kwargs=case.kwargs() if case.kwargs else None)

    def check(role: str) -> None:
        client = client_for(ROLE_EMAILS[role])
        response = getattr(client, case.method)(url, case.data)
        expected = case.expected[role]
        assert response.status_code == expected, (
            f"{case.method.upper()} {url}: {response.status_code}, expected {expected}"
        )
        if expected == 302 and role == "anonymous":
            assert reverse("account_login") in response["Location"]
        if case.method == "get" and expected == 200 and role != "anonymous":
            # A page the role may open speaks Dutch and labels its fields
            # (tests/interface_language.py); checked on the page as it opens without a query.
            page = client.get(url) if case.data else response
            assert_labelled_and_dutch(page, f"{name} als {role}")

    for_every_role(ROLES, check, row=f"{name} [{index}]")
