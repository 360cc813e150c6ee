"""Record changes of registered models through model signals.

pre_save reads the row as it is in the database so post_save can write what changed;
post_delete records the deletion. Raw saves (loaddata, restore) are not recorded: they
replay data, they do not change it."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .context import current_actor

# Never copied into the trail, whatever the model: secrets and bookkeeping noise.
ALWAYS_EXCLUDED = frozenset({"password", "last_login", "updated_at", "created_at", "version"})

_registry: dict[type[models.Model], frozenset[str]] = {}


def registered_models() -> dict[type[models.Model], frozenset[str]]:
    return dict(_registry)


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # 2 and 2.0 are the same amount: compare (and show) them without trailing zeros.
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binair>"
    return str(value)


def _tracked_fields(instance: models.Model, exclude: frozenset[str]) -> list[models.Field]:
    return [
        field
        for field in instance._meta.concrete_fields
        if field.name not in exclude and field.name not in ALWAYS_EXCLUDED
    ]


def _snapshot(instance: models.Model, exclude: frozenset[str]) -> dict[str, Any]:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in _tracked_fields(instance, exclude)
    }


def write_entry(
    *,
    action: str,
    model: str,
    object_pk: Any = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the trail, attributed to the current actor."""
    from bos.models import AuditEntry

    actor = current_actor()
    AuditEntry.objects.create(
        actor_id=actor.user_id,
        actor_email=actor.email[:254],
        action=action,
        model=model,
        object_pk="" if object_pk is None else str(object_pk)[:64],
        object_repr=object_repr[:200],
        changes=changes or {},
        ip_address=actor.ip_address,
        request_path=actor.request_path[:300],
    )


def _describe(changes: dict[str, list[Any]]) -> dict[str, Any]:
    if current_actor().hide_values:
        return {"velden": sorted(changes)}
    return changes


def _on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        instance._bos_audit_before = None  # type: ignore[attr-defined]
        return
    exclude = _registry[sender]
    names = [field.attname for field in _tracked_fields(instance, exclude)]
    before = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    instance._bos_audit_before = (  # type: ignore[attr-defined]
        {key: _plain(value) for key, value in before.items()} if before else None
    )


def _changes(
    before: dict[str, Any] | None, after: dict[str, Any]
) -> tuple[str, dict[str, list[Any]]] | None:
    """The action and the [old, new] pairs of a row written after `before` (None: created);
    None for an update that changed nothing."""
    if before is None:
        return "create", {
            name: [None, value] for name, value in after.items() if value not in (None, "")
        }
    changes = {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
    return ("update", changes) if changes else None


def _on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    exclude = _registry[sender]
    before = None if created else getattr(instance, "_bos_audit_before", None)
    found = _changes(before, _snapshot(instance, exclude))
    if found is None:
        return
    action, changes = found
    write_entry(
        action=action,
        model=model_label(sender),
        object_pk=instance.pk,
        object_repr=str(instance),
        changes=_describe(changes),
    )


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    write_entry(
        action="delete",
        model=model_label(sender),
        object_pk=instance.pk,
        object_repr=str(instance),
        changes=_describe(
            {name: [value, None] for name, value in _snapshot(instance, _registry[sender]).items()}
        ),
    )


def _m2m_handler(model: type[models.Model], field_name: str) -> Any:
    """Record additions to and removals from a many-to-many field (locations of a role,
    co-mentors of a placement) as an update of the registered model."""

    def on_change(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
        if action not in {"post_add", "post_remove", "pre_clear"} or kwargs.get("raw"):
            return
        pk_set = sorted(kwargs.get("pk_set") or [])
        if kwargs.get("reverse"):
            # Changed from the other side: record it on each affected registered object.
            targets = list(model._base_manager.filter(pk__in=pk_set))
            pk_set = [instance.pk]
        else:
            targets = [instance]
            if action == "pre_clear":
                pk_set = sorted(getattr(instance, field_name).values_list("pk", flat=True))
        if not pk_set:
            return
        change = {"toegevoegd" if action == "post_add" else "verwijderd": pk_set}
        for target in targets:
            write_entry(
                action="update",
                model=model_label(model),
                object_pk=target.pk,
                object_repr=str(target),
                changes={field_name: change},
            )

    return on_change


def register(model: type[models.Model], *, exclude: tuple[str, ...] | list[str] = ()) -> None:
    """Record every create, update and delete of `model` (except the `exclude` fields, whose
    values never enter the trail). Call it from your AppConfig.ready()."""
    _registry[model] = frozenset(exclude)
    uid = f"bos_audit_{model_label(model)}"
    pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"{uid}_pre", weak=False)
    post_save.connect(_on_post_save, sender=model, dispatch_uid=f"{uid}_post", weak=False)
    post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"{uid}_del", weak=False)
    for field in model._meta.many_to_many:
        if field.name in exclude:
            continue
        m2m_changed.connect(
            _m2m_handler(model, field.name),
            sender=field.remote_field.through,
            dispatch_uid=f"{uid}_m2m_{field.name}",
            weak=False,
        )


def record_bulk(
    model: type[models.Model],
    instances: list[models.Model],
    befores: list[dict[str, Any] | None] | None = None,
) -> None:
    """The trail for rows written with bulk_create / bulk_update, which send no signals:
    the same entries the signals would write, in one insert. `befores` holds each row's
    `snapshot` taken before the change (None for a created row)."""
    from bos.models import AuditEntry

    if model not in _registry or not instances:
        return
    exclude = _registry[model]
    actor = current_actor()
    entries = []
    for position, instance in enumerate(instances):
        before = befores[position] if befores is not None else None
        found = _changes(before, _snapshot(instance, exclude))
        if found is None:
            continue
        action, changes = found
        entries.append(
            AuditEntry(
                actor_id=actor.user_id,
                actor_email=actor.email[:254],
                action=action,
                model=model_label(model),
                object_pk=str(instance.pk)[:64],
                object_repr=str(instance)[:200],
                changes=_describe(changes),
                ip_address=actor.ip_address,
                request_path=actor.request_path[:300],
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited values of a registered model's row, for `record_bulk`'s `befores`."""
    return _snapshot(instance, _registry.get(type(instance), frozenset()))
