"""Request and response models of messaging's API (also the OpenAPI source)."""

from services.messaging.schemas.requests import (
    EmailLogQuery,
    InboxQuery,
    LinkMessageRequest,
    LinkOpenRequest,
    MessagePageQuery,
    SendMessageRequest,
    SettingsRequest,
)
from services.messaging.schemas.responses import (
    EmailLogEntryView,
    EmailLogPage,
    InboxPage,
    InboxThreadView,
    LinkThreadView,
    LiveEvent,
    MessageView,
    SettingsView,
    ThreadPageView,
    UnreadView,
)

__all__ = [
    "EmailLogEntryView",
    "EmailLogPage",
    "EmailLogQuery",
    "InboxPage",
    "InboxQuery",
    "InboxThreadView",
    "LinkMessageRequest",
    "LinkOpenRequest",
    "LinkThreadView",
    "LiveEvent",
    "MessagePageQuery",
    "MessageView",
    "SendMessageRequest",
    "SettingsRequest",
    "SettingsView",
    "ThreadPageView",
    "UnreadView",
]
