"""Benchmark: how fast, and with how much memory, each hostile upload is refused.

Builds every bomb of tests/bombs.py (declared dimension A1:XFD1048576, 20,000 rows padded to
column XFD, a row numbered a billion, a 300 MB shared string, entity expansion, a 200 MB sheet of
spaces, a zip that lies about its sizes, thousands of parts, a 1 MB cell, CSV with 5 million
columns or a 5 MB cell) and reads each through voroc.tabular in a fresh process, printing the
outcome, the time and the growth of the process's peak memory (resident set) during the read.
The goal: every bomb refused in under a second with less than 50 MB growth.

    .venv/bin/python bench/xlsx_bombs.py
    .venv/bin/python bench/xlsx_bombs.py --unbounded   # also: plain openpyxl as imports read before

`--unbounded` reads each XLSX bomb the way the imports did before the bounds (openpyxl read-only,
rows kept as text, stop after 20,001 rows) under a 4 GB address-space limit and a 60 s timeout, for comparison.
This is a script, not a timed test; tests/core/test_tabular.py asserts the refusals.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

CHILD = r"""
import io, os, resource, sys, time
sys.path.insert(0, sys.argv[3])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
import django
django.setup()
import openpyxl  # imported before measuring: its import is not the upload's cost
from voroc.errors import DomainError
from voroc.tabular import read_table

def status_kb(field):  # VmHWM is this process's own peak (ru_maxrss carries the parent's over exec)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))

raw = open(sys.argv[1], "rb").read()
kind, mode = sys.argv[2], sys.argv[4]
if mode == "unbounded":
    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))
before = status_kb("VmRSS")
start = time.perf_counter()
try:
    if mode == "unbounded":
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        rows = []  # as leerlingen/tabular.py read before: every row kept as a list of text
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
            if len(rows) > 20_001:
                break
        outcome = f"read {len(rows)} rows"
    else:
        rows = read_table(raw, kind)
        outcome = f"ACCEPTED ({len(rows)} rows)"
except DomainError as e:
    outcome = "refused: " + e.message
except MemoryError:
    outcome = "MemoryError (a 500)"
except Exception as e:
    outcome = f"{type(e).__name__}: {str(e)[:60]}"
elapsed = time.perf_counter() - start
peak = status_kb("VmHWM")
print(f"{elapsed:.3f}\t{max(peak - before, 0) / 1024:.1f}\t{outcome}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unbounded", action="store_true", help="also read the XLSX bombs without the bounds")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
    import django

    django.setup()
    from tests.bombs import BOMBS

    print(f"{'bomb':22} {'file':>9} {'mode':9} {'time':>7} {'memory':>9}  outcome")
    worst_time = worst_memory = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, kind) in BOMBS.items():
            path = Path(tmp) / f"{name}.{kind}"
            path.write_bytes(build())
            modes = ["bounded"] + (["unbounded"] if args.unbounded and kind == "xlsx" else [])
            for mode in modes:
                started = time.perf_counter()
                try:
                    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
                        [sys.executable, "-c", CHILD, str(path), kind, str(BASE_DIR), mode],
                        capture_output=True,
                        text=True,
                        timeout=60,
                        cwd=BASE_DIR,
                    )
                    line = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
                    seconds, memory, outcome = line.split("\t", 2) if line else ("-", "-", result.stderr[-200:])
                except subprocess.TimeoutExpired:
                    seconds, memory, outcome = f"{time.perf_counter() - started:.0f}+", "-", "still running after 60 s"
                print(f"{name:22} {path.stat().st_size:>9} {mode:9} {seconds:>6}s {memory:>7}MB  {outcome[:90]}")
                if mode == "bounded" and seconds != "-":
                    worst_time = max(worst_time, float(seconds))
                    worst_memory = max(worst_memory, float(memory))
    print(
        f"\nbounded reader: slowest refusal {worst_time:.3f} s, largest memory growth {worst_memory:.1f} MB "
        f"(goal: under 1 s and 50 MB)"
    )


if __name__ == "__main__":
    main()
