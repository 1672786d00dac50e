"""The merged OpenAPI document built from the services' code, with nothing running.

``python -m gateway.openapi_document [--out FILE]`` prints (or writes) the same document
the gateway serves at ``/api/openapi.json``: each service's routes are described from its
``definition()`` exactly as its own ``/openapi.json`` would, then merged as the gateway
merges them. The web client's API types are generated from it (``make api-types``), so a
new endpoint reaches the browser's types without starting anything.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from gateway.openapi_merge import merge_openapi
from shared.config import SERVICE_PORTS
from shared.service import ServiceDefinition
from shared.web.openapi import openapi_document


def service_document(definition: ServiceDefinition) -> dict[str, Any]:
    """One service's document, as ``create_service_app`` serves it (routes only: the
    health and metrics routes carry no ``@endpoint`` and are never described)."""
    app = web.Application()
    if definition.routes is not None:
        app.router.add_routes(definition.routes)
    return openapi_document(app, title=definition.title)


def merged_document() -> dict[str, Any]:
    docs = {}
    for area in sorted(SERVICE_PORTS):
        module = importlib.import_module(f"services.{area}.app")
        docs[area] = service_document(module.definition())
    return merge_openapi(docs, unavailable=[])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    text = json.dumps(merged_document(), indent=2, sort_keys=True) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
