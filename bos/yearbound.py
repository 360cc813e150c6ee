"""Rows that belong to one school year, and the one guard that keeps a closed year closed.

A partnership's data lives in school years. A model whose rows belong to one year inherits
`YearBound` and names the way to its year in `year_path` (`"school_year"`,
`"group__school_year"`, …). Then every way a row is written is checked against that year,
on the way to the database, so no service, import, task, htmx action or admin page has to
remember a call:

- `Model.save()` (and so `create`, `get_or_create`, `update_or_create`, the admin and every
  form): a `pre_save` handler refuses when the row's year, or the year it is moved out of, is
  closed;
- `Model.delete()` and cascades: a `pre_delete` handler, sent for every collected row;
- many-to-many changes: an `m2m_changed` handler, in both directions;
- `QuerySet.update()`, `delete()`, `bulk_create()` and `bulk_update()`: `YearBoundQuerySet`
  checks the affected years in one query.

The refusal is `YearClosed`, a ValidationError with the Dutch message, which forms
show like any other error and `years.middleware` turns into a page (409) or, for htmx, the
same message in place. A model that reaches a year but whose rows are not the year's data (a
log of reads, the year's history, a rendering of its report) says why in
`year_guard_exempt`; the system check `bos.E010` fails for a model that does neither.

A few writes to a closed year are not changes of its data but duties towards it: restoring a
backup (fixtures load with `raw=True` and are not checked), anonymising stipend data after
the retention period, re-encrypting with a new key, and (re)loading the demo. They run inside
`closed_year_writes(reason)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

# Why closed-year writes are allowed right now (None: they are not).
_allowed_because: ContextVar[str | None] = ContextVar("bos_closed_year_writes", default=None)


@contextmanager
def closed_year_writes(reason: str) -> Iterator[None]:
    """Allow writes to closed years inside the block, for a duty named in `reason`."""
    if not reason.strip():
        raise ValueError("Name the duty that writes to a closed year.")
    token = _allowed_because.set(reason)
    try:
        yield
    finally:
        _allowed_because.reset(token)


def closed_year_writes_allowed() -> bool:
    return _allowed_because.get() is not None


def _school_year_model() -> type[models.Model]:
    # By name: the models module builds on this one (YearBound), not the other way round.
    return django_apps.get_model("bos", "SchoolYear")


class YearClosed(ValidationError):
    """A write to a closed school year. A ValidationError, so forms and pages show the
    message like any other refusal and nothing is saved."""

    def __init__(self, year: Any) -> None:
        self.year = year
        super().__init__(closed_message(year), code="year_closed")


def closed_message(year: Any) -> str:
    when = ""
    if year.closed_at is not None:
        when = " op " + date_format(timezone.localtime(year.closed_at), "d-m-Y")
    return (
        f"Schooljaar {year.name} is afgesloten{when}: het beleid, de begroting, de "
        "realisatie en de stages van dat jaar kunnen niet meer worden gewijzigd. De "
        "projectleider kan het jaar heropenen (met een reden)."
    )


def _refuse(closed: models.Model | None) -> None:
    if closed is not None:
        raise YearClosed(closed)


def _closed_years() -> models.QuerySet:
    return _school_year_model().objects.filter(closed_at__isnull=False).order_by("start_date")


def year_path_of(model: type[models.Model]) -> str | None:
    return getattr(model, "year_path", None)


def _year_of_target(model: type[models.Model], field_name: str, value: Any) -> Q | None:
    """The condition for the year reached from `value`, the new target of the path's first
    relation (an instance or a primary key); None when it is not a plain value."""
    path = model.year_path.split("__")  # type: ignore[attr-defined]
    if path[0] != field_name:
        return None
    if isinstance(value, models.Model):
        value = value.pk
    if value is None or isinstance(value, models.expressions.Combinable):
        return None
    if len(path) == 1:
        return Q(pk=value)
    related = model._meta.get_field(path[0]).related_model
    rest = "__".join(path[1:])
    return Q(pk__in=related._base_manager.filter(pk=value).values(rest))


def _instance_year_condition(instance: models.Model) -> Q:
    """The condition for the year the instance is in now (in memory), without loading the
    chain of related rows: the first relation's key decides, the rest is a subquery."""
    model = type(instance)
    path = model.year_path.split("__")  # type: ignore[attr-defined]
    field = model._meta.get_field(path[0])
    key = getattr(instance, field.attname)
    if key is None:
        return Q(pk__in=[])
    if len(path) == 1:
        return Q(pk=key)
    rest = "__".join(path[1:])
    return Q(pk__in=field.related_model._base_manager.filter(pk=key).values(rest))


def check_instance(instance: models.Model, *, stored: bool) -> None:
    """Refuse a write of one row whose year (or, when `stored`, whose year in the database)
    is closed. One query."""
    if closed_year_writes_allowed():
        return
    model = type(instance)
    condition = _instance_year_condition(instance)
    if stored and instance.pk is not None:
        condition |= Q(
            pk__in=model._base_manager.filter(pk=instance.pk).values(model.year_path)  # type: ignore[attr-defined]
        )
    _refuse(_closed_years().filter(condition).first())


def check_queryset(queryset: models.QuerySet) -> None:
    """Refuse a write to rows of which any lies in a closed year. One query."""
    if closed_year_writes_allowed():
        return
    path = queryset.model.year_path
    rows = queryset.order_by().values(path)
    _refuse(_closed_years().filter(pk__in=rows).first())


