"""Forms settings: the shared ones plus FORMS_* variables."""

from shared.config import settings_for

FormsSettings = settings_for("forms")
