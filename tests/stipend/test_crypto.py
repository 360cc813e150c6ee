import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from stipend import crypto
from stipend.checks import stipend_keys
from stipend.models import StipendApplication
from tests.stipend.factories import VALID_BSN, VALID_IBAN, complete_application

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_row(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn, iban, date_of_birth, bsn_hash FROM stipend_stipendapplication "
            "WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_raw_sql_shows_no_plaintext(world):
    application = complete_application(world)
    bsn, iban, birth, bsn_hash = raw_row(application.pk)
    for stored in (bsn, iban, birth):
        assert stored.startswith("gAAAAA")  # a Fernet token
    assert VALID_BSN not in bsn + iban + birth + bsn_hash
    assert "RABO" not in iban and "1998" not in birth
    assert bsn_hash == crypto.keyed_hash(VALID_BSN)
    reloaded = StipendApplication.objects.get(pk=application.pk)
    assert reloaded.bsn == VALID_BSN
    assert reloaded.iban == VALID_IBAN
    assert reloaded.date_of_birth == dt.date(1998, 4, 12)


def test_same_value_encrypts_differently_and_tampering_is_detected():
    first, second = crypto.encrypt("111222333"), crypto.encrypt("111222333")
    assert first != second
    tampered = first[:-6] + ("A" if first[-6] != "A" else "B") + first[-5:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered)


def test_keyed_hash_normalises_and_depends_on_its_key(settings):
    assert crypto.keyed_hash("NL91 ABNA 0417 1643 00") == crypto.keyed_hash("nl91abna0417164300")
    before = crypto.keyed_hash("111222333")
    settings.STIPEND_HASH_KEY = "another-hash-key-for-this-test"
    assert crypto.keyed_hash("111222333") != before


def test_rotation_reencrypts_under_the_new_key(world, settings):
    settings.STIPEND_ENCRYPTION_KEYS = [OLD_KEY]
    application = complete_application(world)
    old_tokens = raw_row(application.pk)[:3]
    # The new key goes first; the old one still decrypts until the command has run. (The
    # development key stays too: the demo data may be in the test database.)
    settings.STIPEND_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY, crypto.DEV_ENCRYPTION_KEY]
    assert not crypto.is_current(old_tokens[0])
    call_command("reencrypt_stipend_data")
    new_tokens = raw_row(application.pk)[:3]
    assert all(new != old for new, old in zip(new_tokens, old_tokens, strict=True))
    settings.STIPEND_ENCRYPTION_KEYS = [NEW_KEY]
    reloaded = StipendApplication.objects.get(pk=application.pk)
    assert (reloaded.bsn, reloaded.iban) == (VALID_BSN, VALID_IBAN)
    assert reloaded.date_of_birth == dt.date(1998, 4, 12)
    # Without the new key, the old key alone can no longer read the data.
    settings.STIPEND_ENCRYPTION_KEYS = [OLD_KEY]
    with pytest.raises(crypto.DecryptionError):
        StipendApplication.objects.get(pk=application.pk)


def test_production_refuses_missing_or_public_keys(settings, monkeypatch):
    monkeypatch.setattr(crypto, "is_production", lambda: True)
    settings.STIPEND_ENCRYPTION_KEYS = []
    settings.STIPEND_HASH_KEY = ""
    ids = {error.id for error in stipend_keys()}
    assert ids == {"stipend.E001", "stipend.E002"}
    with pytest.raises(Exception, match="STIPEND_ENCRYPTION_KEYS"):
        crypto.encrypt("x")
    settings.STIPEND_ENCRYPTION_KEYS = [crypto.DEV_ENCRYPTION_KEY]
    settings.STIPEND_HASH_KEY = settings.SECRET_KEY
    assert {error.id for error in stipend_keys()} == {"stipend.E001", "stipend.E002"}
    settings.STIPEND_ENCRYPTION_KEYS = [NEW_KEY]
    settings.STIPEND_HASH_KEY = "a-real-secret-hash-key-of-its-own"
    assert stipend_keys() == []


def test_dumpdata_never_writes_plaintext(world):
    import io

    complete_application(world)
    out = io.StringIO()
    call_command("dumpdata", "stipend.stipendapplication", stdout=out)
    assert VALID_BSN not in out.getvalue()
    assert VALID_IBAN not in out.getvalue()
