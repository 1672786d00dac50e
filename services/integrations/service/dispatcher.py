"""Sends webhook deliveries, in the worker, each practice apart from the others.

The consumer (consumers.py) turns each event into one delivery row per webhook that wants
it and wakes this dispatcher (``NOTIFY webhooks_<schema>``). The dispatcher claims due
deliveries and sends them in tasks of their own, with at most
``INTEGRATIONS_WEBHOOK_CONCURRENCY`` in flight per process and at most
``INTEGRATIONS_WEBHOOK_PER_PRACTICE`` of them for one practice: a practice whose endpoint
hangs until the timeout fills its own few slots and no more, and its waiting deliveries
are not even claimed while they are full, so other practices' deliveries go out beside
it. A failure is tried again with a growing delay (``domain.webhooks.RetryPolicy``) until
its day is over, then marked failed with its last error for the workspace to show.
"""

from __future__ import annotations

import asyncio
import functools
from collections import Counter
from datetime import datetime, timedelta
from uuid import UUID

from prometheus_client import CollectorRegistry
from prometheus_client import Counter as Metric

from services.integrations.domain.webhooks import SIGNATURE_HEADER, RetryPolicy, sign
from services.integrations.repo import deliveries as repo
from services.integrations.repo.deliveries import Due
from services.integrations.service.runtime import Integrations
from services.integrations.webhook_client import Outcome, post
from shared.logging import get_logger
from shared.worker import NotifiedDrainer

log = get_logger(__name__)


def notify_channel(schema: str) -> str:
    return f"webhooks_{schema}"


class WebhookDispatcher(NotifiedDrainer):
    def __init__(
        self, rt: Integrations, *, listen_dsn: str, registry: CollectorRegistry | None = None
    ) -> None:
        settings = rt.settings
        super().__init__(
            listen_dsn=listen_dsn,
            channel=notify_channel(settings.db_schema),
            poll_seconds=settings.webhook_poll_seconds,
        )
        self._rt = rt
        self._policy = RetryPolicy(
            first_seconds=settings.webhook_first_retry_seconds,
            max_seconds=settings.webhook_max_retry_seconds,
        )
        self._sending: set[asyncio.Task[None]] = set()
        self._per_practice: Counter[UUID] = Counter()
        self._outcomes = Metric(
            "webhook_deliveries_total",
            "Webhook delivery attempts, by outcome (delivered, retried, failed)",
            ["outcome"],
            registry=registry or CollectorRegistry(),
        )

    async def drain_once(self) -> bool:
        """Claim what fits; True when more may fit now (another practice's work)."""
        settings = self._rt.settings
        room = settings.webhook_concurrency - len(self._sending)
        if room <= 0:
            return False  # a finishing delivery wakes us
        busy = [p for p, n in self._per_practice.items() if n >= settings.webhook_per_practice]
        now = self._rt.now()
        async with self._rt.uow() as uow:
            found = await repo.claim(uow.conn, now=now, limit=room, busy_practices=busy)
            taken = self._fit(found)
            lease = now + timedelta(seconds=settings.webhook_timeout_seconds + 30)
            await repo.lease(uow.conn, [d.id for d in taken], until=lease)
            await uow.commit()
        for due in taken:
            self._per_practice[due.practice_id] += 1
            task = asyncio.create_task(self._send(due))
            self._sending.add(task)
            task.add_done_callback(functools.partial(self._finished, practice_id=due.practice_id))
        return bool(taken) and len(self._sending) < settings.webhook_concurrency

    def _fit(self, found: list[Due]) -> list[Due]:
        """The claimed deliveries each practice still has room for, oldest first."""
        limit = self._rt.settings.webhook_per_practice
        counts = Counter(self._per_practice)
        taken = []
        for due in found:
            if counts[due.practice_id] < limit:
                counts[due.practice_id] += 1
                taken.append(due)
        return taken

    def _finished(self, task: asyncio.Task[None], *, practice_id: UUID) -> None:
        self._sending.discard(task)
        self._per_practice[practice_id] -= 1
        if self._per_practice[practice_id] <= 0:
            del self._per_practice[practice_id]
        self._wake.set()  # room again: claim what waits

    async def stop(self) -> None:
        await super().stop()
        for task in list(self._sending):
            task.cancel()
        await asyncio.gather(*self._sending, return_exceptions=True)

    async def _send(self, due: Due) -> None:
        try:
            outcome = await self._attempt(due)
            await self._record(due, outcome)
        except asyncio.CancelledError:
            raise
        except Exception:
            # Its lease runs out and it is sent again: at least once, same event id.
            log.exception("webhook.attempt_unrecorded", delivery_id=str(due.id))

    async def _attempt(self, due: Due) -> Outcome:
        rt = self._rt
        secret = rt.keyring.decrypt_text(due.secret, aad=due.webhook_id.bytes)
        body = due.body.encode()
        headers = {
            "Content-Type": "application/cloudevents+json",
            SIGNATURE_HEADER: sign(secret, timestamp=int(rt.now().timestamp()), body=body),
            "Portal-Event-Id": str(due.event_id),
            "Portal-Event-Type": due.event_type,
            "Portal-Delivery-Id": str(due.id),
            "Portal-Delivery-Attempt": str(due.attempts + 1),
        }
        return await post(
            rt.webhooks_http,
            due.url,
            body=body,
            headers=headers,
            allow_local=rt.settings.webhook_allow_local,
        )

    async def _record(self, due: Due, outcome: Outcome) -> None:
        at = self._rt.now()
        async with self._rt.uow() as uow:
            if outcome.delivered:
                assert outcome.status is not None
                await repo.record_delivered(uow.conn, due.id, at=at, status=outcome.status)
                result = "delivered"
            else:
                retry_at: datetime | None = self._policy.next_attempt(
                    attempts=due.attempts + 1, now=at
                )
                if retry_at is not None and retry_at > due.give_up_at:
                    retry_at = None  # its day is over: failed, with its last error
                await repo.record_failure(
                    uow.conn, due.id, at=at, status=outcome.status,
                    error=outcome.error or "failed", retry_at=retry_at,
                )  # fmt: skip
                result = "retried" if retry_at else "failed"
            await uow.commit()
        self._outcomes.labels(result).inc()
        log.info(
            f"webhook.{result}",
            delivery_id=str(due.id),
            event_type=due.event_type,
            attempt=due.attempts + 1,
            status=outcome.status,
        )
