"""The Zalo panel of a console ticket page (templates/_zalo_ticket.html): how long the ticket can still be answered
(with a warning before Zalo's 48 h / 7 day windows close), replies Zalo would not take, and a failed token refresh."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from backend.models import Ticket, ZaloDelivery, ZaloToken
from backend.services import zalo_chats, zalo_delivery, zalo_tokens
from backend.services.zalo_window import ReplyWindow, reply_window
from backend.timeutil import utcnow
from backend.zalo_config import CHANNEL


@dataclass(frozen=True)
class TicketPanel:
    window: ReplyWindow | None  # None: the citizen's last message is not known
    undeliverable: list[ZaloDelivery]
    token: ZaloToken | None


def ticket_panel(db: Session, ticket: Ticket) -> TicketPanel | None:
    """What the ticket page shows about Zalo (None for other channels)."""
    if ticket.channel != CHANNEL:
        return None
    last = zalo_chats.last_message_at(db, ticket.sender_id)
    return TicketPanel(
        window=reply_window(last, utcnow()) if last is not None else None,
        undeliverable=zalo_delivery.undeliverable_for_ticket(db, ticket.id),
        token=zalo_tokens.status(db),
    )
