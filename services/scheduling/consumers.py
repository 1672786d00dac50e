"""Events scheduling subscribes to: identity's practices, staff and clients, kept in this
service's own copy of the practice directory (shared/directory.py), where names, emails,
zones and phones are read from. Scheduling never asks identity for a name."""

from __future__ import annotations

from shared import directory
from shared.events.consumer import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (directory.directory_subscription("scheduling"),)
