"""The AsyncAPI 3.0 document of every event, generated from the event models."""

from __future__ import annotations

from typing import Any

from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import EXCHANGE

_REF = "#/components/schemas/{model}"


def _envelope_schema(data_ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "time", "data"],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": {"type": "string", "format": "uuid"},
            "source": {"type": "string", "examples": ["/services/scheduling"]},
            "type": {"type": "string"},
            "time": {"type": "string", "format": "date-time"},
            "subject": {"type": "string"},
            "datacontenttype": {"const": "application/json"},
            "requestid": {"type": "string", "description": "request id that caused it"},
            "data": {"$ref": data_ref},
        },
    }


def asyncapi_document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event_type, model in sorted(EVENT_TYPES.items()):
        name = model.__name__
        schema = model.model_json_schema(ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
        messages[name] = {
            "name": event_type,
            "title": name,
            "summary": (model.__doc__ or "").strip(),
            "contentType": "application/cloudevents+json",
            "payload": _envelope_schema(_REF.format(model=name)),
        }
        channel_id = event_type.replace(".", "_")
        channels[channel_id] = {
            "address": f"{event_type}.{{practiceId}}",
            "parameters": {"practiceId": {"$ref": "#/components/parameters/practiceId"}},
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {
                "amqp": {
                    "is": "routingKey",
                    "exchange": {"name": EXCHANGE, "type": "topic", "durable": True, "vhost": "/"},
                }
            },
        }
        operations[f"receive_{channel_id}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "summary": (
                f"Subscribe to {event_type}: bind your own queue to {EXCHANGE} with "
                f"`{event_type}.<your practice id>`"
            ),
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Client Portal events",
            "version": "1",
            "description": (
                "Every event is a CloudEvents 1.0 JSON envelope published to the topic "
                f"exchange `{EXCHANGE}` with the routing key `<event type>.<practice id>` "
                "(`appointment.approved.5f0c0e4e-...`): the event type, then the id of the "
                "practice it belongs to (also in `data.practice_id`). A clinician tool's "
                "broker credentials (made by the practice's admin) let it bind only keys "
                "ending with its practice's id: `appointment.*.<practice id>`, "
                "`#.<practice id>`. Messages are persistent and delivered at least once: "
                "deduplicate on `id`. Tools that prefer HTTP register a webhook instead "
                "and receive the same envelopes, signed."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "broker": {"host": "localhost:5672", "protocol": "amqp", "protocolVersion": "0.9.1"}
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": schemas,
            "parameters": {
                "practiceId": {
                    "description": "The id of the practice the event belongs to (a UUID)"
                }
            },
        },
    }
