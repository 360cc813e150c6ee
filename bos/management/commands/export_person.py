"""Everything held about one person (AVG right of access), as JSON.

    manage.py export_person someone@example.org [--output file.json]

Finds the login, the staff record and the student records with that e-mail address, every
record in any app that refers to them directly, and the audit entries about them or made by
them. Password hashes and MFA secrets are left out. The export itself is audited.

Apps whose rows are people of their own (students) register them with `bos.privacy`, so this
command names no app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.db.models import Q

from bos import audit, privacy
from bos.models import AuditEntry, Person, User

SECRET_FIELDS = {"password", "secret", "data"}


def _serialize(objects: list[models.Model]) -> list[dict[str, Any]]:
    rows = json.loads(serializers.serialize("json", objects))
    for row in rows:
        for name in SECRET_FIELDS & set(row["fields"]):
            row["fields"][name] = "<weggelaten>"
    return rows


def _referring(instance: models.Model) -> list[models.Model]:
    """Records in any app that point at `instance` (foreign keys, one-to-one and many-to-many)."""
    found: list[models.Model] = []
    for relation in instance._meta.related_objects:
        related_model = relation.related_model
        if related_model is AuditEntry:
            continue
        # For every kind of reverse relation, `relation.field` is the field on the other model.
        found.extend(related_model._base_manager.filter(**{relation.field.name: instance}))
    return found


def collect(email: str) -> dict[str, Any]:
    users = list(User.objects.filter(email__iexact=email))
    people = list(Person.objects.filter(Q(email__iexact=email) | Q(user__in=users)))
    # The apps' own people (students) as they registered them with bos.privacy.
    others = [
        record
        for kind in privacy.registered_people()
        for record in kind.model._default_manager.filter(Q(email__iexact=email) | Q(user__in=users))
    ]
    subjects: list[models.Model] = [*users, *people, *others]
    if not subjects:
        raise CommandError(f"Niemand gevonden met e-mailadres {email}.")
    related: list[models.Model] = []
    seen = {(type(obj), obj.pk) for obj in subjects}
    for subject in subjects:
        for obj in _referring(subject):
            if (type(obj), obj.pk) not in seen:
                seen.add((type(obj), obj.pk))
                related.append(obj)
    about = Q()
    for obj in [*subjects, *related]:
        about |= Q(model=audit.model_label(type(obj)), object_pk=str(obj.pk))
    trail = AuditEntry.objects.filter(about | Q(actor_id__in=[u.pk for u in users]))
    return {
        "e-mailadres": email,
        "personen": _serialize(subjects),
        "gekoppelde_gegevens": _serialize(related),
        "audittrail": _serialize(list(trail.order_by("created_at"))),
    }


class Command(BaseCommand):
    help = "Exporteer alle gegevens over één persoon (AVG-inzageverzoek)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--output", help="bestand; standaard naar stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        data = collect(options["email"])
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        audit.record("export", changes={"inzageverzoek": options["email"]})
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(options["output"])
        else:
            self.stdout.write(text)
