"""Errors raised by the services; the API turns them into JSON responses.

Messages are in Vietnamese because a citizen may read them through the bot.
"""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code: str | None = None  # machine-readable, in the JSON body next to ``detail``

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class InvalidInput(DomainError):
    status_code = 422


class TooLarge(DomainError):
    status_code = 413


class UnsupportedType(DomainError):
    status_code = 415


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"


class VolunteerLinkRequired(DomainError):
    status_code = 403
    code = "volunteer_link_required"
