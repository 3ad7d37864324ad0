"""Public pages: open to everyone, signed in or not (they show no data)."""

from .matrix import row

ROWS = [
    row("toegankelijkheid", anonymous=200),
]
