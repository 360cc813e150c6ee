"""TOTP secrets and recovery-code seeds are encrypted at rest (security finding 7)."""

import importlib
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command

from bos.security import mfa_crypto
from tests.bos.security_helpers import activate_totp, current_code, staff_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_totp_secret_is_stored_encrypted_and_still_verifies():
    user = staff_user()
    secret = activate_totp(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data
    assert secret not in json.dumps(stored)
    assert stored["secret"].startswith(mfa_crypto.PREFIX)
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(current_code(user))


def test_recovery_seed_is_stored_encrypted_and_codes_still_work():
    user = staff_user()
    codes = RecoveryCodes.activate(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).data
    seed = mfa_crypto.decrypt(stored["seed"])
    assert seed not in json.dumps(stored)
    unused = codes.get_unused_codes()
    assert len(unused) == 10
    assert RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).validate_code(unused[0])


def test_the_admin_never_shows_the_secrets(client):
    user = staff_user()
    secret = activate_totp(user)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    page = client.get(f"/beheer/mfa/authenticator/{authenticator.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert secret not in html
    assert authenticator.data["secret"] not in html
    assert 'name="data"' not in html


def test_existing_plaintext_secrets_are_encrypted_by_the_migration_and_rotated(settings):
    user = staff_user()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    other = UserFactory()
    Authenticator.objects.create(
        user=other,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration = importlib.import_module("bos.migrations.0005_encrypt_mfa_secrets")
    migration.encrypt_existing(apps, None)
    totp = Authenticator.objects.get(user=user).data
    assert mfa_crypto.decrypt(totp["secret"]) == "JBSWY3DPEHPK3PXP"
    codes = Authenticator.objects.get(user=other).data
    assert mfa_crypto.decrypt(codes["seed"]) == "ab" * 40
    assert [mfa_crypto.decrypt(code) for code in codes["migrated_codes"]] == ["12345678"]
    assert codes["used_mask"] == 0
    # Rotation: a new key first; everything is re-encrypted under it and still decrypts.
    new_key = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [new_key, mfa_crypto.DEV_MFA_KEY]
    call_command("reencrypt_mfa_secrets")
    settings.MFA_ENCRYPTION_KEYS = [new_key]
    rotated = Authenticator.objects.get(user=user).data["secret"]
    assert mfa_crypto.decrypt(rotated) == "JBSWY3DPEHPK3PXP"


def test_plaintext_is_never_accepted_as_a_secret():
    with pytest.raises(mfa_crypto.MFASecretError):
        mfa_crypto.decrypt("JBSWY3DPEHPK3PXP")


def test_production_check_requires_keys_of_their_own(settings, monkeypatch):
    from bos.security.checks import mfa_keys

    monkeypatch.setattr(mfa_crypto, "_is_production", lambda: True)
    settings.MFA_ENCRYPTION_KEYS = []
    assert [error.id for error in mfa_keys()] == ["bos.E101"]
    settings.MFA_ENCRYPTION_KEYS = [mfa_crypto.DEV_MFA_KEY]
    assert [error.id for error in mfa_keys()] == ["bos.E101"]
    settings.STIPEND_ENCRYPTION_KEYS = ["shared"]
    settings.MFA_ENCRYPTION_KEYS = ["shared"]
    assert [error.id for error in mfa_keys()] == ["bos.E102"]
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert mfa_keys() == []
