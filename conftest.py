"""Fixtures shared by every test: real PostgreSQL, RabbitMQ and SMTP.

Local servers are used when they answer (this machine and CI start them); where they do
not and Docker is available, testcontainers starts them. Set PORTAL_TEST_CONTAINERS=1 to
force containers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator

import pytest

from shared.testing import SmtpInbox, fresh_database, own_vhost, smtp_server

LOCAL_POSTGRES = os.environ.get(
    "PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
LOCAL_AMQP = os.environ.get("PORTAL_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/")


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _docker_available() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    probe = subprocess.run([docker, "info"], capture_output=True, timeout=20, check=False)
    return probe.returncode == 0


def _use_containers() -> bool:
    """Containers when asked for, or when the local servers are missing and Docker runs.

    Never silently: a local server that is down with no Docker engine is a clear error,
    not a fallback that fails later.
    """
    if os.environ.get("PORTAL_TEST_CONTAINERS") == "1":
        return True
    if _answers("127.0.0.1", 5432) and _answers("127.0.0.1", 5672):
        return False
    if _docker_available():
        return True
    pytest.exit(
        "PostgreSQL (127.0.0.1:5432) and RabbitMQ (127.0.0.1:5672) must be running, or a Docker "
        "engine for testcontainers. Start them (see README) or run `bash .ci/run`.",
        returncode=4,
    )


LOCAL_MANAGEMENT = os.environ.get("PORTAL_TEST_RABBITMQ_MANAGEMENT", "http://127.0.0.1:15672")


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[tuple[str, str, str]]:
    """(postgres server DSN, AMQP URL, RabbitMQ management API URL; user guest)."""
    if not _use_containers():
        yield LOCAL_POSTGRES, LOCAL_AMQP, LOCAL_MANAGEMENT
        return
    from testcontainers.postgres import PostgresContainer
    from testcontainers.rabbitmq import RabbitMqContainer

    with (
        PostgresContainer("postgres:15", driver=None) as pg,
        RabbitMqContainer("rabbitmq:3.12-management").with_exposed_ports(15672) as mq,
    ):
        params = mq.get_connection_params()
        amqp = f"amqp://guest:guest@{params.host}:{params.port}/"
        management = f"http://{params.host}:{mq.get_exposed_port(15672)}"
        yield pg.get_connection_url(), amqp, management


@pytest.fixture(scope="session")
async def admin_dsn(infrastructure: tuple[str, str, str]) -> AsyncIterator[str]:
    """A fresh database for this test run, dropped at the end."""
    async with fresh_database(infrastructure[0]) as dsn:
        yield dsn


@pytest.fixture(scope="session")
def amqp_url(infrastructure: tuple[str, str, str]) -> Iterator[str]:
    """The broker for this test run: a virtual host of its own on the local RabbitMQ, so
    that test runs sharing one broker (several checkouts, CI beside a developer) never
    share a queue; the default virtual host where rabbitmqctl cannot be used."""
    url = infrastructure[1]
    with own_vhost(url) as vhost_url:
        yield vhost_url


@pytest.fixture(scope="session")
def rabbitmq_management(infrastructure: tuple[str, str, str]) -> str:
    """RabbitMQ's management API (user guest), where services/integrations makes clinician
    tools' broker users. ``make infra`` (run by make test) enables its plugin."""
    url = infrastructure[2]
    host, port = url.split("//", 1)[1].split("/")[0].rsplit(":", 1)
    if not _answers(host, int(port)):
        pytest.fail(
            f"RabbitMQ's management API does not answer at {url}: enable its plugin with "
            "`rabbitmq-plugins enable rabbitmq_management` (make infra does it)",
            pytrace=False,
        )
    return url


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox
