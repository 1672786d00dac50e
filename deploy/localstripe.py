"""A local Stripe for `make up`: localstripe (a development tool, GPLv3) run as a process
of its own, never imported, with the portal's webhook registered as soon as it answers
(localstripe keeps webhooks in memory only). Billing and the gateway are pointed at it by
deploy/local.env; production uses Stripe itself and never runs this.

    python -m deploy.localstripe     (deploy/Procfile's "stripe" process)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import FrameType

PATH = "/api/v1/billing/stripe/webhook"


def webhook_url() -> str:
    public = os.environ.get("PORTAL_PUBLIC_URL", "").rstrip("/")
    return (public or f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8080')}") + PATH


def register(base: str, *, secret: str, url: str, attempts: int = 100) -> None:
    body = json.dumps({"url": url, "secret": secret}).encode()
    for _ in range(attempts):
        request = urllib.request.Request(  # noqa: S310 - our own local address
            f"{base}/_config/webhooks/portal",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310
                print(f"localstripe: webhook to {url}", flush=True)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("localstripe did not start")


def main() -> None:
    port = os.environ.get("LOCALSTRIPE_PORT", "8420")
    secret = os.environ.get("BILLING_STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        raise SystemExit("BILLING_STRIPE_WEBHOOK_SECRET is not set (deploy/local.env sets it)")
    found = Path(sys.executable).with_name("localstripe")
    binary = str(found) if found.exists() else shutil.which("localstripe") or "localstripe"
    child = subprocess.Popen([binary, "--port", port, "--from-scratch"])  # noqa: S603

    def stop(signum: int, _: FrameType | None) -> None:
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    register(f"http://127.0.0.1:{port}", secret=secret, url=webhook_url())
    raise SystemExit(child.wait())


if __name__ == "__main__":
    main()
