"""The built web client at ``/``: static files, and ``index.html`` for every other page
so the browser-side router can take over (``/p/acme/login``)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from gateway.state import SETTINGS
from shared.errors import NotFound

# The bundler writes only content-hashed names (``index-BkX3a9Zq.js``) under assets/:
# such a file never changes, so browsers may keep it for a year. The rest, index.html
# first, is revalidated on every use.
_HASHED_DIR = "assets/"
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Client Portal</title></head>
<body><h1>The web client is not built yet</h1>
<p>Build it with <code>make web</code> (it writes <code>web/dist</code>) and reload this
page. The API is up: see <a href="/api/docs">/api/docs</a>.</p></body></html>
"""


def safe_relative(path: str) -> str:
    """The path as a relative file name, or 404 for anything that could climb out of the
    web root or reach a hidden file (``..``, ``.env``, backslashes, NUL)."""
    segments = [segment for segment in path.split("/") if segment]
    for segment in segments:
        if segment.startswith(".") or "\\" in segment or "\x00" in segment:
            raise NotFound("no such page")
    return "/".join(segments)


def find_file(root: Path, relative: str) -> Path | None:
    if not relative:
        return None
    candidate = (root / relative).resolve()
    # resolve() follows symlinks: a link inside the root pointing out of it is refused.
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def cache_control(relative: str) -> str:
    return _IMMUTABLE if relative.startswith(_HASHED_DIR) else _REVALIDATE


async def web_client(request: web.Request) -> web.StreamResponse:
    root = request.app[SETTINGS].web_root.resolve()
    index = root / "index.html"
    if not index.is_file():
        return web.Response(text=NOT_BUILT_PAGE, content_type="text/html")
    relative = safe_relative(request.match_info["path"])
    file = find_file(root, relative)
    if file is None:
        return web.FileResponse(index, headers={"Cache-Control": _REVALIDATE})
    return web.FileResponse(file, headers={"Cache-Control": cache_control(relative)})
