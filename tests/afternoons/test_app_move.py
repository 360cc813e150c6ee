"""The verdiepingsmiddagen moved from the intervision app into their own (issue #24): every
row stays where it was, and what names the models by app label follows them: content types
(with their permissions) and the audit trail."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = [("intervision", "0005_afternoon_themes_live_in_workshops")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_rows_content_types_and_audit_labels_survive_the_move():
    try:
        old = _migrate(BEFORE_MOVE)
        OldContentType = old.get_model("contenttypes", "ContentType")
        # Going back gave the content types their old label again.
        assert not OldContentType.objects.filter(app_label="afternoons").exists()
        afternoon_type = OldContentType.objects.get(
            app_label="intervision", model="deepeningafternoon"
        )
        workshop_type = OldContentType.objects.get(app_label="intervision", model="workshop")
        # A half-way migrate may have made a content type under the new label already.
        stale = OldContentType.objects.create(app_label="afternoons", model="workshop")
        old.get_model("auth", "Permission").objects.create(
            content_type=stale, codename="add_workshop", name="Can add workshop"
        )

        year = old.get_model("bos", "SchoolYear").objects.create(
            name="2040-2041", start_date=dt.date(2040, 8, 1), end_date=dt.date(2041, 7, 31)
        )
        afternoon = old.get_model("intervision", "DeepeningAfternoon").objects.create(
            school_year=year, number=1, date=dt.date(2040, 11, 19), audience="Eerstejaars FLOT"
        )
        workshop = old.get_model("intervision", "Workshop").objects.create(
            afternoon=afternoon, theme="Kennismaking met de BOS", capacity=20
        )
        old.get_model("bos", "AuditEntry").objects.create(
            action="create", model="intervision.workshop", object_pk=str(workshop.pk)
        )

        new = _migrate(_leaves())
        moved = new.get_model("afternoons", "DeepeningAfternoon").objects.get(pk=afternoon.pk)
        assert moved.audience == "Eerstejaars FLOT"
        assert [w.pk for w in moved.workshops.all()] == [workshop.pk]
        ContentType.objects.clear_cache()
        assert ContentType.objects.get(app_label="afternoons", model="deepeningafternoon").pk == (
            afternoon_type.pk
        )
        moved_workshop_type = ContentType.objects.get(app_label="afternoons", model="workshop")
        assert moved_workshop_type.pk == workshop_type.pk
        assert moved_workshop_type.permission_set.filter(codename="add_workshop").count() == 1
        assert not ContentType.objects.filter(
            app_label="intervision", model__in=["deepeningafternoon", "workshop"]
        ).exists()
        labels = new.get_model("bos", "AuditEntry").objects.filter(
            object_pk=str(workshop.pk), model__endswith=".workshop"
        )
        assert list(labels.values_list("model", flat=True)) == ["afternoons.workshop"]
    finally:
        _migrate(_leaves())
        ContentType.objects.clear_cache()
