"""Mask CCCD numbers and Vietnamese phone numbers in log records.

Standard library only: the channel connectors (``connectors/``, run in the rasa
venv) use it too. ``MaskingFilter`` rewrites a record's message (arguments
merged in), its exception text and its stack text, so a handler that has the
filter never writes the personal numbers, whichever logger the record came from.

- CCCD (căn cước công dân): 12 digits not part of a longer number → ``*********567``.
- Phones: ``0`` or ``+84`` / ``84`` followed by 9-10 digits, with optional spaces,
  dots or dashes between groups (``0912 345 678``, ``+84 912.345.678``,
  ``024 3825 1234``) → ``091*****678``-style (first 3 and last 3 digits kept).
"""

from __future__ import annotations

import logging
import re
import sys
import threading

_CCCD = re.compile(r"(?<![\d])\d{12}(?![\d])")
# A leading 0 (or +84 / 84) then 9 or 10 more digits, optionally separated in groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[ .\-]?\d){9,10}(?![\d])")


def _mask_digits(match: re.Match[str], keep_head: int) -> str:
    text = match.group(0)
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    hidden = set(digits[keep_head : len(digits) - 3])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def mask_personal_numbers(text: str) -> str:
    """``text`` with CCCD numbers and phone numbers masked."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _CCCD.sub(lambda m: _mask_digits(m, 0), text)
    return _PHONE.sub(lambda m: _mask_digits(m, 3), text)


def _mask_value(value: object) -> object:
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, int) and not isinstance(value, bool) and mask_personal_numbers(str(value)) != str(value):
        return mask_personal_numbers(str(value))  # a CCCD or phone passed as a number
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks personal numbers in every record it sees (and never drops one).

    The message and each argument are masked in place, so formatters that read
    ``record.args`` themselves (uvicorn's access log) keep working.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_personal_numbers(record.msg)
        elif record.msg is not None and not record.args:
            record.msg = mask_personal_numbers(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(_mask_value(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _mask_value(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_numbers(record.stack_info)
        return True


def install(logger_names: tuple[str, ...] = ("",), masking_filter: logging.Filter | None = None) -> logging.Filter:
    """Add the filter to every handler of the named loggers (root by default); idempotent."""
    masking_filter = masking_filter or MaskingFilter()
    for name in logger_names:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(masking_filter)
    return masking_filter


def route_uncaught_to_logging(logger_name: str = "backend.uncaught") -> None:
    """Send what would bypass the handlers (warnings, uncaught exceptions in the main thread or any other
    thread) through logging, so the masking filter sees it too instead of raw text on stderr."""
    logging.captureWarnings(True)
    logger = logging.getLogger(logger_name)

    def log_uncaught(kind, value, traceback) -> None:
        logger.error("uncaught exception", exc_info=(kind, value, traceback))

    sys.excepthook = log_uncaught
    threading.excepthook = lambda args: log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)
