"""Benchmark: throughput of the main lists under gunicorn (2 workers), beside their floor views.

Starts gunicorn on loopback against the bench_seed database in DATABASE_URL, signs in (with a
verified second factor) as the decaan of the largest school, the intaker of the institution with
the most applications and a consulent of the municipality with the most residents, and runs
`wrk` (Debian package `wrk`) against the decaan's pupil list, the worklist and the municipal
overview, each beside a bare view of the same rows (bench/floor_urls.py), at 10 and 20
connections, each request with one of as many sessions of that user as there are connections.
Prints requests per second, median latency, errors, the share of the floor, and the
memory of each gunicorn worker after the load.

    make bench-seed                                           # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench .venv/bin/python bench/throughput.py
    ... bench/throughput.py --duration 60 --connections 10,20

This is a script, not a timed test.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8799
TIMEOUT = 10
SECRET = secrets.token_urlsafe(50)  # the same key for gunicorn and for the sessions made here
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings_throughput",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "VOROC_PRODUCTION": "0",  # plain http on loopback: no TLS redirect
    "LOG_LEVEL": "ERROR",
    "EMAIL_URL": "dummymail://",
}


def lua_script(cookies: list[str]) -> str:
    """A wrk script that sends each request with one of several sessions, as several users would
    (one session for every connection would queue the requests on that session's row)."""
    quoted = ", ".join(f'"{c}"' for c in cookies)
    path = Path(tempfile.mkdtemp(prefix="voroc-wrk-")) / "sessions.lua"
    path.write_text(
        f"local cookies = {{{quoted}}}\n"
        "request = function()\n"
        '  return wrk.format("GET", nil, {["Cookie"] = "sessionid=" .. cookies[math.random(#cookies)]})\n'
        "end\n"
    )
    return str(path)


def wrk(url: str, script: str, connections: int, duration: int) -> dict:
    # A request that takes longer than TIMEOUT counts as an error (wrk's own default is 2 s).
    command = [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{duration}s", f"--timeout={TIMEOUT}s"]
    command += ["--latency", "-s", script, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 (own arguments)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[median.group(2)]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {"rps": rps, "p50": float(median.group(1)) * factor, "errors": errors}


def workers_rss_mb(master: int) -> list[float]:
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1)) / 1024)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", default="10,20")
    parser.add_argument("--long", type=int, help="seconds for the run at the most connections (default --duration)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    os.environ.update(SERVER_ENV)

    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from aanmelding.models import Aanmelding
    from bench.common import analyze, verified_client
    from bench.paginas import member
    from leerlingen.models import Leerling, Schooljaar
    from voroc.accounts.models import Organisatie

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("Run against a bench_seed database (its name contains 'bench').")
    school = Organisatie.objects.get(
        pk=Leerling.objects.filter(schooljaar__actief=True)
        .values("school")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["school"]
    )
    instelling = Organisatie.objects.get(
        pk=Aanmelding.objects.values("opleiding__instelling")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["opleiding__instelling"]
    )
    gemeente = Organisatie.objects.get(
        pk=Leerling.objects.values("woongemeente").annotate(n=Count("pk")).order_by("-n")[0]["woongemeente"]
    )
    jaar = Schooljaar.objects.get(actief=True).pk
    analyze()
    targets = [
        (
            "decaan pupil list",
            "decaan",
            school,
            reverse("leerlingen:list"),
            f"/bench-floor/leerlingen/{school.pk}/{jaar}/",
        ),
        ("mbo worklist", "intaker", instelling, reverse("mbo:werklijst"), f"/bench-floor/werklijst/{instelling.pk}/"),
        (
            "municipal overview",
            "consulent",
            gemeente,
            reverse("rmc:overzicht"),
            f"/bench-floor/overzicht/{gemeente.pk}/{jaar}/",
        ),
    ]
    sessions = max(int(c) for c in args.connections.split(","))
    cookies, scripts = {}, {}
    for _, rol, org, _, _ in targets:
        user = member(rol, org)
        cookies[rol] = [verified_client(user).cookies["sessionid"].value for _ in range(sessions)]
        scripts[rol] = lua_script(cookies[rol])

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(  # noqa: S603 (our own arguments)
        [str(ROOT / ".venv/bin/gunicorn"), "bench.wsgi_throughput:application", "-w", "2", "-b", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/health/live", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.5)
        most = max(int(c) for c in args.connections.split(","))
        longest = args.long or args.duration
        print(
            f"gunicorn, 2 workers; wrk -t2, {args.duration} s per run, {longest} s at {most} connections, "
            f"a request over {TIMEOUT} s counts as an error",
            flush=True,
        )
        print(f"{'list':<22} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'errors':>6} | {'floor req/s':>11} {'share':>6}")
        for label, rol, _, url, floor in targets:
            for path in (url, floor):  # a redirect (to the login or 2FA page) would measure nothing
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                connection.request("GET", path, headers={"Cookie": f"sessionid={cookies[rol][0]}"})
                status = connection.getresponse().status
                connection.close()
                if status != 200:
                    raise SystemExit(f"{label}: {path} answers {status}: nothing to measure")
            for connections in (int(c) for c in args.connections.split(",")):
                seconds = longest if connections == most else args.duration
                page = wrk(base + url, scripts[rol], connections, seconds)
                bare = wrk(base + floor, scripts[rol], connections, seconds)
                share = page["rps"] / bare["rps"] * 100 if bare["rps"] else 0
                print(
                    f"{label:<22} {connections:>4} {page['rps']:>8.1f} {page['p50']:>8.0f} {page['errors']:>6} | "
                    f"{bare['rps']:>11.1f} {share:>5.0f}%",
                    flush=True,
                )
        sizes = workers_rss_mb(server.pid)
        print("worker memory after the load: " + ", ".join(f"{mb:.0f} MB" for mb in sizes), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
