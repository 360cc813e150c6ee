from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from demo.loader import demo_logins, load_demo


class Command(BaseCommand):
    help = (
        "Laadt (of herlaadt) de demo met fictieve personen: 2020-2021 (afgesloten) en het "
        "lopende schooljaar, het schooljaar van vandaag."
    )

    def handle(self, *args: object, **options: object) -> None:
        ctx = load_demo()
        running = getattr(ctx, "running_year", None)
        loaded = f"Demo geladen: {ctx.year} (afgesloten)"
        if running is not None:
            loaded += f" en het lopende schooljaar {running}"
        self.stdout.write(self.style.SUCCESS(f"{loaded}."))
        public = reverse("reports:public", kwargs={"year": ctx.year.name})
        self.stdout.write(f"Het jaarverslag {ctx.year} staat openbaar op {public}")
        self.stdout.write(f"Demo-logins (wachtwoord voor iedereen: {settings.DEMO_PASSWORD}):")
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<42} {email}")
