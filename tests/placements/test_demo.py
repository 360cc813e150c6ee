from demo.loader import load_demo
from placements.models import ChecklistItem, Placement, PlaceOffer


def _snapshot():
    return (
        ChecklistItem.objects.count(),
        ChecklistItem.objects.filter(done_at__isnull=True).count(),
        sorted(PlaceOffer.objects.values_list("pk", "places", "first_year_reserved")),
    )


def test_demo_checklists_and_offers_load_idempotently(demo):
    before = _snapshot()
    # Every demo placement has a checklist; some items are left open for the dashboard.
    assert not Placement.objects.filter(checklist__isnull=True).exists()
    assert before[1] > 0
    load_demo()
    assert _snapshot() == before
