"""Encrypt the TOTP secrets and recovery-code seeds stored before they were encrypted."""

from django.db import migrations


def encrypt_existing(apps, schema_editor):
    from bos.security.mfa_crypto import encrypt_all

    encrypt_all(apps.get_model("mfa", "Authenticator"))


def decrypt_existing(apps, schema_editor):
    from bos.security.mfa_crypto import decrypt, is_encrypted, transform_data

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = transform_data(
            authenticator.data or {}, lambda value: decrypt(value) if is_encrypted(value) else value
        )
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("bos", "0004_person_email_upper_index"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
