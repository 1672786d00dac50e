"""The stack helper the coming services' end-to-end tests start from: any set of services
behind the real gateway, and tokens minted for a role instead of a sign-in."""

from __future__ import annotations

import uuid
from pathlib import Path

import aiohttp

from services.messaging.app import definition as messaging
from services.scheduling.app import definition as scheduling
from shared.testing import SmtpInbox, TokenMinter, running_stack


async def test_services_without_identity_run_behind_the_gateway_on_minted_tokens(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> None:
    minter = TokenMinter()
    async with running_stack(
        [scheduling(), messaging()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        gateway={"web_root": tmp_path},
        verifier=minter.verifier(),
    ) as stack:
        headers = minter.bearer(role="clinician", practice_id=uuid.uuid4())
        async with aiohttp.ClientSession(base_url=stack.url) as http:
            async with http.get("/api/v1/scheduling/nothing-yet", headers=headers) as r:
                assert r.status == 404, "the token passed the gateway; scheduling answered"
                assert r.headers["Cache-Control"] == "no-store"
            async with http.get("/api/v1/messaging/x", headers={"Authorization": "Bearer x"}) as r:
                assert r.status == 401, "a token the minter did not sign stops at the gateway"
        assert set(stack.services) == {"scheduling", "messaging"}
        assert stack.runtime("messaging").settings.service_name == "messaging"
