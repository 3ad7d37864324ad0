"""`make bench`: every benchmark of the national picture in one run, its figures written to
bench/RESULTS.md.

Runs, against the `bench_seed` database in DATABASE_URL (its name must contain "bench"):
every role's pages beside their floors (paginas.py), one form PDF and a batch of 300
(pdf_bundel.py), throughput under gunicorn with wrk beside the floor views and the workers' memory
after the load (throughput.py); and on a scratch database of its own next to it (created here,
`<name>_scratch`, because those scripts empty their database first) the reminder run over 100,000
pupils (herinneringen.py) and a 5,000-pupil import beside a COPY (leerling_import.py).

Each script's output is printed as it comes and written, with the machine, the date, the commit
and the load average before and after each step, between the two markers in bench/RESULTS.md
(the rest of that file, the analyses with their query plans, is kept as it is).

    make bench-seed && make bench          # DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench
    .venv/bin/python bench/run_all.py pages pdf     # only these steps; the others keep their last figures

This is a script, not a timed test.
"""

import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
START = "<!-- make bench: figures of the last run, written by bench/run_all.py -->"
END = "<!-- make bench: end of the figures -->"
# The access log (voroc.access logs at INFO whatever LOG_LEVEL says) would bury the figures.
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+Z (DEBUG|INFO) ")


def machine() -> list[str]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    mem = re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M)
    git = shutil.which("git") or "git"
    commit = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    lines = [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip() or '?'}",
        f"- machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else platform.processor()}), "
        f"{int(mem.group(1)) / 1024 / 1024:.1f} GB memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, database {server_version()}",
    ]
    return lines


def server_version() -> str:
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    return connection.vendor


def scratch_database(url: str) -> str:
    """`<name>_scratch` beside the bench database, created empty (PostgreSQL)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_scratch"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def load() -> str:
    return "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run(title: str, args: list[str], env: dict) -> tuple[str, str]:
    print(f"\n## {title}\n", flush=True)
    before, started = load(), time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (our own scripts)
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = []
    for line in process.stdout:
        if LOG_LINE.match(line):
            continue
        print(line, end="", flush=True)
        out.append(line)
    if process.wait():
        out.append(f"(exit status {process.returncode})\n")
    head = f"{title}: {time.perf_counter() - started:.0f} s, {before} before, {load()} after"
    return head, "".join(out).rstrip()


STEPS = {
    "pages": ("Pages of every role beside their floors (bench/paginas.py)", ["bench/paginas.py"], False),
    "pdf": ("One form PDF and a batch of 300 (bench/pdf_bundel.py)", ["bench/pdf_bundel.py"], False),
    "throughput": (
        "Throughput under gunicorn, 2 workers (bench/throughput.py)",
        ["bench/throughput.py", "--duration", "30", "--connections", "10,20", "--long", "60"],
        False,
    ),
    "reminders": (
        "Reminder run over 100,000 pupils (bench/herinneringen.py, scratch database)",
        ["bench/herinneringen.py", "--pupils", "100000"],
        True,
    ),
    "import": (
        "Import of 5,000 pupils beside COPY (bench/leerling_import.py, scratch database)",
        ["bench/leerling_import.py", "--rows", "5000"],
        True,
    ),
}


def earlier_sections(text: str) -> dict[str, str]:
    """The sections of the last run in RESULTS.md by their title, to keep those not run again."""
    if START not in text or END not in text:
        return {}
    block = text[text.index(START) : text.index(END)]
    sections = {}
    for part in block.split("\n### ")[1:]:
        for title, _, _ in STEPS.values():
            if part.startswith(title):
                sections[title] = "### " + part.rstrip() + "\n"
    return sections


def main():
    url = os.environ.get("DATABASE_URL", "")
    if "bench" not in url or not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database filled by `make bench-seed`.")
    chosen = sys.argv[1:] or list(STEPS)
    if unknown := set(chosen) - set(STEPS):
        raise SystemExit(f"Unknown step(s) {', '.join(sorted(unknown))}; choose from {', '.join(STEPS)}.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
    sys.path.insert(0, str(ROOT))
    header = machine()
    env = {**os.environ, "LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT)}
    scratch = {**env, "DATABASE_URL": scratch_database(url)} if any(STEPS[c][2] for c in chosen) else env
    earlier = earlier_sections(RESULTS.read_text())
    block = [START, "", "## The last `make bench` run", "", *header]
    if len(chosen) < len(STEPS):
        block.append(f"- this run: {', '.join(chosen)}; the other sections are from an earlier run (see their commit)")
    block.append("")
    for name, (title, args, own_database) in STEPS.items():
        if name in chosen:
            head, out = run(title, args, scratch if own_database else env)
            stamp = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {header[0].rsplit(' ', 1)[-1]}"
            block += [f"### {head} ({stamp})", "", "```", out, "```", ""]
        elif title in earlier:
            block += [earlier[title]]
    block.append(END)
    text = RESULTS.read_text()  # again: the file may have been edited while the steps ran
    if START in text and END in text:
        text = text[: text.index(START)] + "\n".join(block) + text[text.index(END) + len(END) :]
    else:  # first run: the figures go right below the title
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n" + "\n".join(block) + "\n" + rest
    RESULTS.write_text(text)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    main()
