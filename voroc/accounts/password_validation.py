"""Password rules in Dutch: length, and no predictable passwords (no composition rules).

- MinimumLengthValidator: at least 12 characters, at most 128 (a 64-character passphrase is
  fine), no control characters. Django's Dutch catalogue lacks the current length message.
- PredictablePasswordValidator: refuses what a guesser tries first. Django's list of 20,000
  common passwords plus the list shipped here (voroc/accounts/data/voorspelbare-wachtwoorden.txt:
  Dutch words, names, the region and this service), also when dressed up: case, digits and
  symbols around it, letters written as digits ("W3lk0m"), one or two such words joined
  ("voroc-demo12"), a word repeated ("welkomwelkom"), few different characters ("aaaaaaaaaaaa"),
  a run on the keyboard or alphabet ("123456789012"), and the user's own name or e-mail address.
  A sentence of several words passes ("paarse olifant fietst naar Delft").
"""

import functools
import gzip
import re
import unicodedata
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

LIST_PATH = Path(__file__).resolve().parent / "data" / "voorspelbare-wachtwoorden.txt"
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
)
RUNS = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm", "azertyuiopqsdfghjklmwxcvbn")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length=12, max_length=128):
        super().__init__(min_length)
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"Dit wachtwoord is te kort: gebruik minstens {self.min_length} tekens.",
                code="password_too_short",
            )
        if len(password) > self.max_length:
            raise ValidationError(
                f"Dit wachtwoord is te lang: gebruik hoogstens {self.max_length} tekens.",
                code="password_too_long",
            )
        if any(unicodedata.category(ch) == "Cc" for ch in password):
            raise ValidationError("Gebruik geen stuurtekens (zoals tab of enter) in een wachtwoord.", code="control")

    def get_help_text(self):
        return f"Uw wachtwoord moet minstens {self.min_length} tekens lang zijn."


@functools.cache
def predictable_words() -> frozenset[str]:
    """Django's common passwords and the list shipped here, lower case."""
    with gzip.open(password_validation.CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH, "rt") as f:
        words = {line.strip() for line in f}
    with open(LIST_PATH, encoding="utf-8") as f:
        words |= {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}
    words.discard("")
    return frozenset(words)


def _context_words(user) -> set[str]:
    """The user's own name and e-mail address, in parts."""
    words = set()
    for value in (getattr(user, "naam", ""), getattr(user, "email", "")):
        words |= {part for part in re.split(r"[^a-z]+", (value or "").lower()) if len(part) >= 3}
    return words


def _is_run(text: str) -> bool:
    """Mostly a run along the alphabet, the digits or a keyboard row ('123456789012', 'qwertyuiop12')."""
    steps = list(zip(text, text[1:], strict=False))
    if not steps:
        return False
    along = sum(1 for a, b in steps if any(a + b in run or b + a in run for run in RUNS) or a == b)
    return along >= 0.75 * len(steps)


def why_predictable(password: str, user=None) -> str | None:
    """The reason a password is predictable, or None."""
    lower = unicodedata.normalize("NFKC", password).lower()
    if len(set(lower)) < 5:
        return "few_characters"
    if _is_run(re.sub(r"[\s\-_.]", "", lower)):
        return "run"
    words = predictable_words()
    context = _context_words(user) if user is not None else set()
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", lower)  # digits and symbols around the word
    candidates = {lower, core, core.translate(LEET), lower.translate(LEET), re.sub(r"[^a-z0-9]", "", lower)}
    if candidates & (words | context):
        return "common"
    repeated = re.fullmatch(r"(.{2,}?)\1+", re.sub(r"[^a-z0-9]", "", lower))
    if repeated:
        return "repeated"
    tokens = re.findall(r"[a-z]+", core.translate(LEET))
    weak = [t for t in tokens if t in words or t in context or len(t) <= 2]
    if tokens and len(weak) == len(tokens) and len(set(tokens)) <= 3:
        return "common_words"
    return None


class PredictablePasswordValidator:
    def validate(self, password, user=None):
        reason = why_predictable(password, user)
        if reason in ("common", "common_words", "repeated"):
            raise ValidationError(
                "Dit wachtwoord is te algemeen: het lijkt op een veelgebruikt of gelekt wachtwoord, "
                "ook met cijfers of tekens erbij. Kies bijvoorbeeld een zin van een paar woorden.",
                code="password_too_common",
            )
        if reason in ("few_characters", "run"):
            raise ValidationError(
                "Dit wachtwoord is te voorspelbaar: het herhaalt tekens of volgt het toetsenbord of het alfabet.",
                code="password_too_predictable",
            )

    def get_help_text(self):
        return "Uw wachtwoord mag geen veelgebruikt of voorspelbaar wachtwoord zijn."
