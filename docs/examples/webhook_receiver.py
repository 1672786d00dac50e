"""An example webhook receiver for clinician tools: verify the signature, then use the event.

Run it where the portal can reach it over HTTPS (behind your TLS proxy), register its URL
in the workspace (Integrations, Register webhook) and give it the secret shown once::

    PORTAL_WEBHOOK_SECRET=whsec_... python docs/examples/webhook_receiver.py  # port 8000

Only the standard library. Each request carries::

    Portal-Signature: t=1764579600,v1=5f2b...   HMAC-SHA256(secret, "<t>.<raw body>"), hex
    Portal-Event-Id:  the CloudEvents id (the same on every retry of one event)

Verify over the raw bytes you received (not re-serialised JSON), in constant time, and
refuse a ``t`` outside your replay window: a captured request cannot be played again
later. Answer 2xx quickly once the event is safely stored; anything else (or no answer
within 10 s) is retried with a growing delay for a day. Deliveries come at least once:
keep the ids you handled and ignore one you have seen.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

REPLAY_WINDOW_SECONDS = 300


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: float = REPLAY_WINDOW_SECONDS,
) -> bool:
    """True when ``header`` (``t=...,v1=...``) signs ``body`` with ``secret`` and ``t``
    is within ``tolerance`` seconds of ``now``."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), given)


class Receiver(BaseHTTPRequestHandler):
    secret = os.environ.get("PORTAL_WEBHOOK_SECRET", "")
    seen: set[str] = set()  # a real tool keeps these in its own database

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verify_signature(self.secret, self.headers.get("Portal-Signature", ""), body):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        if event["id"] not in self.seen:
            self.seen.add(event["id"])
            print(event["type"], event["time"], json.dumps(event["data"]))
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Receiver).serve_forever()
