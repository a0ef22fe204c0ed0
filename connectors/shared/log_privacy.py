"""CCCD and phone numbers masked in everything the rasa server logs (``backend.logmask``), Python warnings included.

``install()`` (idempotent, called again when the server starts since rasa and sanic add handlers late): Python
``warnings`` go to the ``py.warnings`` logger instead of stderr, and the masking filter sits on the handlers of
the root, rasa and sanic loggers and on the loggers that write records of their own (warnings, asyncio's
"exception never retrieved" tracebacks, the connectors).
"""

from __future__ import annotations

import logging

from backend.logmask import MaskingFilter
from backend.logmask import install as install_on_handlers

_HANDLER_LOGGERS = ("", "rasa", "sanic.root", "sanic.error", "sanic.access", "connectors")
_RECORD_LOGGERS = (
    "py.warnings",
    "asyncio",
    "connectors",
    "connectors.channel",
    "connectors.staging",
    "connectors.backend",
)
_masking = MaskingFilter()


def install() -> None:
    logging.captureWarnings(True)
    install_on_handlers(_HANDLER_LOGGERS, _masking)
    for name in _RECORD_LOGGERS:
        logger = logging.getLogger(name)
        if _masking not in logger.filters:
            logger.addFilter(_masking)
