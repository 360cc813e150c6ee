from django.conf import settings
from django.core.management.base import BaseCommand

from bos.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = "Laadt (of herlaadt) het demojaar 2020-2021 met fictieve personen."

    def handle(self, *args: object, **options: object) -> None:
        ctx = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demojaar {ctx.year} geladen."))
        self.stdout.write(f"Demo-logins (wachtwoord voor iedereen: {settings.DEMO_PASSWORD}):")
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<42} {email}")
