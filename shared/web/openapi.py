"""OpenAPI 3.1 document of a service, built from its ``@endpoint`` declarations."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web
from pydantic import BaseModel, TypeAdapter

from shared.web.endpoint import EndpointSpec, spec_of

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
_REF = "#/components/schemas/{model}"


def _schema(annotation: Any, components: dict[str, Any], *, mode: str) -> dict[str, Any]:
    schema = TypeAdapter(annotation).json_schema(ref_template=_REF, mode=mode)  # type: ignore[arg-type]
    components.update(schema.pop("$defs", {}))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        components[annotation.__name__] = schema
        return {"$ref": _REF.format(model=annotation.__name__)}
    return schema


def _path_schema(name: str, spec: EndpointSpec) -> dict[str, Any]:
    return {"type": "string", "format": "uuid"} if name in spec.path else {"type": "string"}


def _operation(spec: EndpointSpec, path: str, components: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": spec.summary, "tags": list(spec.tags)}
    params = [
        {"name": name, "in": "path", "required": True, "schema": _path_schema(name, spec)}
        for name in _PARAM.findall(path)
    ]
    if spec.idempotent:
        params.append(IDEMPOTENCY_KEY_PARAMETER)
    if spec.query is not None:
        q = spec.query.model_json_schema(ref_template=_REF)
        required = set(q.get("required", []))
        params += [
            {"name": n, "in": "query", "required": n in required, "schema": s}
            for n, s in q.get("properties", {}).items()
        ]
    if params:
        op["parameters"] = params
    if spec.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema(spec.body, components, mode="validation")}},
        }
    ok: dict[str, Any] = {"description": "OK"}
    if spec.response is not None:
        ok["content"] = {
            "application/json": {"schema": _schema(spec.response, components, mode="serialization")}
        }
    op["responses"] = {str(spec.status): ok, "default": {"$ref": "#/components/responses/Problem"}}
    if spec.roles is not None:
        op["security"] = [{"bearer": []}, {"cookie": []}]
        op["x-roles"] = list(spec.roles)
    # Read by the gateway (gateway/csrf.py) and by the web client: one declaration.
    op["x-csrf-exempt"] = spec.csrf_exempt
    if spec.idempotent:
        op["x-idempotent"] = True
    return op


def openapi_document(app: web.Application, *, title: str) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, Any] = {}
    for route in app.router.routes():
        spec = spec_of(route.handler)
        if spec is None or route.resource is None or route.method == "HEAD":
            continue
        path = _PARAM.sub(r"{\1}", route.resource.canonical)
        paths.setdefault(path, {})[route.method.lower()] = _operation(spec, path, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "portal_at"},
            },
            "responses": {"Problem": PROBLEM_RESPONSE},
        },
    }


IDEMPOTENCY_KEY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A unique value per intended change (a UUID): sent again with the same "
    "body, the first answer is replayed instead of doing it twice",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}

PROBLEM_RESPONSE = {
    "description": "An RFC 9457 problem",
    "content": {
        "application/problem+json": {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"}, "title": {"type": "string"},
                    "status": {"type": "integer"}, "detail": {"type": "string"},
                    "request_id": {"type": "string"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
                        },
                    },
                },
            }
        }
    },
}
