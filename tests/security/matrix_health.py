"""Health probes: open to everyone, signed in or not (they show no data)."""

from .matrix import row

ROWS = [
    row("health_live", anonymous=200),
    row("health_ready", anonymous=200),
]
