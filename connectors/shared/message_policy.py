"""What a chat channel lets through to the bot from a citizen's message.

``clean_text``: lone surrogates replaced (U+FFFD), NFC, control characters (except new lines) and invisible
format characters (bidi overrides and isolates, zero-width spaces, BOM; ZWJ/ZWNJ kept for emoji and scripts)
removed, surrounding white space stripped.

``neutralise_commands``: on public channels a typed ``/intent`` or ``/intent{...}`` reaches the bot only for the
intents the bot's own buttons and the channels send (``ALLOWED_COMMANDS``, the one list of them); any other slash
command (``/restart``, ``/session_start``, ``/faq{...}``) loses its slashes and is read as plain text. On every
channel, the service-token ones too, a payload of a retrieval intent (``RETRIEVAL_INTENTS``) is read as plain text.
"""

from __future__ import annotations

import re
import unicodedata

# The payloads of the bot's buttons (actions/, bot/domain/) and of the channels (/greet on the web page and
# Telegram's /start, /attach_document for files). A new button payload's intent must be added here.
ALLOWED_COMMANDS = frozenset(
    {
        "add_rating_comment",
        "affirm",
        "ask_documents",
        "ask_fee",
        "ask_legal_basis",
        "ask_online",
        "ask_procedure",
        "ask_time",
        "ask_where",
        "attach_document",
        "cancel_dossier",
        "check_status",
        "choose_option",
        "deny",
        "dossier_choice",
        "give_feedback",
        "give_rating",
        "greet",
        "request_human",
        "restart_dossier",
        "resume_dossier",
        "retry_feedback",
        "save_documents",
        "thank",
    }
)

# Retrieval intents (bot/domain: faq, chitchat) are answered from the NLU's response selector; a typed payload of one
# has none and rasa's utter action fails on it (KeyError 'response_selector'), so no channel lets them through.
RETRIEVAL_INTENTS = frozenset({"faq", "chitchat"})

_KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner (emoji sequences, some scripts)
_COMMAND = re.compile(r"/([A-Za-z_][\w\-.]*)")


def _kept(char: str) -> bool:
    if char in "\n":
        return True
    category = unicodedata.category(char)
    if category == "Cc":
        return False
    return category != "Cf" or char in _KEPT_FORMAT


def clean_text(text: str) -> str:
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return "".join(c for c in text if _kept(c)).strip()


def command_of(text: str) -> str | None:
    """The intent of a ``/intent`` or ``/intent{...}`` message, else None."""
    match = _COMMAND.match(text)
    return match.group(1) if match else None


def neutralise_commands(text: str, public: bool = True) -> str:
    """On a public channel every slash command but ``ALLOWED_COMMANDS`` becomes plain text; on every channel (the
    service-token ones too) a payload of a retrieval intent does."""
    if not text.startswith("/"):
        return text
    command = command_of(text)
    if command in RETRIEVAL_INTENTS or (public and command not in ALLOWED_COMMANDS):
        return text.lstrip("/").strip()
    return text
