"""Re-encrypt every stored MFA secret under the current (first) MFA_ENCRYPTION_KEYS key."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from bos.security.mfa_crypto import encrypt_all


class Command(BaseCommand):
    help = "Re-encrypt TOTP secrets and recovery-code seeds under the current MFA key."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            changed = encrypt_all(Authenticator)
        self.stdout.write(f"{changed} authenticator(s) re-encrypted.")
