"""Satisfaction ratings sent by the bot after a dossier is filed or a handoff ends."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.api.deps import ServiceDep, SessionDep
from backend.api.ratelimits import limit_sender
from backend.api.responses import created_or_existing
from backend.api.support_views import RatingOut, rating_view
from backend.schemas import RatingCreate
from backend.services.ratings import submit_rating

router = APIRouter(prefix="/api/ratings", tags=["ratings"])


@router.post(
    "",
    status_code=201,
    response_model=RatingOut,
    summary="Rate a dossier (receipt_code) or a finished handoff (ticket_id), 1-5 (service token)",
    responses={200: {"model": RatingOut, "description": "This chat had rated the subject: the rating is replaced"}},
)
def rate(body: RatingCreate, request: Request, response: Response, session: SessionDep, _s: ServiceDep) -> RatingOut:
    limit_sender(request, body.channel.value, body.sender_id)
    rating, created = submit_rating(session, body)
    created_or_existing(response, created)
    return rating_view(rating)
