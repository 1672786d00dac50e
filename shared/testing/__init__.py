"""Helpers for tests against the real PostgreSQL, RabbitMQ, SMTP server and gateway.

- ``servers``: a fresh database per run, a RabbitMQ virtual host per run, an SMTP inbox,
  apps on real sockets, servers stopped for a moment (``@pytest.mark.stops_servers``), a
  TCP proxy a test cuts to make a server unreachable for itself alone
- ``tokens``: ``TokenMinter`` (an access token for any role) and ``FrozenClock``
- ``stack``: ``running_stack``, any set of services behind the real gateway

Nothing here is a fake of our own code.
"""

from shared.testing.servers import (
    TEST_ENCRYPTION_KEYS,
    SmtpInbox,
    TcpProxy,
    drain_event_ids,
    eventually,
    free_port,
    fresh_database,
    migrated,
    own_vhost,
    postgres_stopped,
    rabbitmq_stopped,
    running_app,
    settings_for_test,
    smtp_server,
    text_of,
)
from shared.testing.stack import Stack, running_stack
from shared.testing.tokens import FrozenClock, TokenMinter

__all__ = [
    "TEST_ENCRYPTION_KEYS", "FrozenClock", "SmtpInbox", "Stack", "TcpProxy", "TokenMinter",
    "drain_event_ids", "eventually", "free_port", "fresh_database", "migrated", "own_vhost",
    "postgres_stopped", "rabbitmq_stopped", "running_app", "running_stack",
    "settings_for_test", "smtp_server", "text_of",
]  # fmt: skip
