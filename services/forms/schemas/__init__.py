"""The wire shapes of forms' API (also the source of its OpenAPI document)."""

from services.forms.schemas.requests import (
    AnswersRequest,
    AssignRequest,
    CreateTemplateRequest,
    PacketRequest,
    ReviseTemplateRequest,
    VersionQuery,
    WelcomeRequest,
)
from services.forms.schemas.responses import (
    AssignmentView,
    ClientFormsView,
    DraftView,
    MyFormsView,
    OpenedView,
    PacketView,
    SigningView,
    SubmissionSummaryView,
    SubmissionView,
    TemplateSummaryView,
    TemplateView,
    WelcomeView,
)

__all__ = [
    "AnswersRequest", "AssignRequest", "AssignmentView", "ClientFormsView",
    "CreateTemplateRequest", "DraftView", "MyFormsView", "OpenedView", "PacketRequest",
    "PacketView", "ReviseTemplateRequest", "SigningView", "SubmissionSummaryView",
    "SubmissionView", "TemplateSummaryView", "TemplateView", "VersionQuery", "WelcomeRequest",
    "WelcomeView",
]  # fmt: skip
