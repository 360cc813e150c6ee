from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intervision", "0004_afternoon_workshops_from_themes"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="deepeningafternoon",
            name="mode",
        ),
        migrations.AlterField(
            model_name="deepeningafternoon",
            name="themes",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RemoveField(
            model_name="deepeningafternoon",
            name="themes",
        ),
    ]
