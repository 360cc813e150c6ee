import datetime as dt

from placements import rules
from placements.models import ChecklistKind


def test_add_working_days_skips_weekends():
    assert rules.add_working_days(dt.date(2020, 8, 21), 3) == dt.date(2020, 8, 26)
    assert rules.add_working_days(dt.date(2020, 8, 24), 3) == dt.date(2020, 8, 27)
    assert rules.add_working_days(dt.date(2020, 8, 22), 1) == dt.date(2020, 8, 24)


def test_vog_needed_within_validity():
    needed, why = rules.vog_needed(
        start_date=dt.date(2021, 9, 1), previous_vog_on=dt.date(2020, 9, 2), valid_days=365
    )
    assert not needed and "geen nieuwe VOG" in why
    needed, _ = rules.vog_needed(
        start_date=dt.date(2021, 9, 3), previous_vog_on=dt.date(2020, 9, 2), valid_days=365
    )
    assert needed


def _plan(**overrides):
    kwargs = dict(
        registered_on=dt.date(2020, 8, 21),
        start_date=dt.date(2020, 9, 1),
        level="VT2",
        is_first_year=False,
        is_final=False,
        is_taster=False,
        needs_vog=True,
        reply_working_days=3,
        preparation_days=7,
    )
    kwargs.update(overrides)
    return {item.kind: item for item in rules.checklist_plan(**kwargs)}


def test_checklist_plan_follows_the_intake_rules():
    plan = _plan()
    assert plan[ChecklistKind.ICT].due_date == dt.date(2020, 8, 25)
    assert ChecklistKind.INTERVIEW in plan
    first_year = _plan(level="VT1", is_first_year=True, is_taster=True, needs_vog=False)
    assert ChecklistKind.INTERVIEW not in first_year
    assert ChecklistKind.ICT not in first_year
    assert ChecklistKind.VOG not in first_year
    assert ChecklistKind.STIPEND_FORM in _plan(is_final=True)


def test_preparation_is_never_due_before_registration():
    plan = _plan(registered_on=dt.date(2020, 8, 31))
    assert plan[ChecklistKind.ICT].due_date == dt.date(2020, 8, 31)


def test_wpb_warnings():
    assert (
        rules.wpb_warnings(
            qualification_grade=1, started_at_school=2015, year_start=2020, min_years=1
        )
        == []
    )
    warnings = rules.wpb_warnings(
        qualification_grade=None, started_at_school=2020, year_start=2020, min_years=1
    )
    assert len(warnings) == 2
