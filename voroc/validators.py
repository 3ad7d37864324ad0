"""Structural checks on Dutch identifiers (BSN, onderwijsnummer: the 11-proef; postcode) and on ids from requests."""

import re

from django.core.exceptions import ValidationError


def elfproef(number: str, remainder: int = 0) -> bool:
    """The 11-proef. A BSN gives remainder 0 (last digit weighs -1); an onderwijsnummer 5 (all weights positive)."""
    if not re.fullmatch(r"[0-9]{9}", number or ""):
        return False
    digits = [int(c) for c in number]
    if remainder == 0:
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    else:
        total = sum(d * w for d, w in zip(digits, range(9, 0, -1), strict=True))
    return total % 11 == remainder


def validate_bsn(value: str) -> None:
    if not elfproef(value) or value == "000000000":
        raise ValidationError(
            "Dit is geen geldig BSN: het moet negen cijfers hebben en aan de elfproef voldoen.", code="bsn"
        )


def validate_onderwijsnummer(value: str) -> None:
    if not elfproef(value, remainder=5):
        raise ValidationError(
            "Dit is geen geldig onderwijsnummer: negen cijfers die aan de elfproef voldoen.", code="onderwijsnummer"
        )


POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$")


def normalize_postcode(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    return f"{value[:4]} {value[4:]}" if len(value) == 6 else value


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match((value or "").upper()):
        raise ValidationError("Vul een Nederlandse postcode in, bijvoorbeeld 2511 AB.", code="postcode")


def mask_number(value: str) -> str:
    """Show only the last three digits of a BSN or onderwijsnummer."""
    return f"******{value[-3:]}" if value else ""


MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL (bigint) and SQLite (INTEGER) can hold


def parse_id(value) -> int | None:
    """A primary key from a request parameter, or None: ASCII digits only, within the database's range.

    `str.isdigit()` accepts '²' (int() then fails) and numbers beyond 64 bits (SQLite cannot bind them)."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{1,19}", text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
