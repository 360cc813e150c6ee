"""Demo data for figure 3: the verdiepingsmiddagen of 2020-2021."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.demo.organisation import read_csv

from .models import DeepeningAfternoon, MeetingMode

# The report describes its audiences in Dutch; the CSV keeps short English descriptions.
AUDIENCES = {
    "FLOT first-years": "Eerstejaars FLOT",
    "HR first-years and ESoE minors": "Eerstejaars HR en minorstudenten ESoE",
}


def load(ctx: DemoContext) -> None:
    for row in read_csv("verdiepingsmiddagen_2020_2021.csv"):
        DeepeningAfternoon.objects.update_or_create(
            school_year=ctx.year,
            number=int(row["afternoon"]),
            date=dt.date.fromisoformat(row["date"]),
            audience=AUDIENCES.get(row["audience"], row["audience"]),
            defaults={
                "themes": row["themes"],
                "mode": MeetingMode.ONLINE if row["mode"] == "online" else MeetingMode.ON_SITE,
            },
        )
