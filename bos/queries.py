"""Query building blocks shared by the apps.

Counting several relations of one row in one query (`Count("a", distinct=True),
Count("b", distinct=True)`) joins both relations at once, so the database reads a × b rows
per row before DISTINCT throws the copies away: with a few thousand invitations and
assignments per afternoon that is millions of rows. `count_of` counts one relation in its own
correlated subquery, so each count reads only its own rows and the cost stays linear.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_of(model: type[models.Model], link: str, **filters: Any) -> Coalesce:
    """The number of `model` rows whose `link` points at the outer row, filtered by
    `filters`; 0 when there are none."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


def average_of(model: type[models.Model], link: str, field: str, **filters: Any) -> Subquery:
    """The mean of `field` over the `model` rows whose `link` points at the outer row; None
    when there are none."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(mean=Avg(field))
        .values("mean")
    )
    return Subquery(rows, output_field=models.FloatField())


class DaysBetween(models.Func):
    """The whole days from `earlier` to `later`, two date expressions, in the database.

    PostgreSQL subtracts dates into a number of days. SQLite has no date type and no
    interval: the difference of the Julian day numbers is the same count. (Django's own
    date subtraction gives a duration, which SQLite cannot multiply or compare with an
    interval computed in the query.)"""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, later: Any, earlier: Any) -> None:
        super().__init__(later, earlier)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )
