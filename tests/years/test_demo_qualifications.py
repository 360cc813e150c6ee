"""The demo records fictitious qualifications (BRLO, assessor training, WPB course) for most
SOs, IOs and WPBs and leaves a few without, so the opleidingsteams' flags show something
realistic (issue #25)."""

import datetime as dt

from bos.models import Qualification, Role, RoleAssignment


def test_the_demo_records_qualifications_and_leaves_some_out(demo):
    counts = {
        kind: Qualification.objects.filter(kind=kind).count()
        for kind in ("brlo", "assessor", "wpb_course")
    }
    assert all(count > 0 for count in counts.values()), counts
    for role, kind in ((Role.SO, "brlo"), (Role.IO, "assessor"), (Role.WPB, "wpb_course")):
        holders = set(RoleAssignment.objects.filter(role=role).values_list("person_id", flat=True))
        qualified = set(
            Qualification.objects.filter(kind=kind, person_id__in=holders).values_list(
                "person_id", flat=True
            )
        )
        # Most hold it, a few do not: the flags show something realistic.
        assert len(holders) / 2 < len(qualified) < len(holders), role
        assert Qualification.objects.filter(obtained_on__gt=dt.date.today()).count() == 0
