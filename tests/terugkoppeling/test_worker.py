"""One integration test with a REAL Celery worker against the real Redis.

The worker is a separate process: it cannot see pytest's test database, so it runs the
`ping` health task, whose result comes back through the Redis result backend. It listens on
a queue of its own (other test runs or workers on this Redis cannot take the message) and is
stopped by the PID from its pidfile. CI runs Redis at 127.0.0.1:6379; this test does not skip
there. Set VOROC_SKIP_WORKER_TESTS=1 to leave it out on a machine without Redis.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(os.environ.get("VOROC_SKIP_WORKER_TESTS") == "1", reason="VOROC_SKIP_WORKER_TESTS=1"),
]

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("VOROC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _stop(proc: subprocess.Popen, pidfile: Path) -> None:
    pid = int(pidfile.read_text().strip()) if pidfile.exists() and pidfile.read_text().strip() else proc.pid
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def test_real_worker_completes_a_task(tmp_path, request):
    import redis
    from celery import Celery

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()  # a clear error when Redis is not running

    queue = f"voroc-test-{uuid.uuid4().hex[:12]}"
    pidfile = tmp_path / "worker.pid"
    logfile = tmp_path / "worker.log"
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "voroc.settings",
    }
    celery_bin = Path(sys.executable).parent / "celery"
    cmd = [
        str(celery_bin),
        "-A",
        "voroc",
        "worker",
        "--pool=solo",
        f"--pidfile={pidfile}",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with open(logfile, "w") as log:
        proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    request.addfinalizer(lambda: _stop(proc, pidfile))

    client = Celery("voroc-test-client", broker=REDIS_URL, backend=REDIS_URL)
    try:
        result = client.send_task("terugkoppeling.tasks.ping", queue=queue)
        deadline = time.monotonic() + 60
        while not result.ready():
            assert proc.poll() is None, f"the worker stopped:\n{logfile.read_text()}"
            assert time.monotonic() < deadline, f"no result within 60 s:\n{logfile.read_text()}"
            time.sleep(0.2)
        assert result.get(timeout=5) == "pong"
        assert result.status == "SUCCESS"
        assert pidfile.exists() and int(pidfile.read_text()) == proc.pid
    finally:
        client.close()
