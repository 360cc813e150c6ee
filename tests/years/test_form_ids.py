"""An id beyond any database integer in a submitted choice is a Dutch form error, not a 500."""

import pytest

from bos.models import SchoolLocation
from years.forms_organisation import RoleForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9" * 30, "-1", "abc"])
def test_huge_or_bad_ids_in_choices_are_form_errors(value):
    form = RoleForm(
        data={"role": "so", "locations": [value], "institute": value, "board": value},
        member_locations=SchoolLocation.objects.all(),
    )
    assert not form.is_valid()
    assert "locations" in form.errors and "institute" in form.errors
