"""Server-side checks of the personal numbers on the stipend form, with Dutch messages."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError


def normalise_bsn(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch not in ".-")


def validate_bsn(value: str) -> None:
    """The burgerservicenummer's 11-proef: 9 digits (8 with a leading zero added), weights
    9..2 and -1, the sum divisible by 11 and not 0."""
    digits = normalise_bsn(value)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError("Een BSN bestaat uit 9 cijfers.", code="bsn_length")
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    if total == 0 or total % 11:
        raise ValidationError(
            "Dit BSN is ongeldig (de elfproef klopt niet). Controleer het nummer.",
            code="bsn_checksum",
        )


def normalise_iban(value: str) -> str:
    return "".join(value.split()).upper()


def validate_iban(value: str) -> None:
    """ISO 13616: country code, two check digits, then the account; mod 97 must be 1.
    Dutch IBANs are checked for their fixed length of 18 as well."""
    iban = normalise_iban(value)
    allowed = set(string.ascii_uppercase + string.digits)
    if len(iban) < 15 or len(iban) > 34 or not set(iban) <= allowed:
        raise ValidationError(
            "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.", code="iban_format"
        )
    if not (iban[:2].isalpha() and iban[2:4].isdigit()):
        raise ValidationError(
            "Een IBAN begint met een landcode en twee controlecijfers.", code="iban_format"
        )
    if iban.startswith("NL") and len(iban) != 18:
        raise ValidationError("Een Nederlands IBAN heeft 18 tekens.", code="iban_length")
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(number) % 97 != 1:
        raise ValidationError(
            "Dit IBAN is ongeldig (de controlecijfers kloppen niet). Controleer het nummer.",
            code="iban_checksum",
        )


def mask(value: str, visible: int = 2) -> str:
    """Only the last characters, e.g. •••••••33 for a BSN."""
    if not value:
        return ""
    return "•" * max(len(value) - visible, 3) + value[-visible:]
