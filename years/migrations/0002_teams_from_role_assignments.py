"""Turn the ontwikkelteam role assignments of the fixed teams into per-year team records."""

from django.db import migrations

TEAM_LABELS = {
    "programma": "Programma",
    "professionalisering": "Professionalisering",
    "intervisie": "Intervisie",
    "inductie": "Inductie",
}


def forwards(apps, schema_editor):
    RoleAssignment = apps.get_model("bos", "RoleAssignment")
    Team = apps.get_model("years", "DevelopmentTeamYear")
    Member = apps.get_model("years", "DevelopmentTeamMember")
    for assignment in RoleAssignment.objects.filter(role="ontwikkelteam").exclude(team=""):
        name = TEAM_LABELS.get(assignment.team, assignment.team)
        team, _ = Team.objects.get_or_create(school_year_id=assignment.school_year_id, name=name)
        if assignment.is_kartrekker and team.kartrekker_id is None:
            team.kartrekker_id = assignment.person_id
            team.save(update_fields=["kartrekker"])
        Member.objects.update_or_create(
            team=team,
            person_id=assignment.person_id,
            defaults={"hours": assignment.hours or 0},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("years", "0001_development_teams"),
        ("bos", "0006_school_year_closing"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
