"""Container health probe: `python -m voroc.healthcheck [live|ready]` exits 0 when the endpoint says 200.

Used by the compose health checks (the slim image has no curl). It asks gunicorn on this container
(`HEALTHCHECK_URL`, default http://127.0.0.1:8000) with the first host of DJANGO_ALLOWED_HOSTS as
Host header, since Django refuses unknown hosts. It does not import Django.
"""

import os
import sys
import urllib.error
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    first = next((h.strip() for h in allowed_hosts.split(",") if h.strip()), "localhost")
    if first == "*":
        return "localhost"
    return "health" + first if first.startswith(".") else first


def main(argv: list[str]) -> int:
    kind = argv[0] if argv else "live"
    if kind not in ("live", "ready"):
        print("usage: python -m voroc.healthcheck [live|ready]", file=sys.stderr)
        return 2
    base = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000").rstrip("/")
    if not base.startswith(("http://", "https://")):
        print("HEALTHCHECK_URL must be an http(s) address", file=sys.stderr)
        return 2
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        f"{base}/health/{kind}", headers={"Host": probe_host(os.environ.get("DJANGO_ALLOWED_HOSTS", ""))}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            print(response.read().decode("utf-8", "replace"))
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(f"{error.code} {error.read().decode('utf-8', 'replace')[:200]}", file=sys.stderr)
    except OSError as error:
        print(f"unreachable: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
