"""Request and response models of messaging's API (also the OpenAPI source)."""

from services.messaging.schemas.requests import (
    EmailLogQuery,
    InboxQuery,
    LinkMessageRequest,
    LinkOpenRequest,
    MessagePageQuery,
    MessagingSettingsRequest,
    SendMessageRequest,
)
from services.messaging.schemas.responses import (
    EmailLogEntryView,
    EmailLogPage,
    MessageInboxPage,
    MessageInboxThreadView,
    MessageLinkThreadView,
    MessageThreadView,
    MessagingLiveEvent,
    MessagingSettingsView,
    SecureMessageView,
    UnreadMessagesView,
)

__all__ = [
    "EmailLogEntryView",
    "EmailLogPage",
    "EmailLogQuery",
    "InboxQuery",
    "LinkMessageRequest",
    "LinkOpenRequest",
    "MessageInboxPage",
    "MessageInboxThreadView",
    "MessageLinkThreadView",
    "MessagePageQuery",
    "MessageThreadView",
    "MessagingLiveEvent",
    "MessagingSettingsRequest",
    "MessagingSettingsView",
    "SecureMessageView",
    "SendMessageRequest",
    "UnreadMessagesView",
]
