"""A mail server for benchmarks, in a process of its own (as a real one would be): it
accepts every email and prints one line per recipient, ``<address> <unix time>``, the
moment it accepted it.

    python benchmarks/smtp_sink.py PORT
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import Any

from aiosmtpd.smtp import SMTP


class Sink:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        now = time.time()
        for rcpt in envelope.rcpt_tos:
            sys.stdout.write(f"{rcpt.lower()} {now:.6f}\n")
        sys.stdout.flush()
        return "250 Message accepted"


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    handler = Sink()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.localhost", loop=loop), host="127.0.0.1", port=port
    )
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    asyncio.run(serve(int(sys.argv[1])))
