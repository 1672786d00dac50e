"""The one route table every api module adds to."""

from aiohttp import web

routes = web.RouteTableDef()
TAGS = ("integrations",)
ADMIN = ("admin",)  # connecting tools is the practice admin's job
