#!/usr/bin/env python
"""The real stack, smoke-tested without Docker: gunicorn, a Celery worker and Celery beat against
this machine's PostgreSQL and Redis, under production settings.

    .venv/bin/python scripts/smoke_stack.py                 # exit 0: every check passed
    .venv/bin/python scripts/smoke_stack.py --break worker  # must fail: see tests/deploy/test_smoke_stack.py

What it does, in order (each step prints one line; the first failure stops it with exit 1):
 1. drops and creates a scratch database (its name must contain "smoke") and empties its own Redis
    database; migrates; runs collectstatic into a scratch folder (WhiteNoise's hashed, compressed
    names); creates a school, a decaan with a confirmed TOTP authenticator and a pupil.
 2. starts gunicorn (deploy/gunicorn.conf.py), a Celery worker and Celery beat, each as a plain
    command with a PID file, with VOROC_PRODUCTION=1 behind the proxy header the settings trust
    (X-Forwarded-Proto: https) on loopback.
 3. checks the health probes (plain HTTP, as a container probe asks), logs in with password and
    TOTP code, saves the doorstroomformulier, queues a PDF batch and downloads the PDF the worker
    made, checks that a task beat sent was completed by the worker, fetches a hashed static file
    compressed, and checks that the logs are JSON lines with request ids, with the client's address
    from X-Forwarded-For, and without the query string it sent.
 4. stops every process by the PID in its PID file (also on failure), and drops the database.

It needs the development dependencies (tests/factories.py creates the data). Options and
environment variables: --help.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SENTINEL = "SmokeSentinel4711"  # sent in a query string; must appear in no log
PASSWORD = "smoke-" + secrets.token_urlsafe(16)
CLIENT_ADDRESS = "203.0.113.7"  # the browser's address as the proxy reports it (a documentation address)


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"[smoke] {message}", flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- processes ------------------------------------------------------------------------------------


class Service:
    def __init__(self, name: str, cmd: list[str], env: dict, workdir: Path):
        self.name, self.cmd, self.env = name, cmd, env
        self.pidfile = workdir / f"{name}.pid"
        self.logfile = workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.logfile, "wb") as log:
            self.proc = subprocess.Popen(  # noqa: S603 (our own commands)
                self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def stop(self) -> None:
        """SIGTERM to the PID in the PID file (warm shutdown), SIGKILL after 20 s."""
        if self.proc is None:
            return
        pid = self.pid() or self.proc.pid
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            if self.proc.poll() is not None:
                break
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        if self.proc.poll() is None:  # the PID file named another process: stop what we started
            self.proc.kill()
            self.proc.wait(timeout=5)


def wait_for(what: str, predicate, timeout: float, services=()) -> None:
    deadline = time.monotonic() + timeout
    while True:
        for service in services:
            check(service.alive(), f"{service.name} stopped while waiting for {what}")
        if predicate():
            return
        check(time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.5)


def run(cmd: list[str], env: dict, what: str) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    check(result.returncode == 0, f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result.stdout


# --- HTTP -----------------------------------------------------------------------------------------


class Browser:
    """Just enough of a browser behind a TLS-terminating proxy: cookies, CSRF, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | list | None = None, headers=None, proxy=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if proxy:
            sent["X-Forwarded-Proto"] = "https"
            sent["X-Forwarded-For"] = CLIENT_ADDRESS
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode([tuple(field) for field in form]).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, data

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


class FormParser(HTMLParser):
    """The fields of every <form> on a page, as a browser would submit them (unchanged)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            )
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                fields.append([a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            fields.append([self._select, a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_on(page: bytes, action_part: str = "") -> list[list[str]]:
    """The fields of the page's POST form whose action contains `action_part` (or, without one,
    the POST form without an action: it posts to the page itself)."""
    parser = FormParser()
    parser.feed(page.decode("utf-8"))
    for form in parser.forms:
        if form["method"] == "post" and (action_part in form["action"] if action_part else not form["action"]):
            return form["fields"]
    raise SmokeFailure(f"no POST form {'to …' + action_part if action_part else 'to the page itself'} on the page")


def totp(hex_key: str, step: int = 30, digits: int = 6, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


# --- the run --------------------------------------------------------------------------------------

SEED = """
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests import factories as f

