"""Which supervision agreement a placement follows: per institute × level, special groups
first, with a fallback to the level's agreement for every institute (bijlage 10, worked
examples from the seed; issue #25)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from placements import rules, supervision
from placements.models import Placement, SupervisionAgreement

# The seed's agreements as the demo holds them: one per level for every institute, FLOT's
# masters and the students with an appointment.
SEED = [*((("", level, "")) for level in rules.SUPERVISION_DEFAULTS),
        *rules.SUPERVISION_SPECIAL_DEFAULTS]  # fmt: skip


def lessons(key):
    if key in rules.SUPERVISION_SPECIAL_DEFAULTS:
        return rules.SUPERVISION_SPECIAL_DEFAULTS[key].min_lessons
    return rules.SUPERVISION_DEFAULTS[key[1]].min_lessons


@pytest.mark.parametrize(
    ("institute", "level", "employed", "key", "min_lessons"),
    [
        # ESoE P1: at least 4 lessons; P2 and master: 35.
        ("ESoE", "minor_P1", False, ("", "minor_P1", ""), 4),
        ("ESoE", "minor_P2", False, ("", "minor_P2", ""), 35),
        ("ESoE", "master", False, ("", "master", ""), 35),
        # FLOT's master differs: no separate master placement, no 35 lessons.
        ("FLOT", "master", False, ("FLOT", "master", ""), 0),
        # Another university's master follows ESoE's ("andere universitaire opleidingen").
        ("ILO", "master", False, ("", "master", ""), 35),
        ("FLOT", "VT1", False, ("", "VT1", ""), 0),
        # A student with an appointment, whatever the level or institute.
        ("FLOT", "VT3", True, ("", "", "employed"), 0),
        ("ESoE", "master", True, ("", "", "employed"), 0),
    ],
)
def test_worked_examples_from_the_seed(institute, level, employed, key, min_lessons):
    found, explanation = rules.supervision_agreement_key(
        SEED, institute=institute, level=level, employed=employed
    )
    assert found == key
    assert lessons(found) == min_lessons
    assert explanation.startswith("Afspraak voor")


def test_nothing_fits_says_so():
    assert rules.supervision_agreement_key([("FLOT", "master", "")], institute="ESoE",
                                           level="master") == (
        None, "Geen begeleidingsafspraak voor niveau master.")  # fmt: skip


@given(
    institute=st.sampled_from(["ESoE", "FLOT", "HR", "ILO"]),
    level=st.sampled_from(list(rules.SUPERVISION_DEFAULTS)),
    employed=st.booleans(),
)
def test_the_chosen_agreement_always_fits_the_placement(institute, level, employed):
    (own, lvl, group), _ = rules.supervision_agreement_key(
        SEED, institute=institute, level=level, employed=employed
    )
    assert own in ("", institute)
    assert lvl in ("", level)
    assert group in ("", "employed") and (employed or not group)


@pytest.mark.django_db
def test_a_flot_master_in_the_demo_no_longer_gets_esoe_s_master(demo):
    placement = (
        Placement.objects.filter(
            level="master", student__institute__short_name="FLOT", student__is_zij_instromer=False
        )
        .select_related("student__institute", "school_year")
        .first()
    )
    if placement is None:
        pytest.skip("The demo has no FLOT master placement.")
    agreement = supervision.agreement_for_placement(placement)
    assert agreement.institute.short_name == "FLOT"
    assert agreement.min_lessons == 0
    assert SupervisionAgreement.objects.filter(
        school_year=placement.school_year, institute__short_name="FLOT", level="master"
    ).exists()
