"""Matrix rows for the region's report: only the regional monitor (regio_monitoren)."""

from tests.security.matrix import row

MONITOR_ONLY = {"default": 403, "monitor": 200}

ROWS = [
    row("rapportage:regio", **MONITOR_ONLY),
    row("rapportage:export", lambda w: {"tabel": "scholen"}, **MONITOR_ONLY),
    # An unknown table: refused like the page to everyone else, not found for the monitor.
    row("rapportage:export", lambda w: {"tabel": "leerlingen"}, default=403, monitor=404),
    row("rapportage:pdf", **MONITOR_ONLY),
]
