"""The one route table every api module adds to."""

from aiohttp import web

routes = web.RouteTableDef()
TAGS = ("billing",)
BASE = "/api/v1/billing"


def pdf_response(document: bytes, filename: str) -> web.Response:
    """A PDF the browser saves (Download PDF); never cached, like every answer here."""
    return web.Response(
        body=document,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
