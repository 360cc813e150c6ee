"""Each afternoon's themes (a semicolon-separated text) and its form become workshops, so
figure 3 of the annual report keeps reading the same themes, dates, audiences and forms."""

from django.db import migrations


def themes_to_workshops(apps, schema_editor):
    DeepeningAfternoon = apps.get_model("intervision", "DeepeningAfternoon")
    Workshop = apps.get_model("intervision", "Workshop")
    for afternoon in DeepeningAfternoon.objects.all():
        themes = [theme.strip() for theme in afternoon.themes.split(";") if theme.strip()]
        for order, theme in enumerate(themes):
            Workshop.objects.get_or_create(
                afternoon=afternoon,
                theme=theme[:300],
                defaults={"order": order, "mode": afternoon.mode},
            )


def workshops_to_themes(apps, schema_editor):
    DeepeningAfternoon = apps.get_model("intervision", "DeepeningAfternoon")
    for afternoon in DeepeningAfternoon.objects.all():
        workshops = list(afternoon.workshops.order_by("order", "pk"))
        themes: list[str] = []
        for workshop in workshops:
            if workshop.theme not in themes:
                themes.append(workshop.theme)
        afternoon.themes = "; ".join(themes)
        modes = {workshop.mode for workshop in workshops}
        afternoon.mode = "online" if modes == {"online"} else "on_site"
        afternoon.save(update_fields=["themes", "mode"])


class Migration(migrations.Migration):
    dependencies = [
        ("intervision", "0003_afternoon_cycle_models"),
    ]

    operations = [
        migrations.RunPython(themes_to_workshops, workshops_to_themes),
    ]
