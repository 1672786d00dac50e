"""Events identity subscribes to: none. Identity is where practices, staff and clients
come from; it publishes their events (see shared/events/catalog.py) and needs nobody
else's. The module is here so every service reads the same way."""

from __future__ import annotations

from shared.events.consumer import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = ()
