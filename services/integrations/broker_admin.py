"""RabbitMQ's management HTTP API (plugin ``rabbitmq_management``), for tools' users.

Only what tool credentials need: make a user with its permissions in the portal's
virtual host, and remove it with every queue it declared. Deleting a user also closes
its open connections (RabbitMQ does that itself), so a revoked tool is cut off at once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import aiohttp

from services.integrations.domain.tool_credentials import ToolCredential
from shared.errors import Conflict, ServiceUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
# A tool user has no tags: it may not use the management UI or API at all.
NO_TAGS = ""


class BrokerAdminError(ServiceUnavailable):
    """The management API is unreachable or refused us: nothing was made; try again."""


class BrokerAdmin:
    def __init__(self, session: aiohttp.ClientSession, *, base_url: str, vhost: str) -> None:
        self._http = session
        self._base = base_url.rstrip("/") + "/api"
        self._vhost = quote(vhost, safe="")

    async def create_tool_user(self, credential: ToolCredential, password: str) -> None:
        """The user with its permissions; refused (409) if a user of that name exists."""
        user = quote(credential.username, safe="")
        if await self._request("GET", f"/users/{user}", missing_ok=True) is not None:
            raise Conflict(
                f"the broker already has a user named {credential.username}: choose "
                "another name, or remove that user from RabbitMQ",
                field="name",
            )
        await self._request("PUT", f"/users/{user}", {"password": password, "tags": NO_TAGS})
        try:
            perms = credential.permissions()
            body = {"configure": perms.configure, "write": perms.write, "read": perms.read}
            await self._request("PUT", f"/permissions/{self._vhost}/{user}", body)
            topic = credential.topic_permission()
            body = {"exchange": topic.exchange, "write": topic.write, "read": topic.read}
            await self._request("PUT", f"/topic-permissions/{self._vhost}/{user}", body)
        except BaseException:
            # A user without its limits must not stay behind (no permissions at all would
            # be harmless, but a half-made user is confusing): take it away again.
            await self._request("DELETE", f"/users/{user}", missing_ok=True)
            raise

    async def remove_tool_user(self, credential: ToolCredential) -> int:
        """Delete the user (closing its connections), then its queues; how many queues.
        Both are idempotent: what is already gone is fine."""
        user = quote(credential.username, safe="")
        await self._request("DELETE", f"/users/{user}", missing_ok=True)
        queues = await self.queues_named(credential.queue_prefix)
        for name in queues:
            await self._request(
                "DELETE", f"/queues/{self._vhost}/{quote(name, safe='')}", missing_ok=True
            )
        return len(queues)

    async def queues_named(self, prefix: str) -> list[str]:
        """Queues in the portal's virtual host whose name starts with ``prefix``."""
        names: list[str] = []
        page = 1
        while True:
            found = await self._request(
                "GET",
                f"/queues/{self._vhost}",
                params={"page": str(page), "page_size": "500", "columns": "name"},
            )
            assert isinstance(found, dict)
            names += [q["name"] for q in found["items"] if q["name"].startswith(prefix)]
            if page >= int(found.get("page_count", 1)):
                return names
            page += 1

    async def user_exists(self, username: str) -> bool:
        found = await self._request("GET", f"/users/{quote(username, safe='')}", missing_ok=True)
        return found is not None

    async def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> Any:
        try:
            async with self._http.request(
                method, self._base + path, json=body, params=params
            ) as response:
                if response.status == 404 and missing_ok:
                    return None
                if response.status >= 400:
                    # The path names a user, never a password; the body is the broker's words.
                    reason = (await response.text())[:300]
                    log.error("broker_admin.refused", method=method, status=response.status)
                    raise BrokerAdminError(
                        f"the broker's management API answered {response.status}: {reason}"
                    )
                if response.status == 204 or method != "GET":
                    return {}
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("broker_admin.unreachable", error=type(exc).__name__)
            raise BrokerAdminError(
                "the broker's management API is not reachable right now; try again shortly"
            ) from exc
