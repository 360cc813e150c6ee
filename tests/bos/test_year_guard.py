"""The one guard for closed years (bos.yearbound): every way a row of a closed year can be
written is refused with the Dutch message, whoever writes it, and nothing changes."""

import datetime as dt

import pytest
from django.core import serializers
from django.core.checks import Error
from django.db import models, transaction
from django.test.utils import isolate_apps
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bos import yearbound
from bos.models import SchoolYear
from bos.yearbound import YearBound, YearClosed, check_year_paths, closed_year_writes
from intervision.models import IntervisionGroup, Meeting
from placements.models import ChecklistItem, Placement
from tests.factories import PersonFactory, PlacementFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    """A year that will be closed and an open one, of their own (the demo may hold others)."""
    closing = SchoolYearFactory(
        name="2040-2041", start_date=dt.date(2040, 8, 1), end_date=dt.date(2041, 7, 31)
    )
    open_year = SchoolYearFactory(
        name="2041-2042", start_date=dt.date(2041, 8, 1), end_date=dt.date(2042, 7, 31)
    )
    return closing, open_year


def _close(year: SchoolYear) -> None:
    SchoolYear.objects.filter(pk=year.pk).update(closed_at=timezone.now())


def _group(year: SchoolYear, name: str = "Groep") -> IntervisionGroup:
    return IntervisionGroup.objects.create(school_year=year, name=name, band="1-2")


def _meeting(group: IntervisionGroup) -> Meeting:
    """An unsaved meeting, led by an SO."""
    return Meeting(
        group=group,
        starts_at=timezone.now(),
        place="Aula",
        leader_kind="so",
        leader=PersonFactory(),
    )


def _meeting_saved(group: IntervisionGroup) -> Meeting:
    meeting = _meeting(group)
    meeting.save()
    return meeting


def _refused(call) -> None:
    with pytest.raises(YearClosed) as info, transaction.atomic():
        call()
    assert "is afgesloten" in info.value.messages[0]


def test_create_save_and_delete_of_a_row_of_a_closed_year_are_refused(years):
    closing, _ = years
    group = _group(closing)
    meeting = _meeting_saved(group)
    _close(closing)
    _refused(lambda: _group(closing, "Nieuw"))
    _refused(lambda: _meeting_saved(group))  # the year is two steps away: meeting → group → year
    meeting.place = "Kantine"
    _refused(meeting.save)
    _refused(meeting.delete)
    _refused(group.delete)  # and with it the cascade
    meeting.refresh_from_db()
    assert meeting.place == "Aula"
    assert IntervisionGroup.objects.filter(school_year=closing).count() == 1


def test_query_writes_are_refused_in_one_go(years):
    closing, open_year = years
    group = _group(closing)
    _meeting_saved(group)
    other = _group(open_year, "Open")
    _close(closing)
    meetings = Meeting.objects.filter(group=group)
    _refused(lambda: meetings.update(place="Kantine"))
    _refused(lambda: meetings.delete())
    _refused(lambda: Meeting.objects.all().update(place="Overal"))  # one closed row is enough
    _refused(lambda: Meeting.objects.bulk_create([_meeting(group)]))
    meeting = meetings.get()
    meeting.place = "Kantine"
    _refused(lambda: Meeting.objects.bulk_update([meeting], ["place"]))
    assert Meeting.objects.get(pk=meeting.pk).place == "Aula"
    # The open year's rows are written as before.
    Meeting.objects.bulk_create([_meeting(other)])
    assert Meeting.objects.filter(group=other).update(place="Zaal 2") == 1


def test_a_row_is_not_moved_into_or_out_of_a_closed_year(years):
    closing, open_year = years
    inside = _group(closing, "Binnen")
    outside = _group(open_year, "Buiten")
    _close(closing)
    inside.school_year = open_year
    _refused(inside.save)
    outside.school_year = closing
    _refused(outside.save)
    _refused(lambda: IntervisionGroup.objects.filter(pk=outside.pk).update(school_year=closing))
    meeting = _meeting_saved(outside)
    _refused(lambda: Meeting.objects.filter(pk=meeting.pk).update(group=inside))
    assert IntervisionGroup.objects.get(pk=inside.pk).school_year == closing
    assert IntervisionGroup.objects.get(pk=outside.pk).school_year == open_year