jaar = f.SchooljaarFactory()
school = f.SchoolFactory()
user = f.user_with_role("decaan", school, email="decaan@smoke.voroc.test")
user.set_password(PASSWORD)
user.save()
device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
leerling = f.LeerlingFactory(school=school, schooljaar=jaar, klas="4S")
print(json.dumps({"email": user.email, "key": device.key, "leerling": leerling.pk, "klas": leerling.klas}))
"""


def reset_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    check("smoke" in name, f"refusing to drop database {name!r}: its name must contain 'smoke'")
    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def json_lines(text: str, name: str, strict: bool = True) -> list[dict]:
    """The log's JSON lines. Strict: every line must be one (gunicorn). Celery writes a few plain
    lines itself (a warning before logging is set up, "Warm shutdown"): those are passed over."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or (not strict and not line.startswith("{")):
            continue
        try:
            lines.append(json.loads(line))
        except ValueError:
            raise SmokeFailure(f"{name} log line {number} is not JSON: {line[:200]}") from None
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/voroc_smoke")
    )
    parser.add_argument("--redis-url", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMOKE_PORT", "8130")))
    parser.add_argument(
        "--timeout",
        type=float,
        default=float(os.environ.get("SMOKE_TIMEOUT", "60")),
        help="seconds to wait for a service to be ready or a task to finish",
    )
    parser.add_argument(
        "--break",
        dest="broken",
        choices=("web", "worker", "beat"),
        help="start this service broken, to show that the smoke test then fails",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args(argv)

    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="voroc-smoke-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "VOROC_", "CELERY_", "SENTRY_", "GUNICORN_", "HERINNERING_"))
        and key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "STATIC_ROOT", "MEDIA_ROOT", "LOG_FORMAT")
    }
    env.update(
        {
            "VOROC_PRODUCTION": "1",
            # Explicit, so that a developer's .env (read by the settings) cannot change the run.
            "VOROC_DEMO": "0",
            "VOROC_REQUIRE_2FA": "1",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "SENTRY_DSN": "",
            "VOROC_TRUSTED_PROXIES": "1",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "EMAIL_URL": "dummymail://",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "VOROC_BASE_URL": f"https://127.0.0.1:{args.port}",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "GUNICORN_WORKERS": "2",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),
        }
    )
    python = str(BIN / "python")
    worker_name = f"smoke-{secrets.token_hex(4)}@%h"
    commands = {
        "web": [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--pid", str(workdir / "web.pid")],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "voroc",
            "--quiet",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            f"--pidfile={workdir / 'worker.pid'}",
            "-n",
            worker_name,
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "voroc",
            "--quiet",
            "beat",
            "--loglevel=INFO",
            "--max-interval=1",
            f"--pidfile={workdir / 'beat.pid'}",
            f"--schedule={workdir / 'beat-schedule'}",
            "--scheduler=smoke_beat:SmokeScheduler",
        ],
    }
    service_env = {name: dict(env) for name in commands}
    if args.broken == "web":
        service_env["web"]["DJANGO_SETTINGS_MODULE"] = "voroc.no_such_settings"  # the app cannot load
    elif args.broken in ("worker", "beat"):
        service_env[args.broken]["REDIS_URL"] = "redis://127.0.0.1:1/9"  # a broker that is not there
    services = [Service(name, cmd, service_env[name], workdir) for name, cmd in commands.items()]
    ok = False
    try:
        step(f"scratch database {urllib.parse.urlsplit(args.database_url).path.lstrip('/')}, Redis {args.redis_url}")
        reset_database(args.database_url)
        import redis

        redis.Redis.from_url(args.redis_url, socket_connect_timeout=2).flushdb()
        run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env, "migrate")
        run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env, "collectstatic")
        manifest = json.loads((workdir / "static" / "staticfiles.json").read_text())
        check("css/voroc.css" in manifest["paths"], "collectstatic wrote no manifest entry for css/voroc.css")
        seed = json.loads(
            run([python, "manage.py", "shell", "-c", SEED.replace("PASSWORD", repr(PASSWORD))], env, "seed")
            .strip()
            .splitlines()[-1]
        )
        step(f"migrated, static files collected, data created ({time.monotonic() - started:.0f} s)")

        for service in services:
            service.start()
        web, worker, beat = services
        browser = Browser(args.port)

        def web_up():
            try:
                return browser.get("/health/live", proxy=False)[0].status == 200
            except OSError:
                return False

        wait_for("gunicorn to answer /health/live", web_up, args.timeout, [web])
        wait_for("the Celery worker to be ready", lambda: " ready." in worker.log(), args.timeout, [worker])
        wait_for("beat to start", lambda: "beat: Starting" in beat.log(), args.timeout, [beat])
        step(f"gunicorn, worker and beat run (PIDs {web.pid()}, {worker.pid()}, {beat.pid()})")

        # Health probes as the container health check asks them: plain HTTP, no proxy header.
        probe = subprocess.run(  # noqa: S603
            [python, "-m", "voroc.healthcheck", "ready"],
            env={**env, "HEALTHCHECK_URL": f"http://127.0.0.1:{args.port}"},
            capture_output=True,
            text=True,
            timeout=30,
            cwd=ROOT,
        )
        check(probe.returncode == 0, f"health probe failed: {probe.stdout}{probe.stderr}")
        ready = json.loads(probe.stdout)
        check(ready == {"status": "ok", "database": "ok", "broker": "ok"}, f"/health/ready said {ready}")
        step("health probes: live and ready (database ok, broker ok)")

        # Login: password, then the TOTP code of the authenticator.
        response, page = browser.get("/account/inloggen/")
        check(response.status == 200, f"login page: {response.status}")
        check(response.getheader("Strict-Transport-Security"), "no HSTS header behind the proxy header")
        fields = form_on(page)
        fields = [f for f in fields if f[0] not in ("username", "password")]
        response, _ = browser.post("/account/inloggen/", fields + [["username", seed["email"]], ["password", PASSWORD]])
        check(response.status == 302, f"password step: {response.status}")
        # With a password only, every page sends on to the second step.
        response, _ = browser.get(response.getheader("Location"))
        check(
            response.status == 302 and "/account/tweestaps/" in response.getheader("Location", ""),
            f"without the code: {response.status} {response.getheader('Location')}",
        )
        response, page = browser.get("/account/tweestaps/")
        fields = [f for f in form_on(page) if f[0] != "token"]
        response, _ = browser.post("/account/tweestaps/", fields + [["token", totp(seed["key"])]])
        check(response.status == 302, f"TOTP step: {response.status}")
        response, page = browser.get("/")
        check(response.status == 200, f"dashboard after login: {response.status}")
        step("logged in with password and TOTP code")

        # The doorstroomformulier: open, change, save, read back.
        pupil = seed["leerling"]
        response, page = browser.get(f"/doorstroom/leerling/{pupil}/")
        check(response.status == 200, f"form page: {response.status}")
        text = f"Smoke {secrets.token_hex(4)}: wil de opleiding Zorg en Welzijn volgen"
        fields = [f for f in form_on(page, "/opslaan/") if f[0] != "motivatie"] + [["motivatie", text]]
        response, page = browser.post(f"/doorstroom/leerling/{pupil}/opslaan/", fields)
        check(response.status == 302, f"saving the form: {response.status} {page[:300]!r}")
        response, page = browser.get(f"/doorstroom/leerling/{pupil}/")
        check(text in page.decode(), "the saved text is not on the form page")
        step("doorstroomformulier saved and read back")

        # A PDF batch, made by the worker.
        response, page = browser.get(f"/doorstroom/pdf-bundels/nieuw/?klas={seed['klas']}")
        fields = form_on(page)
        check(["leerling", str(pupil)] in fields, "the pupil is not offered for a PDF batch")
        response, _ = browser.post("/doorstroom/pdf-bundels/nieuw/", fields)
        check(response.status == 302, f"queueing the PDF batch: {response.status}")
        batch_url = response.getheader("Location")
        download = batch_url.rstrip("/") + "/download/"
        pdf = {}

        def batch_ready():
            response, body = browser.get(download)
            pdf.update(status=response.status, body=body, type=response.getheader("Content-Type"))
            return response.status == 200

        wait_for("the worker to make the PDF batch", batch_ready, args.timeout, [web, worker])
        check(pdf["type"] == "application/pdf" and pdf["body"].startswith(b"%PDF"), "the download is no PDF")
        step(f"PDF batch queued, made by the worker, downloaded ({len(pdf['body'])} bytes)")

        # A task that beat sent, completed by the worker.
        wait_for(
            "a ping sent by beat to be completed by the worker",
            lambda: (
                "Sending due task smoke-ping" in beat.log()
                and re.search(r"Task terugkoppeling\.tasks\.ping\[[0-9a-f-]+\] succeeded", worker.log())
            ),
            args.timeout,
            [beat, worker],
        )
        step("beat sent a scheduled task; the worker completed it")

        # A hashed static file, compressed, cached for ever.
        href = re.search(rb'href="(/static/css/voroc\.[0-9a-f]{12}\.css)"', browser.get("/")[1])
        check(href, "the page does not link the hashed stylesheet")
        response, body = browser.get(href.group(1).decode(), headers={"Accept-Encoding": "gzip"})
        check(response.status == 200 and body, f"hashed static file: {response.status}")
        check(response.getheader("Content-Encoding") == "gzip", "the static file was not served compressed")
        check("immutable" in (response.getheader("Cache-Control") or ""), "the hashed file is not cached for ever")
        step(f"hashed static file {href.group(1).decode()} served compressed")

        # Logs: JSON lines with request ids, never the query string.
        response, _ = browser.get(f"/leerlingen/?q={SENTINEL}")
        check(response.status == 200, f"pupil list: {response.status}")
        request_id = response.getheader("X-Request-ID")
        time.sleep(1)
        web_lines = json_lines(web.log(), "gunicorn")
        check(json_lines(worker.log(), "worker", strict=False), "the worker wrote no JSON log line")
        check(json_lines(beat.log(), "beat", strict=False), "beat wrote no JSON log line")
        access = [line for line in web_lines if line.get("logger") == "gunicorn.access"]
        check(
            any(line.get("request_id") == request_id and line.get("path") == "/leerlingen/" for line in access),
            "no access line with the request id and the path",
        )
        check(
            any(line.get("logger") == "voroc.access" and line.get("user_id") for line in web_lines),
            "no application log line with a user id",
        )
        logins = [line["message"] for line in web_lines if line.get("message", "").startswith("login result=ok")]
        check(logins and f"origin={CLIENT_ADDRESS}" in logins[0], f"the login's access line: {logins}")
        for service in services:
            check(SENTINEL not in service.log(), f"the query string reached the {service.name} log")
            check(seed["email"] not in service.log(), f"the user's e-mail address reached the {service.name} log")
        step("logs are JSON lines with request and user ids and the client's address, without query strings")
        ok = True
    except SmokeFailure as failure:
        step(f"FAILED: {failure}")
    except Exception:  # noqa: BLE001 (an unexpected error is a failure too, with its traceback)
        import traceback

        step(f"FAILED with an unexpected error:\n{traceback.format_exc()}")
    finally:
        for service in reversed(services):
            service.stop()
        stopped = all(not s.alive() for s in services)
        if not ok or args.keep:
            for service in services:
                print(f"\n--- {service.name} log (last 40 lines): {service.logfile}")
                print("\n".join(service.log().splitlines()[-40:]))
        if not args.keep:
            try:
                drop_database(args.database_url)
            except Exception as error:  # noqa: BLE001 (reported; the result stands)
                step(f"could not drop the scratch database: {error}")
    if ok and not stopped:
        step("FAILED: a process did not stop")
        ok = False
    if ok and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    step(f"{'passed' if ok else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
