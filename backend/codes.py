"""Public record codes: ``<PREFIX>-<year>-<8 random digits><Luhn check digit>`` (``HS-2026-123456782``).

The random part (from ``secrets``) makes a code impossible to guess from another one; the check
digit lets a mistyped code be answered like an unknown one without a database look-up. Codes
of the former sequential scheme (``HS-2026-000123``: 6 or 7 digits) stay valid as they are.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

RANDOM_DIGITS = 8
CODE_DIGITS = RANDOM_DIGITS + 1


def luhn_check_digit(digits: str) -> str:
    """The Luhn digit that makes ``digits + result`` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: these positions are odd once the check digit is appended
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


def code_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{prefix}-(\d{{4}})-(\d{{6,}})$")


def new_code(prefix: str, year: int) -> str:
    body = f"{secrets.randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
    return f"{prefix}-{year:04d}-{body}{luhn_check_digit(body)}"


def is_well_formed(prefix: str, code: str) -> bool:
    """A code of this prefix whose check digit is right (old sequential codes have none and pass)."""
    match = code_pattern(prefix).match(code)
    if match is None:
        return False
    number = match.group(2)
    if len(number) != CODE_DIGITS:
        return len(number) < CODE_DIGITS  # the sequential scheme never reached 9 digits
    return luhn_check_digit(number[:-1]) == number[-1]


def unused_code(prefix: str, year: int, taken: Callable[[str], bool], attempts: int = 20) -> str:
    """A new code that ``taken`` does not know yet; the unique constraint still guards against races."""
    for _ in range(attempts):
        code = new_code(prefix, year)
        if not taken(code):
            return code
    raise RuntimeError(f"no free {prefix} code after {attempts} attempts")
