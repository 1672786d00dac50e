"""The one route table every api module adds to."""

from aiohttp import web

routes = web.RouteTableDef()
TAGS = ("messaging",)
BASE = "/api/v1/messaging"