def test_many_to_many_changes_are_refused_from_both_sides(years):
    closing, _ = years
    placement = PlacementFactory(school_year=closing)
    mentor = PersonFactory()
    _close(closing)
    _refused(lambda: placement.co_wpbs.add(mentor))
    _refused(lambda: mentor.placements_as_co_wpb.add(placement))
    _refused(lambda: placement.co_wpbs.clear())
    assert not placement.co_wpbs.exists()


def test_an_open_year_is_written_as_before(years):
    _, open_year = years
    group = _group(open_year)
    meeting = _meeting_saved(group)
    meeting.place = "Kantine"
    meeting.save()
    meeting.delete()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_year_closed_by_someone_else_a_moment_ago_is_refused(years):
    closing, _ = years
    group = _group(closing)
    _close(closing)  # the object in memory still thinks the year is open
    assert group.school_year.closed_at is None
    group.name = "Anders"
    _refused(group.save)


def test_a_named_duty_may_write_and_a_restored_backup_loads(years):
    closing, _ = years
    group = _group(closing)
    _close(closing)
    with closed_year_writes("bewaartermijn"):
        group.name = "Geanonimiseerd"
        group.save()
    assert IntervisionGroup.objects.get(pk=group.pk).name == "Geanonimiseerd"
    # Loading a fixture (a backup being restored) is not a change of the year's data.
    data = serializers.serialize("json", [group])
    pk = group.pk
    with closed_year_writes("test opruimen"):
        group.delete()
    for obj in serializers.deserialize("json", data):
        obj.save()
    assert IntervisionGroup.objects.filter(pk=pk).exists()
    with pytest.raises(ValueError), closed_year_writes(" "):
        pass


def test_checklist_and_placement_rows_follow_their_placement(years):
    closing, _ = years
    placement = PlacementFactory(school_year=closing)
    item = ChecklistItem.objects.create(
        placement=placement, kind="agreement", position=0, due_date=dt.date(2040, 9, 1)
    )
    _close(closing)
    item.done_at = timezone.now()
    _refused(item.save)
    _refused(lambda: Placement.objects.filter(pk=placement.pk).update(status="stopped"))


@given(st.lists(st.booleans(), min_size=1, max_size=4))
@settings(max_examples=15, deadline=None)
def test_an_update_over_several_years_passes_only_when_none_is_closed(closed_flags):
    with transaction.atomic():
        groups = []
        for index, closed in enumerate(closed_flags):
            start = 2050 + index
            year = SchoolYear.objects.create(
                name=f"{start}-{start + 1}",
                start_date=dt.date(start, 8, 1),
                end_date=dt.date(start + 1, 7, 31),
            )
            groups.append(_group(year))
            if closed:
                _close(year)
        rows = IntervisionGroup.objects.filter(pk__in=[group.pk for group in groups])
        if any(closed_flags):
            with pytest.raises(YearClosed):
                rows.update(name="Gewijzigd")
            assert not rows.filter(name="Gewijzigd").exists()
        else:
            assert rows.update(name="Gewijzigd") == len(groups)
        transaction.set_rollback(True)


def test_every_year_bound_model_has_a_path_that_ends_at_the_school_year():
    assert check_year_paths() == []
    bound = yearbound.year_bound_models()
    assert Meeting in bound and Placement in bound and len(bound) > 60


@isolate_apps("bos")
def test_a_new_model_that_reaches_a_year_without_saying_how_fails_the_check():
    class Forgotten(models.Model):  # noqa: DJ008
        school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE)

        class Meta:
            app_label = "bos"

    class Wrong(YearBound):
        year_path = "name"
        name = models.CharField(max_length=10)
        school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE)

        class Meta:
            app_label = "bos"

    class Exempt(models.Model):  # noqa: DJ008
        year_guard_exempt = "a log of reads"
        school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE)

        class Meta:
            app_label = "bos"

    errors = yearbound.check_models([Forgotten, Wrong, Exempt], project=lambda model: True)
    assert [error.id for error in errors] == ["bos.E010", "bos.E011"]
    assert all(isinstance(error, Error) for error in errors)
    assert "Forgotten" in errors[0].msg and "Wrong" in errors[1].msg
