from django.utils import timezone

from induction.models import BuildingBlockStatus, Starter
from placements.models import Conversation, DevelopmentSignal, PlaceOffer, Proposal, Reservation
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR


def test_the_demo_has_next_year_matching_conversations_and_starters(demo):
    # Matching happens in the running year, for places in the year after it.
    offered = PlaceOffer.objects.filter(school_year__name=NEXT_YEAR)
    assert offered.count() == 4
    assert set(offered.values_list("location__name", flat=True)) == {"Beatrix College"}
    assert set(Proposal.objects.values_list("school_year__name", flat=True)) == {NEXT_YEAR}
    states = set(Proposal.objects.values_list("status", flat=True))
    assert {"proposed", "applied", "meeting", "declined"} <= states
    mine = Proposal.objects.get(student__user__email="student@demo.bos.example")
    assert mine.status == "proposed"
    applied = Proposal.objects.filter(status="applied").first()
    assert applied.documents.count() == 2
    assert Reservation.objects.filter(school_year__name=NEXT_YEAR).count() == 2
    talks = Conversation.objects.filter(placement__school_year__name=RUNNING_YEAR)
    assert talks.count() == Conversation.objects.count()
    kinds = set(talks.values_list("kind", flat=True))
    assert {"acquaintance", "intake", "progress"} <= kinds
    # Held conversations lie before the day the demo was loaded; the mid-term evaluation and
    # the final conversation are held once their day has come.
    assert not talks.filter(held_on__gt=timezone.localdate()).exists()
    assert DevelopmentSignal.objects.count() == 1
    # Three starters at Beatrix College in the seed year, three in the running year.
    seed = Starter.objects.filter(school_year__name="2020-2021")
    assert seed.filter(location__name="Beatrix College").count() == 3
    assert (
        Starter.objects.filter(
            school_year__name=RUNNING_YEAR, location__name="Beatrix College"
        ).count()
        == 3
    )
    assert Starter.objects.filter(kind="former_student").count() == 2
    assert BuildingBlockStatus.objects.filter(location__name="Beatrix College").count() == 11
