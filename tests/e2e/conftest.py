"""End-to-end tests reuse identity's factories (a practice with staff, invitations)."""

from services.identity.tests.integration.conftest import (  # noqa: F401 - fixtures
    db,
    identity_ready,
    start_portal,
)
