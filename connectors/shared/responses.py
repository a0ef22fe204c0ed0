"""The channels' HTTP bodies: the JSON object a POST must carry, and the two shapes of an answer that is not the bot's.

- ``json_object(request)``: the body as a dict; ``InvalidBody`` (415 when not ``application/json``, which a
  cross-site form cannot send without CORS; 400 when not a JSON object), whose ``response`` says so in Vietnamese.
- ``channel_replies(sender, text, status)``: what the channel says itself, in rasa's REST format
  (``[{"recipient_id", "text"}]``), so every client shows it like a message of the bot.
- ``refusal(text, status)``: ``{"detail": text}`` for a request refused before it is a message (401, 400, 415).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.shared import replies


def channel_replies(
    sender: str, text: str, status: int = 200, headers: Optional[Dict[str, str]] = None
) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}], status=status, headers=headers)


def refusal(text: str, status: int) -> HTTPResponse:
    return response.json({"detail": text}, status=status)


class InvalidBody(ValueError):
    """A POST body that is not JSON-typed (415) or not a JSON object (400); ``response`` says so in Vietnamese."""

    def __init__(self, detail: str, status: int) -> None:
        super().__init__(detail)
        self.response = refusal(detail, status)


def json_object(request: Request, empty_allowed: bool = False) -> Dict[str, Any]:
    """The request's JSON object body; InvalidBody otherwise."""
    if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
        raise InvalidBody(replies.NOT_JSON, 415)  # a cross-site form cannot send this type without CORS
    if empty_allowed and not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except ValueError:
        raise InvalidBody(replies.BAD_REQUEST, 400) from None
    if not isinstance(body, dict):
        raise InvalidBody(replies.BAD_REQUEST, 400)
    return body
