"""The per-student list for the subsidy application (issue #25): who counts, by the year's
funding rule, each student once; the demo's 2020-2021 list counts the report's 199."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilitation.params import PolicyParams
from facilitation.rules import FundingFact, funding_count, funding_status
from tests.logins import client_for

POLICY_2021 = PolicyParams()


def fact(**values):
    return FundingFact(**({"student_id": 1, "is_partner": True, "registered": True} | values))


def test_worked_examples():
    assert funding_status([fact()], POLICY_2021) == (True, "")
    assert funding_status([fact(registered=False)], POLICY_2021) == (
        False,
        "niet geregistreerd bij het instituut",
    )
    assert funding_status([fact(is_partner=False)], POLICY_2021) == (
        False,
        "geen partnerinstituut",
    )
    # Switched school, registered only at the second: counts once.
    switched = [fact(registered=False), fact()]
    assert funding_status(switched, POLICY_2021) == (True, "")
    assert funding_count(switched, POLICY_2021).count == 1


@pytest.mark.django_db
def test_the_projectleider_downloads_the_seed_year_s_list(demo):
    response = client_for("projectleider@demo.bos.example").get(
        reverse("reports:subsidy_list", args=["2020-2021"])
    )
    assert response.status_code == 200
    assert 'filename="subsidielijst-2020-2021.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("Telt mee: 199 van ")
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert sum(1 for row in rows if row[0] == "ja") == 199
    ids = [(row[1], row[2], row[3]) for row in rows]
    assert len(ids) == len(set(ids))  # every student once
    assert {row[8] for row in rows if row[0] == "nee"} <= {
        "niet geregistreerd bij het instituut",
        "geen partnerinstituut",
        "niet geregistreerd bij het instituut, geen partnerinstituut",
        "geen partnerinstituut, niet geregistreerd bij het instituut",
    }
