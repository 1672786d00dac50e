"""A real HTTP server standing in for a tool's webhook endpoint: it records every request
and answers what the test told it to, per path (a status list, or hold until released)."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


@dataclass
class Receiver:
    base_url: str = ""
    calls: dict[str, list[Call]] = field(default_factory=lambda: defaultdict(list))
    answers: dict[str, list[int]] = field(default_factory=dict)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def answer(self, path: str, *statuses: int) -> None:
        """Answer these statuses in turn, then 200 (the last one for ever if it repeats)."""
        self.answers[path] = list(statuses)

    def hold(self, path: str) -> asyncio.Event:
        """Keep requests to ``path`` hanging until the returned event is set."""
        self.held[path] = asyncio.Event()
        return self.held[path]

    async def handle(self, request: web.Request) -> web.Response:
        path = request.path
        self.calls[path].append(Call(path, dict(request.headers), await request.read()))
        if path in self.held:
            self.waiting[path] += 1
            try:
                await self.held[path].wait()
            finally:
                self.waiting[path] -= 1
        statuses = self.answers.get(path, [])
        status = statuses.pop(0) if len(statuses) > 1 else (statuses[0] if statuses else 200)
        return web.Response(status=status)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        return app
