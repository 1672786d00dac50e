"""Merging the services' OpenAPI documents into one.

Paths never clash (each service owns ``/api/v1/<area>/``). Components may: two
services can both call a schema ``Address`` and mean different things. A component
whose definitions differ between services is renamed ``<area>_<name>`` in every
service that has it, and that service's ``$ref``s follow the rename.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

Renames = dict[tuple[str, str, str], str]  # (area, section, name) -> new name


def _rewrite_refs(node: Any, refs: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            key: refs.get(value, value)
            if key == "$ref" and isinstance(value, str)
            else _rewrite_refs(value, refs)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item, refs) for item in node]
    return node


def _ref_map(area: str, renames: Renames) -> dict[str, str]:
    return {
        f"#/components/{section}/{name}": f"#/components/{section}/{new}"
        for (owner, section, name), new in renames.items()
        if owner == area
    }


def _find_clashes(docs: Mapping[str, dict[str, Any]]) -> Renames:
    renames: Renames = {}
    while True:  # a rename changes the refs of what points at it: repeat until stable
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for area, doc in docs.items():
            components = _rewrite_refs(doc.get("components", {}), _ref_map(area, renames))
            for section, entries in components.items():
                for name, value in entries.items():
                    text = json.dumps(value, sort_keys=True)
                    seen.setdefault((section, name), {})[area] = text
        found = {
            (area, section, name): f"{area}_{name}"
            for (section, name), by_area in seen.items()
            if len(set(by_area.values())) > 1
            for area in by_area
        }
        if found.keys() <= renames.keys():
            return renames
        renames |= found


def merge_openapi(
    docs: Mapping[str, dict[str, Any]], *, unavailable: Sequence[str]
) -> dict[str, Any]:
    """One OpenAPI 3.1 document from ``{area: document}``; ``unavailable`` areas are
    listed in ``info.x-unavailable``."""
    renames = _find_clashes(docs)
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    services: dict[str, str] = {}
    for area, doc in docs.items():
        doc = _rewrite_refs(doc, _ref_map(area, renames))
        paths.update(doc.get("paths", {}))
        for section, entries in doc.get("components", {}).items():
            merged = components.setdefault(section, {})
            for name, value in entries.items():
                merged[renames.get((area, section, name), name)] = value
        services[area] = doc.get("info", {}).get("title", area)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Client Portal API",
            "version": "1",
            "description": "Every service's API, as served through the gateway.",
            "x-services": services,
            "x-unavailable": sorted(unavailable),
        },
        "paths": dict(sorted(paths.items())),
        "components": components,
    }
