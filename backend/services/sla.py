"""Answer deadlines (SLA) of handoff tickets and feedback, from the per-category table in the settings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from backend.settings import DEFAULT_SLA_HOURS, URGENT_SLA_KEY
from backend.vocabulary import TicketPriority


def sla_hours_for(sla_hours: Mapping[str, float], category: str, urgent: bool) -> float:
    hours = float(sla_hours.get(category, DEFAULT_SLA_HOURS.get(category, DEFAULT_SLA_HOURS["khac"])))
    if urgent:
        hours = min(hours, float(sla_hours.get(URGENT_SLA_KEY, DEFAULT_SLA_HOURS[URGENT_SLA_KEY])))
    return hours


def due_at(sla_hours: Mapping[str, float], category: str, priority: str, start: datetime) -> datetime:
    urgent = priority == TicketPriority.URGENT
    return start + timedelta(hours=sla_hours_for(sla_hours, category, urgent))
