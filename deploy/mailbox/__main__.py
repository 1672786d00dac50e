"""``python -m deploy.mailbox``: the local SMTP inbox (SMTP 1025, web 8025 by default)."""

from __future__ import annotations

import logging

from aiohttp import web

from deploy.mailbox.settings import MailboxSettings
from deploy.mailbox.web import create_app
from shared.logging import configure_logging, get_logger


def main() -> None:
    settings = MailboxSettings()
    configure_logging(level=settings.log_level, service="mailbox")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    get_logger(__name__).info(
        "mailbox.starting",
        smtp=f"{settings.host}:{settings.smtp_port}",
        web=f"http://{settings.host}:{settings.http_port}",
    )
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.http_port,
        print=None,
        access_log=None,
    )


if __name__ == "__main__":
    main()
