"""CCCD numbers and phone numbers never reach the logs."""

from __future__ import annotations

import io
import logging

import httpx
import pytest
from backend_helpers import SERVICE_TOKEN, start_server

from backend.cli import masked_log_config
from backend.logmask import MaskingFilter, install, mask_personal_numbers

CCCD = "001203004567"
PHONES = ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "84 912 345 678", "024 3825 1234"]


@pytest.mark.parametrize("text", [CCCD, *PHONES])
def test_numbers_are_masked(text) -> None:
    masked = mask_personal_numbers(f"gọi {text} nhé")
    digits = "".join(c for c in text if c.isdigit())
    assert digits not in "".join(c for c in masked if c.isdigit() or c == "*").replace("*", "")
    assert "*" in masked
    assert masked.endswith(f"{text[-3:]} nhé")  # the last three digits stay, to tell records apart


@pytest.mark.parametrize(
    "text", ["HS-2026-000123", "PA-2026-000042", "2026-11-22 16:46:49", "mã 12345", "1234567890123", "ticket 42"]
)
def test_other_numbers_are_left_alone(text) -> None:
    assert mask_personal_numbers(text) == text


def _logger_with_filter() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test.logmask")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_filter_masks_message_arguments_and_tracebacks() -> None:
    logger, stream = _logger_with_filter()
    logger.info("công dân CCCD %s, sđt %s", CCCD, "0912 345 678")
    logger.info("dict args %(phone)s", {"phone": "0987654321"})
    logger.info("số nguyên %d", 1203004567)  # not a CCCD (10 digits, no leading 0): kept
    logger.info("cccd dạng số %s", 123456789012)  # 12 digits passed as an int
    try:
        raise ValueError(f"không hợp lệ: {CCCD}")
    except ValueError:
        logger.exception("lỗi với %s", "0912345678")
    text = stream.getvalue()
    for secret in (CCCD, "0912 345 678", "0987654321", "0912345678", "123456789012"):
        assert secret not in text
    assert "*********567" in text and "*********012" in text and "1203004567" in text
    assert "ValueError" in text  # the traceback is still there


def test_install_adds_the_filter_once_to_every_handler() -> None:
    logger = logging.getLogger("test.logmask.install")
    logger.handlers = [logging.StreamHandler(io.StringIO()), logging.StreamHandler(io.StringIO())]
    install(("test.logmask.install",))
    install(("test.logmask.install",))
    assert all(sum(isinstance(f, MaskingFilter) for f in h.filters) == 1 for h in logger.handlers)


def test_serve_log_config_puts_the_filter_on_every_handler() -> None:
    config = masked_log_config("info")
    assert all(h["filters"] == ["mask_personal_numbers"] for h in config["handlers"].values())
    assert config["loggers"][""]["handlers"] == ["default"]


def test_real_server_logs_are_masked(database_url, tmp_path) -> None:
    """uvicorn's access log of a real server (log level info), fed personal numbers in URLs."""
    server = start_server(database_url, tmp_path, log_level="info")
    headers = {"X-Service-Token": SERVICE_TOKEN}
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            # sender ids that are a phone / CCCD number end up in request lines
            http.get("/api/tickets/open", params={"channel": "web", "sender_id": "0912345678"}, headers=headers)
            http.get(f"/api/feedback/{CCCD}", params={"channel": "web", "sender_id": "w"}, headers=headers)
            http.get("/api/citizens/by-sender/web/0987654321/dossiers", headers=headers)
    finally:
        log = server.stop()
    assert "/api/tickets/open?channel=web&sender_id=091****678" in log  # the request was logged, masked
    assert "/api/feedback/*********567?channel=web&sender_id=w" in log
    for secret in ("0912345678", CCCD, "0987654321"):
        assert secret not in log


def test_warnings_and_uncaught_thread_errors_go_through_the_filter(monkeypatch) -> None:
    """Issue 9: text that bypassed logging (warnings, a thread's traceback) reached stderr unmasked."""
    import sys
    import threading
    import warnings

    from backend.logmask import route_uncaught_to_logging

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        route_uncaught_to_logging()
        warnings.warn(f"tham số {CCCD}", UserWarning, stacklevel=1)

        def fail() -> None:
            raise ValueError(f"sđt 0912345678, CCCD {CCCD}")

        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
    finally:
        root.removeHandler(handler)
        logging.captureWarnings(False)
    text = stream.getvalue()
    assert "ValueError" in text and "tham số" in text
    assert CCCD not in text and "0912345678" not in text
