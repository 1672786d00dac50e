"""Scheduling settings: the shared ones plus SCHEDULING_* variables."""

from shared.config import settings_for

SchedulingSettings = settings_for("scheduling")
