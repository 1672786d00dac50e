"""What a tool's broker user may do, as regular expressions RabbitMQ applies."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from services.integrations.domain.tool_credentials import ToolCredential
from shared.errors import InvalidInput

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def credential(slug: str = "demo", name: str = "ehr") -> ToolCredential:
    return ToolCredential.new(
        practice_id=uuid.uuid4(), practice_slug=slug, name=name, at=NOW, by=uuid.uuid4()
    )


def matches(pattern: str, text: str) -> bool:
    # RabbitMQ does not anchor the expressions: ours anchor themselves, as searched here.
    return re.search(pattern, text) is not None


def test_the_user_and_its_queues_are_named_after_the_practice_and_the_tool() -> None:
    tool = credential("sunrise-therapy", "notes-app")
    assert tool.username == "tool.sunrise-therapy.notes-app"
    assert tool.queue_prefix == "tool.sunrise-therapy.notes-app."


@pytest.mark.parametrize("name", ["", "EHR", "ehr app", "-ehr", "ehr-", "e.h.r", "x" * 41, "é"])
def test_a_tool_name_that_could_clash_or_escape_its_names_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        credential(name=name)
    assert refused.value.field == "name"


def test_it_may_configure_and_write_its_own_queues_only() -> None:
    perms = credential("demo", "ehr").permissions()
    for own in ("tool.demo.ehr.appointments", "tool.demo.ehr.x.y"):
        assert matches(perms.configure, own) and matches(perms.write, own)
    for other in ("tool.demo.ehr2.q", "tool.demo.ehrq", "tool.other.ehr.q", "portal.events",
                  "amq.default", "identity.audit", "xtool.demo.ehr.q"):  # fmt: skip
        assert not matches(perms.configure, other), other
        assert not matches(perms.write, other), other


def test_it_may_read_portal_events_and_its_own_queues_never_the_audit_exchange() -> None:
    perms = credential("demo", "ehr").permissions()
    assert matches(perms.read, "portal.events")
    assert matches(perms.read, "tool.demo.ehr.q")
    for other in ("portal.audit", "portal.eventsx", "tool.demo.other.q", "scheduling.directory"):
        assert not matches(perms.read, other), other


def test_on_portal_events_it_binds_its_practices_keys_only_and_publishes_nothing() -> None:
    tool = credential()
    topic = tool.topic_permission()
    assert topic.exchange == "portal.events"
    assert matches(topic.read, f"appointment.approved.{tool.practice_id}")
    assert not matches(topic.read, f"appointment.approved.{uuid.uuid4()}")
    assert not matches(topic.write, f"appointment.approved.{tool.practice_id}")


def test_a_credential_is_active_then_revoking_until_the_broker_user_is_gone() -> None:
    tool = credential()
    assert tool.status == "active"
    revoked = tool.revoke(at=NOW, by=None)
    assert revoked.status == "revoking"
    assert revoked.revoke(at=NOW.replace(hour=10), by=None) is revoked, "revoking twice is a no-op"
    assert revoked.__class__(**{**revoked.__dict__, "removed_at": NOW}).status == "revoked"