def check_instances(model: type[models.Model], objs: Iterable[models.Model]) -> None:
    """Refuse a bulk write when any of the (unsaved or changed) rows lies in a closed year.
    One query, whatever the number of rows: the rows' first-relation keys go in one IN list."""
    if closed_year_writes_allowed():
        return
    path = model.year_path.split("__")  # type: ignore[attr-defined]
    field = model._meta.get_field(path[0])
    keys = {getattr(obj, field.attname) for obj in objs} - {None}
    if not keys:
        return
    if len(path) == 1:
        condition = Q(pk__in=keys)
    else:
        related = field.related_model._base_manager.filter(pk__in=keys)
        condition = Q(pk__in=related.values("__".join(path[1:])))
    _refuse(_closed_years().filter(condition).first())


class YearBoundQuerySet(models.QuerySet):
    """The queryset of a year-bound model: bulk writes check their rows' years first."""

    def update(self, **kwargs: Any) -> int:
        check_queryset(self)
        if not closed_year_writes_allowed():
            for name, value in kwargs.items():
                target = _year_of_target(self.model, name, value)
                if target is not None:
                    _refuse(_closed_years().filter(target).first())
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        check_queryset(self)
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list:
        objs = list(objs)
        check_instances(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[models.Model], fields: Any, **kwargs: Any) -> int:
        objs = list(objs)
        check_instances(self.model, objs)
        check_queryset(self.filter(pk__in=[obj.pk for obj in objs]))
        return super().bulk_update(objs, fields, **kwargs)


class YearBound(models.Model):
    """A model whose rows belong to one school year (see the module's docstring)."""

    # The lookup path from the model to its SchoolYear, e.g. "group__school_year".
    year_path: ClassVar[str]

    objects = YearBoundQuerySet.as_manager()

    class Meta:
        abstract = True


def year_bound_models() -> list[type[models.Model]]:
    return [
        model
        for model in django_apps.get_models()
        if issubclass(model, YearBound) and not model._meta.abstract
    ]


def _on_save(sender: type[models.Model], instance: models.Model, raw: bool, **kwargs: Any) -> None:
    # A fixture (a restored backup) is loaded with raw=True: not a change of a year's data.
    if raw:
        return
    check_instance(instance, stored=not instance._state.adding)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    check_instance(instance, stored=True)


def _on_m2m(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if isinstance(instance, YearBound):
        check_instance(instance, stored=True)
    if issubclass(model, YearBound):
        if pk_set:
            check_queryset(model._base_manager.filter(pk__in=pk_set))
        elif action == "pre_clear":
            # The rows on the other side of the relation that lose their link to `instance`.
            for field in model._meta.many_to_many:
                if field.remote_field.through is sender:
                    check_queryset(model._base_manager.filter(**{field.name: instance}))


def connect() -> None:
    """Connect the handlers for every year-bound model and every many-to-many relation that
    touches one (called once from bos.apps)."""
    from django.db.models.signals import m2m_changed, pre_delete, pre_save

    for model in year_bound_models():
        uid = f"bos-year-guard-{model._meta.label}"
        pre_save.connect(_on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
    for model in django_apps.get_models():
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if issubclass(model, YearBound) or issubclass(field.related_model, YearBound):
                m2m_changed.connect(
                    _on_m2m,
                    sender=through,
                    dispatch_uid=f"bos-year-guard-m2m-{through._meta.label}",
                )


def _path_to_school_year(model: type[models.Model], depth: int = 4) -> str | None:
    """A lookup path from the model to SchoolYear along forward relations, if any."""
    school_year = _school_year_model()
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    seen = {model}
    for _ in range(depth):
        following: list[tuple[type[models.Model], str]] = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                path = f"{prefix}{field.name}"
                if field.related_model is school_year:
                    return path
                if field.related_model not in seen:
                    seen.add(field.related_model)
                    following.append((field.related_model, f"{path}__"))
        frontier = following
    return None


def _resolves_to_school_year(model: type[models.Model], path: str) -> bool:
    current = model
    try:
        for name in path.split("__"):
            field = current._meta.get_field(name)
            if not (field.many_to_one or field.one_to_one):
                return False
            current = field.related_model
    except Exception:
        return False
    return current is _school_year_model()


def _is_project_app(path: str, base_dir: Any) -> bool:
    return path.startswith(str(base_dir)) and "site-packages" not in path


def check_year_paths(app_configs: Any = None, **kwargs: Any) -> list:
    """Every project model that reaches a school year either is year-bound, with a path that
    ends at SchoolYear, or says in `year_guard_exempt` why its rows are not the year's data."""
    from django.conf import settings

    def project(model: type[models.Model]) -> bool:
        return _is_project_app(model._meta.app_config.path, settings.BASE_DIR)

    return check_models(django_apps.get_models(), project=project)


def check_models(
    candidates: Iterable[type[models.Model]], *, project: Callable[[type[models.Model]], bool]
) -> list:
    from django.core.checks import Error

    errors = []
    for model in candidates:
        if model._meta.auto_created or not project(model) or model is _school_year_model():
            continue
        if issubclass(model, YearBound):
            path = getattr(model, "year_path", "")
            if not path or not _resolves_to_school_year(model, path):
                errors.append(
                    Error(
                        f"{model._meta.label}.year_path {path!r} does not lead to SchoolYear.",
                        id="bos.E011",
                    )
                )
            continue
        found = _path_to_school_year(model)
        if found and not getattr(model, "year_guard_exempt", ""):
            errors.append(
                Error(
                    f"{model._meta.label} reaches a school year ({found}) but is not YearBound.",
                    hint="Inherit bos.yearbound.YearBound and set year_path, or say in "
                    "year_guard_exempt why its rows are not the year's data.",
                    id="bos.E010",
                )
            )
    return errors
