import pytest
from django.core.exceptions import ValidationError

from stipend.validators import mask, validate_bsn, validate_iban


@pytest.mark.parametrize("value", ["111222333", "1112.22.333", "123456782", "12345672"])
def test_valid_bsn(value):
    validate_bsn(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("111222334", "elfproef"),
        ("000000000", "elfproef"),
        ("12345", "9 cijfers"),
        ("11122233a", "9 cijfers"),
    ],
)
def test_invalid_bsn_has_a_dutch_message(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_bsn(value)


@pytest.mark.parametrize(
    "value", ["NL91ABNA0417164300", "nl91 abna 0417 1643 00", "BE68539007547034"]
)
def test_valid_iban(value):
    validate_iban(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NL92ABNA0417164300", "controlecijfers"),
        ("NL91ABNA041716430", "18 tekens"),
        ("1234ABNA0417164300", "landcode"),
        ("NL91-ABNA", "geldig IBAN"),
    ],
)
def test_invalid_iban_has_a_dutch_message(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_iban(value)


def test_mask_keeps_only_the_end():
    assert mask("111222333") == "•••••••33"
    assert mask("NL91ABNA0417164300", 4) == "••••••••••••••4300"
    assert mask("") == ""
