"""Limits of the checks that can be guessed or abused (issue 9); each defined here once."""

from __future__ import annotations

HOUR = 3600.0

# Status look-up by a chat that did not file the record: 4 digits of the applicant's CCCD or phone.
VERIFY_DIGITS = 4
LOOKUP_FAILURES_PER_CHAT = 5
LOOKUP_FAILURES_PER_CODE = 10
LOOKUP_FAILURE_WINDOW_SECONDS = HOUR

# Volunteer one-time codes (console) and linking a chat with one (bot).
VOLUNTEER_CODE_DIGITS = 6
VOLUNTEER_CODE_TTL_SECONDS = 10 * 60
VOLUNTEER_CODES_PER_HOUR = 5
LINK_FAILURES_PER_CHAT = 5
LINK_FAILURE_WINDOW_PER_CHAT_SECONDS = 10 * 60
LINK_FAILURES_PER_ADDRESS = 30
LINK_FAILURE_WINDOW_PER_ADDRESS_SECONDS = HOUR

# Staff logins (console and API): lockout after repeated failures.
LOGIN_FAILURES_PER_USERNAME = 5
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_LOCKOUT_SECONDS = 15 * 60

# Nghị định 13/2023/NĐ-CP: a deletion request is carried out within 72 hours.
DELETION_DEADLINE_HOURS = 72
