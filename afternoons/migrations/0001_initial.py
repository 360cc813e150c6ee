"""The verdiepingsmiddagen move out of the intervision app into their own: their models are
created here in the migration state only. The tables keep their names (`Meta.db_table`),
so no row moves; intervision's 0006 removed the models from its own state."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables exist since these models lived in the intervision app.
        ("intervision", "0006_afternoons_move_to_their_own_app"),
        ("bos", "0008_person_names_one_line"),
        ("placements", "0012_student_names_and_unique_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AfternoonPolicy",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reminder_days_before",
                            models.PositiveSmallIntegerField(
                                default=2,
                                help_text="Wie dan nog niet gekozen heeft, krijgt één herinnering.",
                                verbose_name="herinnering (dagen vóór de deadline)",
                            ),
                        ),
                        (
                            "default_capacity",
                            models.PositiveSmallIntegerField(
                                default=20, verbose_name="standaard aantal plaatsen per workshop"
                            ),
                        ),
                        (
                            "school_year",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="afternoon_policy",
                                to="bos.schoolyear",
                                verbose_name="schooljaar",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "regels verdiepingsmiddagen",
                        "verbose_name_plural": "regels verdiepingsmiddagen",
                        "db_table": "intervision_afternoonpolicy",
                    },
                ),
                migrations.CreateModel(
                    name="DeepeningAfternoon",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveSmallIntegerField(verbose_name="middag")),
                        ("date", models.DateField(verbose_name="datum")),
                        (
                            "start_time",
                            models.TimeField(blank=True, null=True, verbose_name="begintijd"),
                        ),
                        (
                            "end_time",
                            models.TimeField(blank=True, null=True, verbose_name="eindtijd"),
                        ),
                        (
                            "audience",
                            models.CharField(
                                help_text="Zoals het jaarverslag de doelgroep noemt, bijv. 'Eerstejaars FLOT'.",
                                max_length=200,
                                verbose_name="doelgroep",
                            ),
                        ),
                        (
                            "levels",
                            models.JSONField(
                                blank=True,
                                default=list,
                                help_text="Leeg: alle niveaus.",
                                verbose_name="stageniveaus",
                            ),
                        ),
                        (
                            "cohort_start_from",
                            models.DateField(
                                blank=True, null=True, verbose_name="cohort: stage begonnen vanaf"
                            ),
                        ),
                        (
                            "cohort_start_until",
                            models.DateField(
                                blank=True,
                                null=True,
                                verbose_name="cohort: stage begonnen tot en met",
                            ),
                        ),
                        (
                            "choice_deadline",
                            models.DateField(
                                blank=True, null=True, verbose_name="kiezen kan tot en met"
                            ),
                        ),
                        (
                            "invitations_sent_at",
                            models.DateTimeField(
                                null=True, verbose_name="uitnodigingen verstuurd op"
                            ),
                        ),
                        (
                            "assigned_at",
                            models.DateTimeField(null=True, verbose_name="ingedeeld op"),
                        ),
                        (
                            "assignment_notes",
                            models.JSONField(
                                blank=True, default=list, verbose_name="toelichting indeling"
                            ),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                null=True, verbose_name="indeling gepubliceerd op"
                            ),
                        ),
                        (
                            "institutes",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Leeg: studenten van alle instituten, ook van niet-partners.",
                                related_name="+",
                                to="bos.institute",
                                verbose_name="instituten",
                            ),
                        ),
                        (
                            "school_year",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="deepening_afternoons",
                                to="bos.schoolyear",
                                verbose_name="schooljaar",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "verdiepingsmiddag",
                        "verbose_name_plural": "verdiepingsmiddagen",
                        "db_table": "intervision_deepeningafternoon",
                        "ordering": ["school_year__start_date", "number", "date"],
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="verstuurd naar")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="uitnodiging verstuurd op"
                            ),
                        ),
                        (
                            "reminder_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="herinnering verstuurd op"
                            ),
                        ),
                        (
                            "publication_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="indeling verstuurd op"
                            ),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations",
                                to="afternoons.deepeningafternoon",
                                verbose_name="verdiepingsmiddag",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="afternoon_invitations",
                                to="placements.student",
                                verbose_name="student",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "uitnodiging",
                        "verbose_name_plural": "uitnodigingen",
                        "db_table": "intervision_invitation",
                    },
                ),
                migrations.CreateModel(
                    name="ThemeProposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("theme", models.CharField(max_length=300, verbose_name="thema")),
                        ("explanation", models.TextField(blank=True, verbose_name="toelichting")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="ingediend op"),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="proposals",
                                to="afternoons.deepeningafternoon",
                                verbose_name="bij de evaluatie van",
                            ),
                        ),
                        (
                            "school_year",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="bos.schoolyear",
                                verbose_name="schooljaar",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="theme_proposals",
                                to="placements.student",
                                verbose_name="student",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "themavoorstel",
                        "verbose_name_plural": "themavoorstellen",
                        "db_table": "intervision_themeproposal",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Workshop",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="volgorde"),
                        ),
                        ("theme", models.CharField(max_length=300, verbose_name="thema")),
                        ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                        (
                            "leader_name",
                            models.CharField(
                                blank=True,
                                help_text="Naam van een leider zonder account, bijv. een gastspreker.",
                                max_length=200,
                                verbose_name="workshopleider",
                            ),
                        ),
                        (
                            "capacity",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Leeg: geen maximum.",
                                null=True,
                                verbose_name="aantal plaatsen",
                            ),
                        ),
                        (
                            "mode",
                            models.CharField(
                                choices=[("online", "online"), ("on_site", "op locatie")],
                                default="on_site",
                                max_length=10,
                                verbose_name="vorm",
                            ),
                        ),
                        (
                            "location",
                            models.CharField(blank=True, max_length=300, verbose_name="locatie"),
                        ),
                        (
                            "online_link",
                            models.URLField(blank=True, verbose_name="link online bijeenkomst"),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="workshops",
                                to="afternoons.deepeningafternoon",
                                verbose_name="verdiepingsmiddag",
                            ),
                        ),
                        (
                            "leader",
                            models.ForeignKey(
                                blank=True,
                                help_text="Met een account kan de leider zelf de presentie bijhouden.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="led_workshops",
                                to="bos.person",
                                verbose_name="workshopleider (account)",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "workshop",
                        "verbose_name_plural": "workshops",
                        "db_table": "intervision_workshop",
                        "ordering": ["afternoon", "order", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Preference",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("rank", models.PositiveSmallIntegerField(verbose_name="keuze")),
                        (
                            "chosen_at",
                            models.DateTimeField(auto_now=True, verbose_name="gekozen op"),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="preferences",
                                to="afternoons.deepeningafternoon",
                                verbose_name="verdiepingsmiddag",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="afternoon_preferences",
                                to="placements.student",
                                verbose_name="student",
                            ),
                        ),
                        (
                            "workshop",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="afternoons.workshop",
                                verbose_name="thema",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "voorkeur",
                        "verbose_name_plural": "voorkeuren",
                        "db_table": "intervision_preference",
                        "ordering": ["afternoon", "student", "rank"],
                    },
                ),
                migrations.CreateModel(
                    name="Evaluation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "score",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="cijfer (1-5)",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, verbose_name="opmerking")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="ingevuld op"),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evaluations",
                                to="afternoons.deepeningafternoon",
                                verbose_name="verdiepingsmiddag",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="afternoon_evaluations",
                                to="placements.student",
                                verbose_name="student",
                            ),
                        ),
                        (
                            "workshop",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="evaluations",
                                to="afternoons.workshop",
                                verbose_name="workshop",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "evaluatie",
                        "verbose_name_plural": "evaluaties",
                        "db_table": "intervision_evaluation",
                    },
                ),
                migrations.CreateModel(
                    name="WorkshopAssignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("rule", "indeling"),
                                    ("manual", "met de hand verplaatst"),
                                    ("walk_in", "binnengelopen"),
                                ],
                                default="rule",
                                max_length=10,
                                verbose_name="herkomst",
                            ),
                        ),
                        (
                            "choice_rank",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="gekregen keuze"
                            ),
                        ),
                        (
                            "attended",
                            models.BooleanField(blank=True, null=True, verbose_name="aanwezig"),
                        ),
                        (
                            "attendance_recorded_at",
                            models.DateTimeField(null=True, verbose_name="presentie genoteerd op"),
                        ),
                        (
                            "afternoon",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="afternoons.deepeningafternoon",
                                verbose_name="verdiepingsmiddag",
                            ),
                        ),
                        (
                            "attendance_recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="presentie genoteerd door",
                            ),
                        ),
                        (
                            "student",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="afternoon_assignments",
                                to="placements.student",
                                verbose_name="student",
                            ),
                        ),
                        (
                            "workshop",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assignments",
                                to="afternoons.workshop",
                                verbose_name="workshop",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "indeling",
                        "verbose_name_plural": "indelingen",
                        "db_table": "intervision_workshopassignment",
                        "ordering": ["workshop", "student__last_name", "student__first_name"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="deepeningafternoon",
                    constraint=models.UniqueConstraint(
                        fields=("school_year", "number", "date", "audience"),
                        name="deepening_afternoon_session_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="deepeningafternoon",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("cohort_start_from__isnull", True),
                            ("cohort_start_until__isnull", True),
                            ("cohort_start_until__gte", models.F("cohort_start_from")),
                            _connector="OR",
                        ),
                        name="deepening_afternoon_cohort_ordered",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="invitation",
                    constraint=models.UniqueConstraint(
                        fields=("afternoon", "student"), name="afternoon_invitation_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="workshop",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("capacity__isnull", True), ("capacity__gte", 1), _connector="OR"
                        ),
                        name="workshop_capacity_positive",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="preference",
                    constraint=models.UniqueConstraint(
                        fields=("afternoon", "student", "rank"),
                        name="afternoon_preference_rank_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="preference",
                    constraint=models.UniqueConstraint(
                        fields=("afternoon", "student", "workshop"),
                        name="afternoon_preference_theme_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="preference",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("rank__gte", 1), ("rank__lte", 3)),
                        name="afternoon_preference_rank_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="evaluation",
                    constraint=models.UniqueConstraint(
                        fields=("afternoon", "student"), name="afternoon_evaluation_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="evaluation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("score__gte", 1), ("score__lte", 5)),
                        name="afternoon_evaluation_score",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="workshopassignment",
                    constraint=models.UniqueConstraint(
                        fields=("afternoon", "student"), name="afternoon_assignment_once"
                    ),
                ),
            ],
        ),
    ]
