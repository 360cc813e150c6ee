"""What the seed year's online-rights decision (december 2020, governance.demo) set in the
placement policy: the year's table of online rights, read from the policy itself."""

from __future__ import annotations

from bos.demo import DemoContext
from governance import demo as decisions
from governance.models import ChangeKind
from governance.services import Change

from ..models import PlacementPolicy
from ..selectors import online_rights_table

# Before december 2020 only fourth-years got teacher rights (the decision of 2 September 2020).
EARLIER_RULE = "docentrechten (groep 2) alleen voor vierdejaars"


def load(ctx: DemoContext) -> None:
    policy = PlacementPolicy.for_year(ctx.year)
    rows, source = online_rights_table(ctx.year)
    table = "; ".join(f"{row.covers_label}: {row.group.label}" for row in rows)
    label = PlacementPolicy._meta.get_field("online_rights_table").verbose_name
    decisions.record_once(
        decisions.seed_decision(ctx.year, decisions.ONLINE_RIGHTS),
        [
            Change(
                kind=ChangeKind.POLICY,
                label=f"Stagebeleid {ctx.year}: {label}",
                old_value=EARLIER_RULE,
                new_value=table,
                target=policy,
                field_name="online_rights_table",
            ),
            Change(
                kind=ChangeKind.POLICY,
                label=f"Stagebeleid {ctx.year}: besluit online rechten",
                new_value=source,
                target=policy,
                field_name="online_rights_source",
            ),
        ],
    )
